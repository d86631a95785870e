/**
 * The gateway's answer cache (gateway/answer-cache/, SUBGRAPH_CACHE_MB) on the whole platform:
 * a repeated query is answered without the subgraphs reading their data, and no answer it serves
 * is ever stale. Each read is compared with the answer a person who never asked before gets at
 * that moment (nothing is kept for them, so theirs is read afresh), after writes through the
 * gateway, writes beside it (SQL, as an event applied or an operator's fix would), a rate taking
 * effect with no write at all, a new month, and in random sequences of all of these.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nextQuarterHourAfter } from '../../subgraphs/shared/answer-versions.js';
import { testDatabaseMode } from '../support/databases.js';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';

const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) { legalName email
  contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
  currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } }
  bookings { title scheduledStart durationMinutes status } } }`;
const ROLES = ['salesperson', 'conference-operator'];
const CACHED = ['sales', 'billing', 'bookings'] as const;

/**
 * Whether this stack's data versions move with its own commits alone. On the PostgreSQL pass
 * every test file's databases share one server, whose snapshot any of them moves: a kept answer
 * may have to be fetched again at any moment there (never served stale), so that hits happen is
 * checked on PGlite, where each stack has a cluster of its own.
 */
const versionsAreOurOwn = testDatabaseMode === 'pglite';

let stack: Stack;
let freshPeople = 0;

beforeAll(async () => {
  stack = await startStack({ customers: 4, deliverEvents: false });
}, 120_000);

afterAll(() => stack?.stop());

const customerIds = () => stack.world.sales.customers.map(({ id }) => id);

async function readAs(person: string, id: string) {
  return postGraphQL(stack.gatewayUrl, CUSTOMER_360, { id }, await stack.token(ROLES, `answer-cache:${person}`));
}

/** The answer now, read afresh: a person never seen before has nothing kept. */
async function freshAnswer(id: string) {
  freshPeople += 1;
  return readAs(`fresh-${freshPeople}`, id);
}

async function cacheHits(): Promise<number> {
  const counted = (await stack.gatewayMetrics.registry.getSingleMetric('integra_gateway_cached_fetches_total')!.get()).values;
  return counted.filter(({ labels }) => labels.outcome === 'hit').reduce((sum, { value }) => sum + value, 0);
}

function resetStatements(): void {
  for (const name of CACHED) stack.queries(name).reset();
}

/** Sets the stack's clock to just after its next quarter hour: a test then has 15 minutes before the date-based rule ends its kept answers. */
function justAfterAQuarterHour(): void {
  const now = stack.clock.now();
  stack.clock.advance(nextQuarterHourAfter(now).getTime() - now.getTime() + 1_000);
}

it('answers a repeated query from the kept answers, the same as the first time, with one data-version check per subgraph', async () => {
  const [id] = customerIds();
  const first = await readAs('repeat', id!);
  expect(first.errors).toBeUndefined();
  const hitsBefore = await cacheHits();
  resetStatements();
  const again = await readAs('repeat', id!);
  expect(again).toEqual(first);
  if (!versionsAreOurOwn) return;
  // sales, billing and bookings each answered from the gateway's store, after one check apiece.
  expect(await cacheHits()).toBe(hitsBefore + 3);
  expect(Object.fromEntries(CACHED.map((name) => [name, stack.queries(name).total]))).toEqual({ sales: 1, billing: 1, bookings: 1 });
});

it("never serves one person's kept answer to another", async () => {
  const [, id] = customerIds();
  const first = await readAs('first-person', id!);
  const hits = await cacheHits();
  resetStatements();
  expect(await readAs('second-person', id!)).toEqual(first);
  // The second person's fetches were all sent: nothing kept served them, each subgraph read its data.
  expect(await cacheHits()).toBe(hits);
  for (const name of CACHED) expect(stack.queries(name).total).toBeGreaterThan(0);
});

it('sees at once a change made through the gateway', async () => {
  const [id] = customerIds();
  await readAs('writer', id!);
  const renamed = await postGraphQL(
    stack.gatewayUrl,
    'mutation ($id: ID!, $legalName: String!) { updateCustomer(id: $id, input: { legalName: $legalName }) { legalName } }',
    { id, legalName: 'Renamed Through The Gateway S.r.l.' },
    await stack.token(['salesperson'], 'answer-cache:writer'),
  );
  expect(renamed.errors).toBeUndefined();
  const after = await readAs('writer', id!);
  expect((after.data as { customer: { legalName: string } }).customer.legalName).toBe('Renamed Through The Gateway S.r.l.');
  expect(after).toEqual(await freshAnswer(id!));
});

