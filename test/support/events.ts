/**
 * What the event delivery tests share: where NATS is (and whether a test run must have it),
 * the test events a "conferencing" producer records, and a handler for a "billing" consumer
 * whose effects are rows the tests count. The handler is injected as a real one would be.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import type { EventDeliveryConfig } from '../../subgraphs/shared/config.js';
import type { ConferenceEnded, EventHandler, EventOutcome } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { recordEvents, type NewEvent } from '../../subgraphs/shared/events/outbox.js';
import type { EventStore, RawQueryExecutor } from '../../subgraphs/shared/events/store.js';
import type { ServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { testIdentities } from './identity.js';

/**
 * The keys of every service in these tests, one set shared by producers and consumers: a
 * consumer believes only events signed by a key it trusts, so both ends must come from it.
 */
export const identities = testIdentities();

export const natsUrl = process.env.INTEGRA_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const natsRequired = process.env.INTEGRA_REQUIRE_NATS === 'true';

/** Why NATS cannot be used, or null when it answers. */
export async function natsProblem(): Promise<string | null> {
  const { hostname, port } = new URL(natsUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) });
    socket.setTimeout(2_000);
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString().startsWith('INFO') ? null : `${natsUrl} does not speak NATS`);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer from ${natsUrl}`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(`${natsUrl}: ${error.code ?? error.message}`));
  });
}

/** A stream of the test's own, so that runs and files sharing a NATS server never see each other's events. */
export function testStreamName(): string {
  return `INTEGRA_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Quick retries, so that a consumer coming back is served within a fraction of a second. */
export function testDeliveryConfig(transport: 'embedded' | 'nats', overrides: Partial<EventDeliveryConfig> = {}): EventDeliveryConfig {
  return {
    natsUrl: transport === 'nats' ? natsUrl : undefined,
    natsStream: testStreamName(),
    relayPollIntervalMs: 20,
    relayLeaseMs: 10_000,
    maxAttempts: 1_000,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 200,
    natsAckWaitMs: 5_000,
    ...overrides,
  };
}

export function conferenceEnded(customerId: string, conferenceId: string = randomUUID()): NewEvent<'conference.ended'> {
  return {
    type: 'conference.ended',
    subject: conferenceId,
    payload: {
      conferenceId,
      reservationId: randomUUID(),
      bookingId: randomUUID(),
      customerId,
      startedAt: '2026-11-20T09:00:00.000Z',
      endedAt: '2026-11-20T09:30:00.000Z',
      recording: false,
      legs: [{ legId: randomUUID(), phoneNumber: '+41445550101', tollFree: false, joinedAt: '2026-11-20T09:00:00.000Z', leftAt: '2026-11-20T09:30:00.000Z', seconds: 1800 }],
    },
  };
}

/** Records events as a producer does: in one transaction of its own database. */
export async function record(db: EventStore, events: NewEvent[]): Promise<string[]> {
  const recorded = await db.$transaction((tx) => recordEvents(tx, 'conferencing', events));
  return recorded.map((event) => event.id);
}

export const EFFECTS_TABLE = 'test_charges';

export async function createEffectsTable(db: RawQueryExecutor): Promise<void> {
  // No unique key on purpose: an event applied twice shows as two rows.
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS ${EFFECTS_TABLE} (event_id uuid NOT NULL, customer_id text NOT NULL)`);
}

export async function effectsPerEvent(db: RawQueryExecutor): Promise<Map<string, number>> {
  const rows = await db.$queryRawUnsafe<{ event_id: string; count: string }[]>(`SELECT event_id::text AS event_id, count(*)::text AS count FROM ${EFFECTS_TABLE} GROUP BY event_id`);
  return new Map(rows.map((row) => [row.event_id, Number(row.count)]));
}

/** What the test handler is told to do: which customers have no rate, whether its database "fails". */
export interface ChargingRules {
  customersWithoutRate: Set<string>;
  failure: string | null;
}

/** A stand-in for billing's rating handler: one row per charged call, parked without a rate. */
export function chargingHandler(rules: ChargingRules): EventHandler<RawQueryExecutor, ConferenceEnded> {
  return {
    types: ['conference.ended'],
    async apply(tx, events) {
      if (rules.failure) throw new Error(rules.failure);
      const outcomes = new Map<string, EventOutcome>();
      for (const event of events) {
        const { customerId } = event.payload;
        if (rules.customersWithoutRate.has(customerId)) {
          outcomes.set(event.id, { status: 'parked', reason: `customer ${customerId} has no rate for CONFERENCE_DIAL_IN on 2026-11-20` });
          continue;
        }
        await tx.$executeRawUnsafe(`INSERT INTO ${EFFECTS_TABLE} (event_id, customer_id) VALUES ($1::uuid, $2)`, event.id, customerId);
        outcomes.set(event.id, { status: 'applied' });
      }
      return outcomes;
    },
  };
}

/** Where no subgraph listens: a consumer a test does not run is unreachable there. */
export const NOWHERE = 'http://127.0.0.1:9/graphql';

/**
 * Bookings as its process receives events, on its own database with its real handlers:
 * conference.ended goes to bookings as well as billing, so a test relaying that event over
 * HTTP needs bookings to answer, or the relay retries every event for it. (A booking it does
 * not have parks the event in bookings' inbox, which is all these tests need of it.)
 */
export class BookingsReceiver {
  private database: TestDatabase | null = null;
  private prisma: BookingsPrisma | null = null;
  private delivery: EventDelivery | null = null;
  private server: RunningServer | null = null;
  url: string | null = null;

  /** `credentials`: bookings' own, when the producer's keys are not the in-memory `identities` (a key folder shared with child processes). */
  constructor(
    private readonly config: EventDeliveryConfig,
    private readonly credentials?: ServiceCredentials,
  ) {}

  async start(): Promise<void> {
    this.database = await createTestDatabase('bookings');
    const prisma = (this.prisma = createBookingsPrisma(this.database.adapter));
    const subgraph = buildBookingsServer(prisma, { customers: { standing: async () => 'under-contract' } });
    const credentials = this.credentials ?? (await identities).credentials.bookings;
    this.delivery = await startEventDelivery({ name: 'bookings', db: prisma, handlers: subgraph.events!.handlers, config: this.config, credentials, subgraphUrl: () => NOWHERE, log: () => {} });
    this.server = await listen(subgraph, { port: 0, host: '127.0.0.1', credentials }, this.delivery.routes);
    this.url = this.server.url;
  }

  /** Where a producer sends each consumer's events: billing at `billingUrl()`, bookings here. */
  route(billingUrl: () => string | null): (consumer: SubgraphName) => string {
    return (consumer) => (consumer === 'billing' ? billingUrl() : consumer === 'bookings' ? this.url : null) ?? NOWHERE;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.delivery?.stop();
    await this.prisma?.$disconnect();
    await this.database?.close();
    this.server = this.delivery = this.prisma = this.database = this.url = null;
  }
}
