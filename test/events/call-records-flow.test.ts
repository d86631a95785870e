/**
 * Issue 6's faults with billing's real call-record handler at the end of the real delivery, on
 * both transports: conferencing records conference.ended in its outbox (as endConference does),
 * billing rates it with the rates a stand-in for sales gives (test/billing/fixtures.ts). Billing
 * down while ten conferences end, the same call record delivered twice, a leg without a rate
 * (parked with the reason, charged after the rate is added and the event replayed through the
 * API), two billing instances at once: every leg is charged exactly once.
 *
 * The NATS half runs as in delivery.test.ts (skipped without a server, unless INTEGRA_REQUIRE_NATS=true).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import type { EventDeliveryConfig } from '../../subgraphs/shared/config.js';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { recordEvents } from '../../subgraphs/shared/events/outbox.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { conferenceEnded, FakeSales, perMinuteRate } from '../billing/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';
import { BookingsReceiver, deleteStream, identities, natsProblem, natsRequired, NOWHERE, testDeliveryConfig } from '../support/events.js';

const unreachableNats = await natsProblem();

let conferencingDb: TestDatabase;
let billingDb: TestDatabase;
let conferencing: ConferencingPrisma;
let billing: BillingPrisma;
let sales: FakeSales;
const handlers = () => [callRecordsHandler({ rates: sales })];

beforeAll(async () => {
  [conferencingDb, billingDb] = await Promise.all([createTestDatabase('conferencing'), createTestDatabase('billing')]);
  conferencing = createConferencingPrisma(conferencingDb.adapter);
  billing = createBillingPrisma(billingDb.adapter);
});

afterAll(async () => {
  await conferencing?.$disconnect();
  await billing?.$disconnect();
  await conferencingDb?.close();
  await billingDb?.close();
});

beforeEach(async () => {
  sales = new FakeSales();
  await conferencing.$executeRawUnsafe('TRUNCATE integration_outbox, integration_inbox');
  await billing.$executeRawUnsafe('TRUNCATE integration_outbox, integration_inbox, "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount" CASCADE');
});

/** What endConference does for the events: records them in conferencing's own transaction. */
async function conferencesEnd(events: IntegrationEvent<ConferenceEnded>[]): Promise<string[]> {
  const recorded = await conferencing.$transaction((tx) =>
    recordEvents(tx, 'conferencing', events.map((event) => ({ type: event.type, subject: event.subject, payload: event.payload }))),
  );
  return recorded.map((event) => event.id);
}

function legsOf(events: IntegrationEvent<ConferenceEnded>[]): string[] {
  return events.flatMap((event) => event.payload.legs.map((leg) => leg.legId));
}

/** Until every given leg is charged; then no leg is charged more than once, and no other leg at all. */
async function expectChargedOnce(legIds: string[]): Promise<void> {
  const chargesPerLeg = async () =>
    new Map(
      (await billing.$queryRawUnsafe<{ legId: string; count: number }[]>(`SELECT "legId"::text AS "legId", count(*)::int AS count FROM "UsageCharge" GROUP BY "legId"`)).map(
        (row) => [row.legId, row.count],
      ),
    );
  await vi.waitFor(
    async () => {
      const charged = await chargesPerLeg();
      expect(legIds.filter((id) => !charged.has(id))).toEqual([]);
    },
    { timeout: 20_000, interval: 50 },
  );
  const charges = await chargesPerLeg();
  expect([...charges.values()].every((count) => count === 1)).toBe(true);
  expect([...charges.keys()].sort()).toEqual([...legIds].sort());
}

class BillingInstance {
  private delivery: EventDelivery | null = null;
  private server: RunningServer | null = null;
  url: string | null = null;
  constructor(private readonly config: EventDeliveryConfig) {}
  async start(): Promise<void> {
    this.delivery = await startEventDelivery({ name: 'billing', db: billing, handlers: handlers(), config: this.config, credentials: (await identities).credentials.billing, subgraphUrl: () => 'http://127.0.0.1:9/graphql', log: () => {} });
    this.server = await listen(buildBillingServer(billing), { port: 0, host: '127.0.0.1', credentials: (await identities).credentials.billing }, this.delivery.routes);
    this.url = this.server.url;
  }
  async stop(): Promise<void> {
    await this.server?.stop();
    await this.delivery?.stop();
    this.server = this.delivery = this.url = null;
  }
}

