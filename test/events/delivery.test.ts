/**
 * Delivery of events between two subgraphs' databases, on both transports: a "conferencing"
 * producer records conference.ended events in its outbox; a "billing" consumer applies them
 * with an injected handler whose effects are rows counted here. The faults the issue names
 * must lose nothing and apply nothing twice: the consumer down while events are recorded, the
 * same event delivered twice, an event the handler parks (then replayed), the producer killed
 * between its commit and the delivery, two consumers at once.
 *
 * The NATS half runs when a server answers at INTEGRA_TEST_NATS_URL (nats://127.0.0.1:4222);
 * without one it is skipped with a message, and with INTEGRA_REQUIRE_NATS=true it fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import { projectRoot, type EventDeliveryConfig } from '../../subgraphs/shared/config.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { applyEvents, replayInboxEvent } from '../../subgraphs/shared/events/inbox.js';
import { OutboxRelay } from '../../subgraphs/shared/events/relay.js';
import type { IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { signEvent } from '../../subgraphs/shared/events/signed-events.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';
import {
  BookingsReceiver,
  chargingHandler,
  conferenceEnded,
  createEffectsTable,
  deleteStream,
  effectsPerEvent,
  EFFECTS_TABLE,
  identities,
  natsProblem,
  natsRequired,
  record,
  testDeliveryConfig,
  type ChargingRules,
} from '../support/events.js';

const unreachableNats = await natsProblem();
if (unreachableNats && !natsRequired) {
  console.warn(`NATS transport tests skipped: ${unreachableNats} (set INTEGRA_REQUIRE_NATS=true to make this a failure)`);
}

let conferencingDb: TestDatabase;
let billingDb: TestDatabase;
let producer: ConferencingPrisma;
let consumer: BillingPrisma;
const rules: ChargingRules = { customersWithoutRate: new Set(), failure: null };
const handlers = [chargingHandler(rules)];

beforeAll(async () => {
  [conferencingDb, billingDb] = await Promise.all([createTestDatabase('conferencing'), createTestDatabase('billing')]);
  producer = createConferencingPrisma(conferencingDb.adapter);
  consumer = createBillingPrisma(billingDb.adapter);
  await createEffectsTable(consumer);
});

afterAll(async () => {
  await producer?.$disconnect();
  await consumer?.$disconnect();
  await conferencingDb?.close();
  await billingDb?.close();
});

beforeEach(async () => {
  rules.customersWithoutRate.clear();
  rules.failure = null;
  await producer.$executeRawUnsafe('TRUNCATE integration_outbox, integration_inbox');
  await consumer.$executeRawUnsafe(`TRUNCATE integration_outbox, integration_inbox, ${EFFECTS_TABLE}`);
});

async function outboxStatuses(): Promise<Record<string, number>> {
  const rows = await producer.$queryRawUnsafe<{ status: string; count: string }[]>('SELECT status, count(*)::text AS count FROM integration_outbox GROUP BY status');
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

async function expectEachAppliedOnce(ids: string[]): Promise<void> {
  await vi.waitFor(
    async () => {
      const effects = await effectsPerEvent(consumer);
      expect(ids.filter((id) => effects.get(id) === undefined)).toEqual([]);
    },
    { timeout: 20_000, interval: 50 },
  );
  const effects = await effectsPerEvent(consumer);
  expect([...effects.entries()].filter(([, count]) => count !== 1)).toEqual([]);
  expect([...effects.keys()].sort()).toEqual([...ids].sort());
}

async function appliedSoFar(): Promise<string[]> {
  return [...(await effectsPerEvent(consumer)).keys()];
}

/** The billing side as a process would run it: event delivery, and with the embedded transport its HTTP server. */
class BillingConsumer {
  private delivery: EventDelivery | null = null;
  private server: RunningServer | null = null;
  url: string | null = null;

  constructor(private readonly config: EventDeliveryConfig) {}

