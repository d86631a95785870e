/**
 * docs/nats-server.conf, for real: a nats-server of its own (JetStream on, a temporary store, a
 * free port) with that file's users and permissions. Each service's events flow with its own
 * credentials; billing's credentials cannot store a conference.ended, on billing's subject or
 * bookings'; a connection without credentials is refused.
 *
 * Skipped, saying why, where no nats-server is installed (CI has one: /usr/sbin/nats-server, or
 * INTEGRA_NATS_SERVER).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../scripts/lib/free-port.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { projectRoot, type NatsAuth } from '../../subgraphs/shared/config.js';
import type { EventHandler, EventOutcome, EventType, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { recordEvents, type NewEvent } from '../../subgraphs/shared/events/outbox.js';
import { signEvent } from '../../subgraphs/shared/events/signed-events.js';
import type { EventStore, RawQueryExecutor } from '../../subgraphs/shared/events/store.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { conferenceEnded, createEffectsTable, EFFECTS_TABLE, identities, NOWHERE, testDeliveryConfig } from '../support/events.js';
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { createBookingsPrisma } from '../../subgraphs/bookings/database.js';
import { createConferencingPrisma } from '../../subgraphs/conferencing/database.js';

const NATS_SERVER = process.env.INTEGRA_NATS_SERVER ?? '/usr/sbin/nats-server';
const serverMissing = existsSync(NATS_SERVER) ? null : `${NATS_SERVER} is not installed (apt-get install nats-server, or point INTEGRA_NATS_SERVER at one)`;
if (serverMissing) console.warn(`NATS permission tests skipped: ${serverMissing}`);

const SERVICES = ['bookings', 'conferencing', 'billing'] as const;
type Service = (typeof SERVICES)[number];
const passwords = Object.fromEntries(SERVICES.map((name) => [name, randomBytes(12).toString('hex')])) as Record<Service, string>;
const authOf = (name: Service): NatsAuth => ({ user: name, password: passwords[name], tls: false });

/** Records each event it applies (its type in the effects table's second column). */
function recordingHandler(types: EventType[]): EventHandler<RawQueryExecutor, unknown> {
  return {
    types,
    async apply(tx, events) {
      const outcomes = new Map<string, EventOutcome>();
      for (const event of events) {
        await tx.$executeRawUnsafe(`INSERT INTO ${EFFECTS_TABLE} (event_id, customer_id) VALUES ($1::uuid, $2)`, event.id, event.type);
        outcomes.set(event.id, { status: 'applied' });
      }
      return outcomes;
    },
  };
}

async function startServer(store: string, port: number): Promise<ChildProcess> {
  const config = readFileSync(path.join(projectRoot, 'docs/nats-server.conf'), 'utf8');
  const ours = config.replace('store_dir: "/var/lib/nats"', `store_dir: ${JSON.stringify(store)}`);
  expect(ours).not.toBe(config);
  writeFileSync(path.join(store, 'nats-server.conf'), ours);
  // The server parses a variable's value as configuration: quoted, a password is a string whatever it holds.
  const env = { ...process.env, ...Object.fromEntries(SERVICES.map((name) => [`INTEGRA_NATS_PASSWORD_${name.toUpperCase()}`, JSON.stringify(passwords[name])])) };
  const server = spawn(NATS_SERVER, ['-c', path.join(store, 'nats-server.conf'), '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`nats-server exited (${code}) before it was ready:\n${output}`)));
  });
  return server;
}