describe.each([
  { transport: 'embedded' as const, skip: false },
  { transport: 'nats' as const, skip: unreachableNats !== null && !natsRequired },
])('call records over the $transport transport', ({ transport, skip }) => {
  const config = testDeliveryConfig(transport);
  const instances: BillingInstance[] = [];
  // conference.ended also goes to bookings, which stays up throughout.
  const bookings = new BookingsReceiver(config);
  let relay: EventDelivery | null = null;
  let turn = 0;
  const startBilling = async () => {
    const instance = new BillingInstance(config);
    await instance.start();
    instances.push(instance);
    return instance;
  };
  const startRelay = async () => {
    relay = await startEventDelivery({
      name: 'conferencing',
      db: conferencing,
      handlers: [],
      config,
      credentials: (await identities).credentials.conferencing,
      // With two instances, the embedded transport's batches go to each in turn, as behind a load balancer.
      subgraphUrl: bookings.route(() => {
        const up = instances.filter((instance) => instance.url);
        return up[turn++ % Math.max(up.length, 1)]?.url ?? NOWHERE;
      }),
      log: () => {},
    });
  };

  beforeAll(async () => {
    if (transport === 'nats' && unreachableNats) throw new Error(`NATS is required (INTEGRA_REQUIRE_NATS=true) but ${unreachableNats}`);
    if (!skip) await bookings.start();
  });
  afterEach(async () => {
    await relay?.stop();
    relay = null;
    for (const instance of instances.splice(0)) await instance.stop();
  });
  afterAll(async () => {
    await bookings.stop();
    if (transport === 'nats' && !unreachableNats) await deleteStream(config.natsStream);
  });

  it.skipIf(skip)('charges all ten conferences that ended while billing was down, each leg once, when it comes back', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await startRelay();
    const ended = Array.from({ length: 10 }, (_, index) =>
      conferenceEnded(customerId, [
        { joinedAt: `2026-11-12T1${index % 10}:00:00Z`, seconds: 600 },
        { joinedAt: `2026-11-12T1${index % 10}:00:05Z`, seconds: 300 },
      ]),
    );
    for (const event of ended) await conferencesEnd([event]);
    expect(await billing.usageCharge.count()).toBe(0);
    await startBilling();
    await expectChargedOnce(legsOf(ended));
    const { _sum } = await billing.usageCharge.aggregate({ _sum: { amount: true } });
    // Each conference: 600 s + 300 s at 0.05 per minute = 0.75.
    expect(_sum.amount?.toString()).toBe('7.5');
  });

  it.skipIf(skip)('charges a call record delivered twice, and one carried by a second event, once', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await startBilling();
    await startRelay();
    const event = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 600 }]);
    await conferencesEnd([event]);
    await expectChargedOnce(legsOf([event]));
    await conferencing.$executeRawUnsafe(`UPDATE integration_outbox SET status = 'PENDING', next_attempt_at = CURRENT_TIMESTAMP`);
    // The same conference's end recorded again: another event id, the same legs.
    await conferencesEnd([event]);
    relay!.notify();
    await vi.waitFor(async () => expect(await billing.inboxEvent.count({ where: { status: 'APPLIED' } })).toBe(2), { timeout: 20_000 });
    await vi.waitFor(async () => expect(await conferencing.outboxEvent.count({ where: { status: { not: 'DELIVERED' } } })).toBe(0), { timeout: 20_000 });
    await expectChargedOnce(legsOf([event]));
  });

  it.skipIf(skip)('parks a leg whose customer has no rate for its service with the reason, charges nothing of it, and charges it when replayed after the rate is added', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await startBilling();
    await startRelay();
    const priced = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 120 }]);
    const unpriced = conferenceEnded(customerId, [
      { joinedAt: '2026-11-12T11:00:00Z', seconds: 120 },
      { joinedAt: '2026-11-12T11:00:10Z', seconds: 120, tollFree: true },
    ]);
    const [, unpricedId] = await conferencesEnd([priced, unpriced]);
    await expectChargedOnce(legsOf([priced]));
    const api = buildBillingServer(billing, { eventHandlers: handlers() });
    await vi.waitFor(async () => {
      const parked = await execute(api, '{ billingIntegrationEvents(status: PARKED) { id error } }');
      expect(parked.data!.billingIntegrationEvents).toEqual([
        { id: unpricedId, error: `customer ${customerId} has no CONFERENCE_TOLL_FREE rate in force at 2026-11-12T11:00:10.000Z nor when its conference started (2026-11-12T11:00:00.000Z); price CONFERENCE_TOLL_FREE for that time in sales (a contract in force then), then replay this event` },
      ]);
    });
    expect(await billing.usageCharge.count({ where: { conferenceId: unpriced.payload.conferenceId } })).toBe(0);

    sales.addRate(customerId, perMinuteRate('CONFERENCE_TOLL_FREE', '0.09'));
    const replayed = await execute(api, 'mutation ($id: ID!) { replayBillingIntegrationEvent(id: $id) { status error } }', { id: unpricedId });
    expect(replayed.data!.replayBillingIntegrationEvent).toEqual({ status: 'APPLIED', error: null });
    await expectChargedOnce(legsOf([priced, unpriced]));
    await api.server.stop();
  });

  it.skipIf(skip)('with two billing instances at once, charges every leg of every conference once', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await startBilling();
    await startBilling();
    await startRelay();
    const ended = Array.from({ length: 30 }, () => conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 60 + Math.floor(Math.random() * 600) }]));
    for (let index = 0; index < ended.length; index += 3) await conferencesEnd(ended.slice(index, index + 3));
    await expectChargedOnce(legsOf(ended));
    expect(await billing.inboxEvent.count({ where: { status: 'APPLIED' } })).toBe(30);
  });
});
