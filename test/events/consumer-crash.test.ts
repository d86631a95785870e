/**
 * Recovery in seconds after a consumer crashes, on both transports. A billing consumer runs as
 * a child process (test/events/consume-in-child.ts) whose handler holds the events it receives
 * without ever finishing; it is killed with SIGKILL, started again at the same address, and
 * must have applied every event, once, within 10 s of being back:
 * - embedded: the producer's backoff after the failed delivery is a minute or more here, so
 *   only the probe of the unreachable consumer can bring the events that soon;
 * - NATS: the messages the dead process held come back after the acknowledgement wait (5 s),
 *   not after a minute.
 * And with NATS, a batch that takes longer than the acknowledgement wait to apply is not
 * delivered a second time meanwhile: the consumer reports progress.
 *
 * The NATS half runs when a server answers at INTEGRA_TEST_NATS_URL (nats://127.0.0.1:4222);
 * without one it is skipped with a message, and with INTEGRA_REQUIRE_NATS=true it fails.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import type { ConferenceEnded, EventHandler } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery } from '../../subgraphs/shared/events/delivery.js';
import type { RawQueryExecutor } from '../../subgraphs/shared/events/store.js';
import { openServiceCredentials } from '../../subgraphs/shared/identity/keys-config.js';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from '../support/databases.js';
import { BookingsReceiver, chargingHandler, conferenceEnded, createEffectsTable, deleteStream, identities, natsProblem, natsRequired, natsUrl, record, testDeliveryConfig } from '../support/events.js';
import { testKeyFolder } from '../support/identity.js';
import { ScriptProcess } from '../support/script-process.js';

const unreachableNats = await natsProblem();
if (unreachableNats && !natsRequired) {
  console.warn(`NATS transport tests skipped: ${unreachableNats} (set INTEGRA_REQUIRE_NATS=true to make this a failure)`);
}
const transports = [
  { transport: 'embedded' as const, skip: false },
  { transport: 'nats' as const, skip: unreachableNats !== null && !natsRequired },
];

const RECOVERY_BOUND_MS = 10_000;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type ConsumerFact = { ready?: string; holding?: string[]; applied?: string[] };

const applied = (child: ScriptProcess<ConsumerFact>) => child.reported.flatMap(({ fact, at }) => (fact.applied ?? []).map((id) => ({ id, at })));

describe.each(transports)('a consumer killed with events in hand, over the $transport transport', ({ transport, skip }) => {
  // The producer's backoff after a failed delivery: 60 to 120 s, far beyond the bound (and a slow restart), so only the probe can meet it.
  const config = testDeliveryConfig(transport, { retryBaseDelayMs: 120_000, retryMaxDelayMs: 300_000 });
  let keys: Awaited<ReturnType<typeof testKeyFolder>>;
  let producerDb: TestDatabase;
  let producer: ConferencingPrisma;
  let bookings: BookingsReceiver;
  let billingUrl: string;
  let billingFolder: string | null = null;
  let billingDb: TestDatabase | null = null;
  const children: ScriptProcess<ConsumerFact>[] = [];

  beforeAll(async () => {
    if (transport === 'nats' && unreachableNats) throw new Error(`NATS is required (INTEGRA_REQUIRE_NATS=true) but ${unreachableNats}`);
    if (skip) return;
    keys = await testKeyFolder();
    const env = { ...process.env, INTEGRA_KEYS_DIR: keys.dir };
    producerDb = await createTestDatabase('conferencing');
    producer = createConferencingPrisma(producerDb.adapter);
    bookings = new BookingsReceiver(config, await openServiceCredentials('bookings', env));
    await bookings.start();
    // The consumer process needs a database it can reach, kept across its restart: a folder for PGlite.
    if (testDatabaseMode === 'pglite') {
      billingFolder = mkdtempSync(path.join(tmpdir(), 'integra-consumer-crash-'));
      billingUrl = `pglite:${billingFolder}`;
    } else {
      billingDb = await createTestDatabase('billing');
      billingUrl = billingDb.url;
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) await child.kill();
    await bookings?.stop();
    await producer?.$disconnect();
    await producerDb?.close();
    await billingDb?.close();
    if (billingFolder) rmSync(billingFolder, { recursive: true, force: true });
    if (keys) rmSync(keys.dir, { recursive: true, force: true });
    if (transport === 'nats' && !skip) await deleteStream(config.natsStream);
  });

  it.skipIf(skip)(`delivers its events again within ${RECOVERY_BOUND_MS / 1000} s of its return, each applied once`, { timeout: 90_000 }, async () => {
    const port = await freePort();
    const consumerProcess = (mode: 'hang' | 'apply') => {
      const child = new ScriptProcess<ConsumerFact>('test/events/consume-in-child.ts', [billingUrl, transport, config.natsStream, String(port), mode], { INTEGRA_KEYS_DIR: keys.dir });
      children.push(child);
      return child;
    };
    const first = consumerProcess('hang');
    await first.next((fact) => fact.ready !== undefined);
    const delivery = await startEventDelivery({
      name: 'conferencing',
      db: producer,
      handlers: [],
      config,
      credentials: await openServiceCredentials('conferencing', { ...process.env, INTEGRA_KEYS_DIR: keys.dir }),
      subgraphUrl: bookings.route(() => `http://127.0.0.1:${port}/graphql`),
      log: () => {},
    });
    try {
      const ids = await record(producer, Array.from({ length: 5 }, () => conferenceEnded(randomUUID())));
      // The first process has the events in hand (NATS: all five delivered to it, none acknowledged).
      await first.next((fact) => fact.holding !== undefined);
      if (transport === 'nats') await vi.waitFor(async () => expect(await ackPending(config.natsStream)).toBe(ids.length), { timeout: 20_000 });
      await first.kill();
      const killedAt = performance.now();
      if (transport === 'embedded') {
        // The relay saw the delivery fail: the events now wait a minute or more for their next attempt.
        await vi.waitFor(
          async () => {
            const waiting = await producer.$queryRawUnsafe<unknown[]>(
              `SELECT 1 FROM integration_outbox WHERE status = 'PENDING' AND attempts >= 1 AND next_attempt_at > CURRENT_TIMESTAMP + interval '50 seconds'`,
            );
            expect(waiting).toHaveLength(ids.length);
          },
          { timeout: 20_000 },
        );
      }

      const second = consumerProcess('apply');
      const back = await second.next((fact) => fact.ready !== undefined);
      await vi.waitFor(() => expect(new Set(applied(second).map((fact) => fact.id))).toEqual(new Set(ids)), { timeout: 30_000, interval: 20 });
      const recoveredAt = Math.max(...applied(second).map((fact) => fact.at));
      // With NATS the consumer may apply them before it listens on HTTP, which it reports as being ready.
      const sinceReturn = Math.max(0, Math.round(recoveredAt - back.at));
      console.log(`${transport}: the killed consumer's events applied ${sinceReturn} ms after it was back (${Math.round(recoveredAt - killedAt)} ms after it was killed)`);
      expect(sinceReturn).toBeLessThan(RECOVERY_BOUND_MS);
      expect(applied(second).map((fact) => fact.id).sort()).toEqual([...ids].sort());
    } finally {
      await delivery.stop();
    }
  });
});

async function ackPending(stream: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await (await jetstreamManager(nc)).consumers.info(stream, 'billing')).num_ack_pending;
  } finally {
    await nc.close();
  }
}

describe.skipIf(unreachableNats !== null && !natsRequired)('a batch slower than the acknowledgement wait, over NATS', () => {
  it('is not delivered again while it is being applied: the consumer reports progress', { timeout: 60_000 }, async () => {
    if (unreachableNats) throw new Error(`NATS is required (INTEGRA_REQUIRE_NATS=true) but ${unreachableNats}`);
    const ACK_WAIT_MS = 1_000;
    const config = testDeliveryConfig('nats', { natsAckWaitMs: ACK_WAIT_MS });
    const [producerDb, consumerDb] = await Promise.all([createTestDatabase('conferencing'), createTestDatabase('billing')]);
    const producer = createConferencingPrisma(producerDb.adapter);
    const consumer = createBillingPrisma(consumerDb.adapter);
    await createEffectsTable(consumer);
    const { credentials } = await identities;
    const charging = chargingHandler({ customersWithoutRate: new Set(), failure: null });
    const handedOver: string[] = [];
    const slowHandler: EventHandler<RawQueryExecutor, ConferenceEnded> = {
      types: ['conference.ended'],
      async apply(tx, events) {
        handedOver.push(...events.map((event) => event.id));
        // Three acknowledgement waits.
        await new Promise((resolve) => setTimeout(resolve, 3 * ACK_WAIT_MS));
        return charging.apply(tx, events);
      },
    };
    const billing = await startEventDelivery({ name: 'billing', db: consumer, handlers: [slowHandler], config, credentials: credentials.billing, subgraphUrl: () => '', log: () => {} });
    const conferencing = await startEventDelivery({ name: 'conferencing', db: producer, handlers: [], config, credentials: credentials.conferencing, subgraphUrl: () => '', log: () => {} });
    try {
      const ids = await record(producer, Array.from({ length: 3 }, () => conferenceEnded(randomUUID())));
      await vi.waitFor(async () => expect((await consumer.$queryRawUnsafe<unknown[]>('SELECT 1 FROM test_charges')).length).toBe(ids.length), { timeout: 30_000 });
      // Given a moment in which a redelivery would show.
      await new Promise((resolve) => setTimeout(resolve, 2 * ACK_WAIT_MS));
      expect(handedOver.sort()).toEqual([...ids].sort());
      const nc = await connect({ servers: natsUrl });
      try {
        const info = await (await jetstreamManager(nc)).consumers.info(config.natsStream, 'billing');
        expect(info.num_redelivered).toBe(0);
        expect(info.num_ack_pending).toBe(0);
      } finally {
        await nc.close();
      }
    } finally {
      await conferencing.stop();
      await billing.stop();
      await producer.$disconnect();
      await consumer.$disconnect();
      await Promise.all([producerDb.close(), consumerDb.close()]);
      await deleteStream(config.natsStream);
    }
  });
});