describe.skipIf(serverMissing !== null)('docs/nats-server.conf', () => {
  let store: string;
  let server: ChildProcess;
  let url: string;
  const databases: Partial<Record<Service, TestDatabase>> = {};
  const clients: Partial<Record<Service, EventStore & { $disconnect(): Promise<void> }>> = {};
  const deliveries: EventDelivery[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    store = mkdtempSync(path.join(tmpdir(), 'integra-nats-'));
    const port = await freePort();
    server = await startServer(store, port);
    url = `nats://127.0.0.1:${port}`;
    const create = { bookings: createBookingsPrisma, conferencing: createConferencingPrisma, billing: createBillingPrisma };
    for (const name of SERVICES) {
      databases[name] = await createTestDatabase(name);
      clients[name] = create[name](databases[name]!.adapter) as unknown as EventStore & { $disconnect(): Promise<void> };
      await createEffectsTable(clients[name]!);
    }
  }, 120_000);

  afterAll(async () => {
    for (const delivery of deliveries) await delivery.stop();
    for (const name of SERVICES) {
      await clients[name]?.$disconnect();
      await databases[name]?.close();
    }
    server?.kill();
    if (store) rmSync(store, { recursive: true, force: true });
  });

  async function connectAs(name: Service | null) {
    const { connectNats } = await import('../../subgraphs/shared/events/nats-transport.js');
    return connectNats(url, `integra-test-${name ?? 'anonymous'}`, name ? { auth: authOf(name), service: name } : {});
  }

  it('carries each service\'s events with its own credentials', { timeout: 60_000 }, async () => {
    const { credentials } = await identities;
    const config = { ...testDeliveryConfig('nats'), natsUrl: url, natsStream: 'INTEGRA' };
    const consumed: Record<Service, EventType[]> = { bookings: ['conference.ended'], conferencing: ['booking.scheduled', 'booking.cancelled'], billing: ['conference.ended'] };
    for (const name of SERVICES) {
      deliveries.push(
        await startEventDelivery({
          name,
          db: clients[name]!,
          handlers: [recordingHandler(consumed[name])],
          config: { ...config, natsAuth: authOf(name) },
          credentials: credentials[name],
          subgraphUrl: () => NOWHERE,
          log: (line) => logs.push(`${name}: ${line}`),
        }),
      );
    }
    const record = async (producer: SubgraphName, events: NewEvent[]) =>
      (await clients[producer as Service]!.$transaction((tx) => recordEvents(tx, producer, events))).map((event) => event.id);
    const bookingId = randomUUID();
    const booked = await record('bookings', [
      { type: 'booking.scheduled', subject: bookingId, payload: { bookingId, customerId: randomUUID(), scheduledStart: '2026-11-20T09:00:00.000Z', durationMinutes: 30, tollFree: false, recording: false, revision: 1 } },
      { type: 'booking.cancelled', subject: bookingId, payload: { bookingId, revision: 2 } },
    ]);
    const [ended] = await record('conferencing', [conferenceEnded(randomUUID())]);
    const applied = async (name: Service) => (await clients[name]!.$queryRawUnsafe<{ event_id: string }[]>(`SELECT event_id::text AS event_id FROM ${EFFECTS_TABLE} ORDER BY customer_id DESC`)).map((row) => row.event_id);
    await vi.waitFor(
      async () => {
        expect(await applied('conferencing')).toEqual(booked);
        expect(await applied('billing')).toEqual([ended]);
        expect(await applied('bookings')).toEqual([ended]);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(logs.filter((line) => /violation|refused|cannot/i.test(line))).toEqual([]);
  });

  it("refuses billing's credentials a conference.ended on billing's or bookings' subject", async () => {
    const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
    const { subjectFor } = await import('../../subgraphs/shared/events/nats-transport.js');
    const { credentials } = await identities;
    const forged: IntegrationEvent = { id: randomUUID(), type: 'conference.ended', source: 'billing', subject: randomUUID(), occurredAt: '2026-11-20T09:30:00.000Z', payload: conferenceEnded(randomUUID()).payload };
    const { signed } = await signEvent(forged, credentials.billing.signingKey);
    const nc = await connectAs('billing');
    const violations: string[] = [];
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'error') violations.push(String(status.error));
    })();
    try {
      const before = (await (await jetstreamManager(nc)).streams.info('INTEGRA')).state.messages;
      for (const consumer of ['billing', 'bookings'] as const) {
        await expect(jetstream(nc, { timeout: 2_000 }).publish(subjectFor({ stream: 'INTEGRA' }, consumer, forged), signed, { msgID: `${forged.id}.${consumer}` })).rejects.toThrow();
      }
      await vi.waitFor(() => expect(violations.join('\n')).toMatch(/Permissions Violation for Publish to "integra\.bookings\.conference\.ended"/i));
      expect(violations.join('\n')).toMatch(/Permissions Violation for Publish to "integra\.billing\.conference\.ended"/i);
      expect((await (await jetstreamManager(nc)).streams.info('INTEGRA')).state.messages).toBe(before);
    } finally {
      await nc.close();
    }
  });

  it('refuses a connection without credentials, or with a wrong password', async () => {
    await expect(connectAs(null)).rejects.toThrow(/Authorization Violation/i);
    const { connectNats } = await import('../../subgraphs/shared/events/nats-transport.js');
    await expect(connectNats(url, 'integra-test-guess', { auth: { user: 'billing', password: 'guess', tls: false } })).rejects.toThrow(/Authorization Violation/i);
  });
});