  async start(): Promise<void> {
    this.delivery = await startEventDelivery({ name: 'billing', db: consumer, handlers, config: this.config, credentials: (await identities).credentials.billing, subgraphUrl: () => 'http://127.0.0.1:9/graphql', log: () => {} });
    this.server = await listen(buildBillingServer(consumer), { port: 0, host: '127.0.0.1', credentials: (await identities).credentials.billing }, this.delivery.routes);
    this.url = this.server.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.delivery?.stop();
    this.server = null;
    this.delivery = null;
  }
}

const transports = [
  { transport: 'embedded' as const, skip: false },
  { transport: 'nats' as const, skip: unreachableNats !== null && !natsRequired },
];

describe.each(transports)('events over the $transport transport', ({ transport, skip }) => {
  const config = testDeliveryConfig(transport);
  let billing: BillingConsumer;
  let conferencing: EventDelivery | null = null;
  // conference.ended also goes to bookings, which stays up throughout.
  const bookings = new BookingsReceiver(config);
  const consumerUrl = bookings.route(() => billing.url);
  const startProducer = async (overrides: Partial<EventDeliveryConfig> = {}, { listen = false } = {}) => {
    conferencing = await startEventDelivery({
      name: 'conferencing',
      db: producer,
      handlers: [],
      config: { ...config, ...overrides },
      credentials: (await identities).credentials.conferencing,
      subgraphUrl: consumerUrl,
      log: () => {},
      listen: listen ? conferencingDb.listen : undefined,
    });
  };

  beforeAll(async () => {
    if (transport === 'nats' && unreachableNats) throw new Error(`NATS is required (INTEGRA_REQUIRE_NATS=true) but ${unreachableNats}`);
    if (!skip) await bookings.start();
  });

  beforeEach(async () => {
    billing = new BillingConsumer(config);
    await billing.start();
  });

  afterEach(async () => {
    await conferencing?.stop();
    conferencing = null;
    await billing.stop();
  });

  afterAll(async () => {
    await bookings.stop();
    if (transport === 'nats' && !unreachableNats) await deleteStream(config.natsStream);
  });

  it.skipIf(skip)('delivers what was recorded while the consumer was down, once each, when it comes back', async () => {
    await billing.stop();
    await startProducer();
    const ids = await record(producer, Array.from({ length: 10 }, () => conferenceEnded(randomUUID())));
    if (transport === 'embedded') {
      // The relay has tried and failed: the events wait, PENDING, for their next attempt.
      await vi.waitFor(async () => expect(await producer.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_outbox WHERE attempts > 0')).toHaveLength(10), { timeout: 20_000 });
      expect(await outboxStatuses()).toEqual({ PENDING: 10 });
    }
    expect(await effectsPerEvent(consumer)).toEqual(new Map());
    await billing.start();
    await expectEachAppliedOnce(ids);
    await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 10 }), { timeout: 20_000 });
  });

  it.skipIf(skip)('sends events as soon as their transaction commits, without waiting for the next poll', async () => {
    await startProducer({ relayPollIntervalMs: 3_600_000 }, { listen: true });
    // Rolled back: no notification, and nothing to send.
    await producer.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO integration_outbox (id, type, subject, payload, occurred_at) VALUES ($1::uuid, 'conference.ended', 'x', '{}', now())`, randomUUID());
      throw new Error('roll back');
    }).catch(() => {});
    for (let round = 0; round < 3; round++) {
      const before = await appliedSoFar();
      await expectEachAppliedOnce([...before, ...(await record(producer, [conferenceEnded(randomUUID())]))]);
    }
    // The relay marks a batch delivered after the consumer has applied it: the mark may lag a moment.
    await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 3 }), { timeout: 20_000 });
  });

  it.skipIf(skip || testDatabaseMode !== 'postgres')('listens again after its database connection is cut, and sends what was recorded meanwhile', async () => {
    await startProducer({ relayPollIntervalMs: 3_600_000 }, { listen: true });
    await expectEachAppliedOnce(await record(producer, [conferenceEnded(randomUUID())]));
    const cut = await producer.$queryRawUnsafe<{ cut: boolean }[]>(
      `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    expect(cut).toEqual([{ cut: true }]);
    const ids = [...(await appliedSoFar()), ...(await record(producer, [conferenceEnded(randomUUID())]))];
    await expectEachAppliedOnce(ids);
    await expectEachAppliedOnce([...ids, ...(await record(producer, [conferenceEnded(randomUUID())]))]);
  });

  it.skipIf(skip)('applies an event delivered twice once', async () => {
    await startProducer();
    const ids = await record(producer, [conferenceEnded(randomUUID()), conferenceEnded(randomUUID())]);
    await expectEachAppliedOnce(ids);
    // The same events again, as a relay that died before marking them DELIVERED would send them.
    await producer.$executeRawUnsafe(`UPDATE integration_outbox SET status = 'PENDING', next_attempt_at = CURRENT_TIMESTAMP`);
    conferencing!.notify();
    await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 2 }), { timeout: 20_000 });
    // A third delivery, after the second was acknowledged, reaches the consumer's inbox the same way.
    await producer.$executeRawUnsafe(`UPDATE integration_outbox SET status = 'PENDING', next_attempt_at = CURRENT_TIMESTAMP`);
    conferencing!.notify();
    await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 2 }), { timeout: 20_000 });
    if (transport === 'nats') {
      // JetStream dropped those repeats (same message id within its window); one it does not
      // recognise, as after the window, reaches the consumer and its inbox.
      const { connectNats, subjectFor } = await import('../../subgraphs/shared/events/nats-transport.js');
      const { jetstream } = await import('@nats-io/jetstream');
      const nc = await connectNats(config.natsUrl!, 'integra-test-late-repeat');
      const rows = await producer.$queryRawUnsafe<{ id: string; subject: string; payload: unknown; occurredAt: Date }[]>(
        'SELECT id::text AS id, subject, payload, occurred_at AS "occurredAt" FROM integration_outbox',
      );
      for (const row of rows) {
        const event = { id: row.id, type: 'conference.ended' as const, source: 'conferencing' as const, subject: row.subject, occurredAt: row.occurredAt.toISOString(), payload: row.payload };
        const { signed } = await signEvent(event, (await identities).credentials.conferencing.signingKey);
        const ack = await jetstream(nc).publish(subjectFor({ stream: config.natsStream }, 'billing', event), signed, { msgID: `${row.id}.late` });
        expect(ack.duplicate).toBe(false);
      }
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const jsm = await jetstreamManager(nc);
      // Until the consumer has taken and acknowledged the repeats.
      await vi.waitFor(async () => expect(await jsm.consumers.info(config.natsStream, 'billing')).toMatchObject({ num_pending: 0, num_ack_pending: 0 }), { timeout: 20_000 });
      await nc.close();
    }
    await expectEachAppliedOnce(ids);
    expect(await consumer.$queryRawUnsafe<{ status: string }[]>('SELECT status FROM integration_inbox')).toEqual([{ status: 'APPLIED' }, { status: 'APPLIED' }]);
  });

  it.skipIf(skip)('parks an event the handler cannot apply, shows it with its reason through the API, and applies it on replay once the cause is fixed', async () => {
    const unrated = randomUUID();
    rules.customersWithoutRate.add(unrated);
    await startProducer();
    const [parkedId, chargedId] = await record(producer, [conferenceEnded(unrated), conferenceEnded(randomUUID())]);
    await vi.waitFor(async () => expect(await consumer.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_inbox')).toHaveLength(2), { timeout: 20_000 });
    expect(await effectsPerEvent(consumer)).toEqual(new Map([[chargedId, 1]]));

    const api = buildBillingServer(consumer, { eventHandlers: handlers });
    const parked = await execute(api, `{ billingIntegrationEvents(status: PARKED) { id direction type source subject status error attempts completedAt payload } }`);
    expect(parked.errors).toBeUndefined();
    expect(parked.data!.billingIntegrationEvents).toEqual([
      {
        id: parkedId,
        direction: 'RECEIVED',
        type: 'conference.ended',
        source: 'conferencing',
        subject: expect.any(String),
        status: 'PARKED',
        error: `customer ${unrated} has no rate for CONFERENCE_DIAL_IN on 2026-11-20`,
        attempts: 1,
        completedAt: null,
        payload: expect.stringContaining(unrated),
      },
    ]);
    const counts = await execute(api, `{ billingIntegrationEventCounts { direction status count } }`);
    expect(counts.data!.billingIntegrationEventCounts).toEqual([
      { direction: 'RECEIVED', status: 'APPLIED', count: 1 },
      { direction: 'RECEIVED', status: 'PARKED', count: 1 },
    ]);

    const REPLAY = `mutation ($id: ID!) { replayBillingIntegrationEvent(id: $id) { id status error attempts } }`;
    // Still no rate: the replay leaves it parked, saying why again.
    expect((await execute(api, REPLAY, { id: parkedId })).data!.replayBillingIntegrationEvent).toMatchObject({ status: 'PARKED', attempts: 2 });
    rules.customersWithoutRate.clear();
    expect((await execute(api, REPLAY, { id: parkedId!.toUpperCase() })).data!.replayBillingIntegrationEvent).toEqual({ id: parkedId, status: 'APPLIED', error: null, attempts: 3 });
    const again = await execute(api, REPLAY, { id: parkedId });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'APPLIED' });
    await expectEachAppliedOnce([parkedId!, chargedId!]);
    await api.server.stop();
  });

  it.skipIf(skip)('retries a consumer that keeps failing, parks the events after the last attempt, and delivers them once replayed', async () => {
    await billing.stop();
    billing = new BillingConsumer({ ...config, maxAttempts: 3 });
    await billing.start();
    rules.failure = 'the charges table is locked for maintenance';
    await startProducer({ maxAttempts: 3 });
    const ids = await record(producer, [conferenceEnded(randomUUID()), conferenceEnded(randomUUID())]);
    if (transport === 'embedded') {
      // The producer parks its outbox rows with the consumer's answer.
      await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ PARKED: 2 }), { timeout: 20_000 });
      const api = buildConferencingServer(producer, { eventHandlers: [] });
      const parked = await execute(api, `{ conferencingIntegrationEvents(status: PARKED, direction: SENT) { id status attempts error } }`);
      expect(parked.data!.conferencingIntegrationEvents).toHaveLength(2);
      for (const event of parked.data!.conferencingIntegrationEvents) {
        expect(event).toMatchObject({ status: 'PARKED', attempts: 3 });
        expect(event.error).toBe('billing answered HTTP 503: billing could not apply the events: the charges table is locked for maintenance');
      }
      rules.failure = null;
      for (const id of ids) {
        const replayed = await execute(api, `mutation ($id: ID!) { replayConferencingIntegrationEvent(id: $id) { status attempts } }`, { id });
        expect(replayed.data!.replayConferencingIntegrationEvent).toEqual({ status: 'PENDING', attempts: 0 });
      }
      await api.server.stop();
    } else {
      // The stream holds the events; the consumer parks them in its inbox after its third try.
      await vi.waitFor(async () => expect(await consumer.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM integration_inbox WHERE status = 'PARKED'`)).toHaveLength(2), { timeout: 20_000 });
      const rows = await consumer.$queryRawUnsafe<{ error: string }[]>('SELECT error FROM integration_inbox');
      for (const row of rows) expect(row.error).toBe('failed 3 times: the charges table is locked for maintenance');
      rules.failure = null;
      for (const id of ids) await replayInboxEvent(consumer, handlers, id);
    }
    await expectEachAppliedOnce(ids);
  });

  /** Runs test/events/record-and-hang.ts on the producer's database, kills it, and answers the ids it recorded. */
  async function recordThenKill(url: string, state: 'committed' | 'claimed'): Promise<string[]> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/events/record-and-hang.ts'), url, '5', state, String(DEAD_RELAY_LEASE_MS)], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ids = await new Promise<string[]>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(JSON.parse(output) as string[]);
      });
      child.once('exit', (code) => reject(new Error(`the producer exited (${code}) before recording`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    return ids;
  }

  // The dead relay's lease, shorter than the default so the test is quick; the mechanism is the same.
  const DEAD_RELAY_LEASE_MS = 1_500;

  for (const state of ['committed', 'claimed'] as const) {
    const when = state === 'committed' ? 'between its commit and their delivery' : 'while its relay was sending them';
    it.skipIf(skip)(`delivers the events of a producer killed ${when}, once a new relay starts`, { timeout: 120_000 }, async () => {
      // The child process needs a database of its own it can reach: a folder for PGlite.
      const folder = testDatabaseMode === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'integra-crash-')) : null;
      const url = folder ? `pglite:${folder}` : conferencingDb.url;
      if (folder) await (await openMigratedDatabase('conferencing', url)).close();
      const ids = await recordThenKill(url, state);

      const database = folder ? await openDatabase(url) : null;
      const restarted = database ? createConferencingPrisma(database.adapter) : producer;
      const pending = await restarted.$queryRawUnsafe<{ id: string; claimed: boolean }[]>(
        `SELECT id::text AS id, next_attempt_at > CURRENT_TIMESTAMP AS claimed FROM integration_outbox WHERE status = 'PENDING'`,
      );
      expect(pending.map((row) => row.id).sort()).toEqual([...ids].sort());
      // A claimed batch was seen claimed by the child before it was killed; its lease may have run out since.
      if (state === 'committed') expect(pending.some((row) => row.claimed)).toBe(false);
      const relay = await startEventDelivery({ name: 'conferencing', db: restarted, handlers: [], config, credentials: (await identities).credentials.conferencing, subgraphUrl: consumerUrl, log: () => {} });
      try {
        await expectEachAppliedOnce(ids);
      } finally {
        await relay.stop();
        if (database) {
          await restarted.$disconnect();
          await database.close();
          rmSync(folder!, { recursive: true, force: true });
        }
      }
    });
  }

  it.skipIf(skip)('with two consumers and two relays at once, applies every event once', async () => {
    const second = new BillingConsumer(config);
    await second.start();
    const { conferencing: producerCredentials } = (await identities).credentials;
    const extraRelay = new OutboxRelay({
      source: 'conferencing',
      signingKey: producerCredentials.signingKey,
      db: producer,
      publisher:
        transport === 'embedded'
          ? (await import('../../subgraphs/shared/events/http-transport.js')).httpEventPublisher(bookings.route(() => second.url), producerCredentials)
          : await natsPublisher(config),
      retry: { maxAttempts: 1_000, baseDelayMs: 20, maxDelayMs: 200 },
      pollIntervalMs: 5,
      batchSize: 3,
      log: () => {},
    });
    await startProducer({ relayPollIntervalMs: 5 });
    extraRelay.start();
    try {
      const ids: string[] = [];
      for (let round = 0; round < 10; round++) ids.push(...(await record(producer, Array.from({ length: 5 }, () => conferenceEnded(randomUUID())))));
      await expectEachAppliedOnce(ids);
      await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 50 }), { timeout: 20_000 });
    } finally {
      await extraRelay.stop();
      await second.stop();
    }
  });
});

let natsConnections: { close(): Promise<void> }[] = [];
async function natsPublisher(config: EventDeliveryConfig) {
  const { connectNats, natsEventPublisher } = await import('../../subgraphs/shared/events/nats-transport.js');
  const nc = await connectNats(config.natsUrl!, 'integra-test-second-relay');
  natsConnections.push(nc);
  return natsEventPublisher(nc, { stream: config.natsStream });
}
afterAll(async () => {
  for (const nc of natsConnections) await nc.close();
  natsConnections = [];
});

describe('applying a batch', () => {
  const batch = (count: number): IntegrationEvent[] =>
    Array.from({ length: count }, () => {
      const event = conferenceEnded(randomUUID());
      return { id: randomUUID(), type: event.type, source: 'conferencing', subject: event.subject, occurredAt: new Date().toISOString(), payload: event.payload };
    });

  it('applies the same events given to two consumers at the same moment once, and tells the loser they were duplicates', async () => {
    const events = batch(20);
    const [first, second] = await Promise.all([applyEvents(consumer, handlers, events), applyEvents(consumer, handlers, [...events].reverse())]);
    expect(first.applied + second.applied).toBe(20);
    expect(first.duplicates + second.duplicates).toBe(20);
    await expectEachAppliedOnce(events.map((event) => event.id));
  });

  it('writes nothing of a batch whose handler fails, so that the retry applies all of it', async () => {
    const events = batch(3);
    rules.failure = 'deadlock detected';
    await expect(applyEvents(consumer, handlers, events)).rejects.toThrow('deadlock detected');
    expect(await consumer.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_inbox')).toEqual([]);
    rules.failure = null;
    expect(await applyEvents(consumer, handlers, events)).toMatchObject({ applied: 3, parked: 0, duplicates: 0 });
  });

  it('parks an event no handler takes, saying so', async () => {
    const [event] = batch(1);
    const report = await applyEvents(consumer, [], [event!]);
    expect(report.outcomes.get(event!.id)).toEqual({ status: 'parked', reason: expect.stringContaining('no handler for conference.ended events') });
  });
});

describe('the operations API', () => {
  it('refuses what it cannot act on with a code a client can act on', async () => {
    const api = buildBillingServer(consumer, { eventHandlers: handlers });
    const [event] = await record(consumer, [conferenceEnded(randomUUID())]);
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['{ billingIntegrationEvents(first: 0) { id } }', {}, { code: 'BAD_USER_INPUT', field: 'first' }],
      ['{ billingIntegrationEvents(first: 501) { id } }', {}, { code: 'BAD_USER_INPUT', field: 'first' }],
      ['mutation { replayBillingIntegrationEvent(id: "42") { id } }', {}, { code: 'BAD_USER_INPUT', field: 'id' }],
      ['mutation ($id: ID!) { replayBillingIntegrationEvent(id: $id) { id } }', { id: randomUUID() }, { code: 'NOT_FOUND' }],
      // Sent by billing itself and not parked: nothing to replay.
      ['mutation ($id: ID!) { replayBillingIntegrationEvent(id: $id) { id } }', { id: event }, { code: 'CONFLICT', status: 'PENDING' }],
    ];
    for (const [query, variables, extensions] of cases) {
      const result = await execute(api, query, variables);
      expect(result.errors?.[0]?.extensions, query).toMatchObject(extensions);
    }
    const sent = await execute(api, '{ billingIntegrationEvents(direction: SENT) { id status nextAttemptAt } }');
    expect(sent.data!.billingIntegrationEvents).toEqual([{ id: event, status: 'PENDING', nextAttemptAt: expect.any(String) }]);
    await api.server.stop();
  });
});

describe('the /events route', () => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    const { credentials } = await identities;
    const delivery = await startEventDelivery({ name: 'billing', db: consumer, handlers, config: testDeliveryConfig('embedded'), credentials: credentials.billing, subgraphUrl: () => 'http://127.0.0.1:9/graphql', log: () => {} });
    server = await listen(buildBillingServer(consumer, { eventHandlers: handlers }), { port: 0, host: '127.0.0.1', credentials: credentials.billing }, delivery.routes);
    url = new URL('/events', server.url).toString();
    await delivery.stop();
  });
  afterAll(async () => server?.stop());

  // As conferencing's relay posts: with its service token.
  const post = async (body: string, contentType = 'application/json') => {
    const authorization = `Bearer ${await (await identities).credentials.conferencing.bearerFor()}`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, authorization }, body });
    return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions: { code: string } }[]; outcomes?: unknown[] } };
  };
  const valid = () => {
    const event = conferenceEnded(randomUUID());
    return { id: randomUUID(), type: event.type, source: 'conferencing', subject: event.subject, occurredAt: '2026-11-20T09:30:00.000Z', payload: event.payload } as IntegrationEvent;
  };
  const signed = async (event: object) => (await signEvent(event as unknown as IntegrationEvent, (await identities).credentials.conferencing.signingKey)).signed;

  it('refuses malformed batches with 400 and a message naming the field, and applies nothing', async () => {
    const cases: [string, string][] = [
      ['{"events": [', 'not valid JSON'],
      ['[]', 'events'],
      ['{"events": []}', 'events'],
      [JSON.stringify({ events: [await signed({ ...valid(), id: 'x' })] }), 'events.0: the content conferencing signed is not an event: event.id'],
      [JSON.stringify({ events: [await signed({ ...valid(), type: 'invoice.paid' })] }), 'event.type'],
      [JSON.stringify({ events: [await signed({ ...valid(), occurredAt: 'yesterday' })] }), 'event.occurredAt'],
      [JSON.stringify({ events: [await signed({ ...valid(), payload: null })] }), 'event.payload'],
    ];
    for (const [body, expected] of cases) {
      const answer = await post(body);
      expect(answer.status, body).toBe(400);
      expect(answer.body.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
      expect(answer.body.errors?.[0]?.message).toContain(expected);
    }
    expect((await post(JSON.stringify({ events: [await signed(valid())] }), 'text/plain')).status).toBe(400);
    expect(await consumer.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_inbox')).toEqual([]);
  });

  it('refuses a body over its limit with 413', async () => {
    const answer = await post(JSON.stringify({ events: [await signed(valid())], padding: 'x'.repeat(9 * 1024 * 1024) }));
    expect(answer.status).toBe(413);
  });

  it('answers what became of each event', async () => {
    const event = await signed(valid());
    const id = JSON.parse(Buffer.from(event.split('.')[1]!, 'base64url').toString()).id as string;
    expect(await post(JSON.stringify({ events: [event] }))).toEqual({ status: 200, body: { outcomes: [{ id, status: 'applied' }] } });
    expect(await post(JSON.stringify({ events: [event] }))).toEqual({ status: 200, body: { outcomes: [{ id, status: 'duplicate' }] } });
  });
});

describe('the relay claim on a batch being sent', () => {
  it('is renewed while a slow transport works, so a second relay does not send the same events meanwhile', { timeout: 30_000 }, async () => {
    const conferencingKey = (await identities).credentials.conferencing.signingKey;
    const ids = await record(producer, Array.from({ length: 3 }, () => conferenceEnded(randomUUID())));
    const sentBy = { slow: [] as string[], second: [] as string[] };
    let releaseSlow!: () => void;
    const slowSending = new Promise<void>((resolve) => (releaseSlow = resolve));
    const relay = (name: keyof typeof sentBy, publish: (events: IntegrationEvent[]) => Promise<void>) =>
      new OutboxRelay({
        source: 'conferencing',
        signingKey: conferencingKey,
        db: producer,
        publisher: {
          describe: () => name,
          async publish(events) {
            sentBy[name].push(...events.map((event) => event.id));
            await publish(events);
            return new Map();
          },
        },
        retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200 },
        pollIntervalMs: 10,
        leaseMs: 150,
        log: () => {},
      });
    const slow = relay('slow', () => slowSending);
    const second = relay('second', async () => {});
    slow.start();
    await vi.waitFor(() => expect(sentBy.slow).toHaveLength(3));
    second.start();
    // Ten leases long: without renewal the second relay would have claimed and sent the batch.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentBy.second).toEqual([]);
    releaseSlow();
    await vi.waitFor(async () => expect(await outboxStatuses()).toEqual({ DELIVERED: 3 }), { timeout: 20_000 });
    await Promise.all([slow.stop(), second.stop()]);
    expect(sentBy.slow.sort()).toEqual([...ids].sort());
    expect(sentBy.second).toEqual([]);
  });
});