it('sees at once a change committed beside the gateway, in any subgraph', async () => {
  const [, , id] = customerIds();
  await readAs('beside', id!);
  await stack.sql('sales', `UPDATE "Customer" SET "legalName" = 'Renamed In SQL S.p.A.' WHERE id = '${id}'`);
  const renamed = await readAs('beside', id!);
  expect((renamed.data as { customer: { legalName: string } }).customer.legalName).toBe('Renamed In SQL S.p.A.');
  // A booking's title changed in bookings' own database (as an event applied there would).
  await stack.sql('bookings', `UPDATE "Booking" SET title = title || ' (moved)' WHERE "customerId" = '${id}'`);
  expect(await readAs('beside', id!)).toEqual(await freshAnswer(id!));
});

it('shows a contract rate from the instant it takes effect, with no write in between', async () => {
  justAfterAQuarterHour();
  const [id] = customerIds();
  const takesEffect = new Date(stack.clock.now().getTime() + 5 * 60_000).toISOString();
  const [rate] = await stack.sql<{ id: string }>(
    'sales',
    `SELECT r.id FROM "ContractRate" r JOIN "Contract" c ON c.id = r."contractId" WHERE c."customerId" = '${id}' AND r."effectiveTo" IS NULL ORDER BY r.id LIMIT 1`,
  );
  expect(rate).toBeDefined();
  await stack.sql('sales', `UPDATE "ContractRate" SET "effectiveTo" = '${takesEffect}'::timestamp WHERE id = '${rate!.id}'`);
  await stack.sql(
    'sales',
    `INSERT INTO "ContractRate" (id, "contractId", service, "unitPrice", unit, "billingIncrementSeconds", currency, "effectiveFrom")
     SELECT gen_random_uuid(), "contractId", service, "unitPrice" + 1, unit, "billingIncrementSeconds", currency, '${takesEffect}'::timestamp FROM "ContractRate" WHERE id = '${rate!.id}'`,
  );
  const before = await readAs('rates', id!);
  const hits = await cacheHits();
  expect(await readAs('rates', id!)).toEqual(before);
  if (versionsAreOurOwn) expect(await cacheHits()).toBeGreaterThan(hits);
  stack.clock.advance(5 * 60_000);
  const after = await readAs('rates', id!);
  expect(after).not.toEqual(before);
  expect(after).toEqual(await freshAnswer(id!));
});

it("shows the new month's billing figures once the month has turned", async () => {
  const [, id] = customerIds();
  const before = await readAs('new-month', id!);
  stack.clock.advance(31 * 24 * 60 * 60_000);
  const after = await readAs('new-month', id!);
  expect((after.data as { customer: { currentBilling: unknown } }).customer.currentBilling).not.toEqual((before.data as { customer: { currentBilling: unknown } }).customer.currentBilling);
  expect(after).toEqual(await freshAnswer(id!));
});

it('answers every read as a fresh read would, whatever writes and clock moves come between (property)', async () => {
  // Two customers and mostly one person, so that reads repeat what is kept; clock moves mostly
  // within a quarter hour, sometimes across months.
  const customer = fc.nat(1);
  const step = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), customer, person: fc.constantFrom('p1', 'p1', 'p2') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), customer, suffix: fc.stringMatching(/^[A-Za-z ]{1,12}$/) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retitle' as const), customer }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 15, max: 60 * 24 * 40 })) }) },
  );
  const hitsBefore = await cacheHits();
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
      const ids = customerIds();
      for (const s of steps) {
        if (s.kind === 'rename') await stack.sql('sales', `UPDATE "Customer" SET "legalName" = 'Cliente ${s.suffix}' WHERE id = '${ids[s.customer]}'`);
        else if (s.kind === 'retitle') await stack.sql('bookings', `UPDATE "Booking" SET title = left(title, 60) || '.' WHERE "customerId" = '${ids[s.customer]}'`);
        else if (s.kind === 'advance') stack.clock.advance(s.minutes * 60_000);
        else expect(await readAs(s.person, ids[s.customer]!)).toEqual(await freshAnswer(ids[s.customer]!));
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 15), seed: 20_261_207 },
  );
  // Kept answers were served along the way: the property held with the cache at work.
  if (versionsAreOurOwn) expect(await cacheHits()).toBeGreaterThan(hitsBefore);
}, 120_000);
