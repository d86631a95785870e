/**
 * What the subgraphs tell the gateway's answer cache (subgraphs/shared/answer-versions.ts):
 * `/data-version` only to a service token, and a version that a read leaves alone and any commit
 * moves; a stamp on a query's answer only when asked, never on a mutation's, an answer with an
 * error, or one that read another service (billing's invoice recipient comes from sales).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSWER_VERSION_EXTENSION, ANSWER_VERSION_HEADER, DATA_VERSION_PATH, type AnswerVersion, type DataVersionNow } from '../../subgraphs/shared/answer-versions.js';
import { testDatabaseMode } from '../support/databases.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * On the PostgreSQL pass every test file's databases share one server, whose snapshot the other
 * files' commits move at any moment: that a read leaves the version alone is checked on PGlite,
 * where each stack has a cluster of its own.
 */
const versionsAreOurOwn = testDatabaseMode === 'pglite';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ customers: 2, deliverEvents: false });
}, 120_000);

afterAll(() => stack?.stop());

const dataVersionUrl = (subgraph: 'sales' | 'billing' | 'bookings' | 'conferencing' | 'mailings') => new URL(DATA_VERSION_PATH, stack.subgraphs[subgraph].url);

/** The gateway's service token, as it sends to the subgraph's GraphQL endpoint. */
const serviceToken = (subgraph: keyof Stack['subgraphs']) => stack.authorization(stack.subgraphs[subgraph].url);

async function askDataVersion(subgraph: 'sales' | 'billing' | 'bookings', headers: Record<string, string> = {}) {
  return fetch(dataVersionUrl(subgraph), { method: 'POST', headers: { 'content-type': 'application/json', authorization: await serviceToken(subgraph), ...headers }, body: '{}' });
}

async function dataVersionOf(subgraph: 'sales' | 'billing' | 'bookings'): Promise<DataVersionNow> {
  const response = await askDataVersion(subgraph);
  expect(response.status).toBe(200);
  return (await response.json()) as DataVersionNow;
}

/** A GraphQL request straight to a subgraph with the gateway's token, asking for a stamp unless told not to. */
async function askSubgraph(subgraph: 'sales' | 'billing', query: string, variables: Record<string, unknown> = {}, wantStamp = true) {
  const { url } = stack.subgraphs[subgraph];
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await stack.authorization(url), ...(wantStamp ? { [ANSWER_VERSION_HEADER]: 'wanted' } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> };
}

const stampOf = (answer: { extensions?: Record<string, unknown> }) => answer.extensions?.[ANSWER_VERSION_EXTENSION] as AnswerVersion | undefined;

it('refuses /data-version without a service token, before reading anything', async () => {
  stack.queries('sales').reset();
  const response = await fetch(dataVersionUrl('sales'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(401);
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  const forged = await fetch(dataVersionUrl('sales'), { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: '{}' });
  expect(forged.status).toBe(401);
  expect(stack.queries('sales').total).toBe(0);
});

it('refuses /data-version to a web page, whatever its token', async () => {
  expect((await askDataVersion('sales', { origin: 'https://evil.example' })).status).toBe(403);
});

it("answers the service's data version and business clock: a read leaves the version alone, a commit moves it", async () => {
  const first = await dataVersionOf('billing');
  expect(Math.abs(first.nowMs - stack.clock.now().getTime())).toBeLessThan(5_000);
  await askSubgraph('billing', '{ __typename }');
  if (versionsAreOurOwn) expect((await dataVersionOf('billing')).dataVersion).toBe(first.dataVersion);
  await stack.sql('billing', 'UPDATE "BillingAccount" SET "timeZone" = "timeZone"');
  expect((await dataVersionOf('billing')).dataVersion).not.toBe(first.dataVersion);
});

it('answers no data version where answers are not the database alone (the bridge, the mailing files)', async () => {
  for (const subgraph of ['conferencing', 'mailings'] as const) {
    const response = await fetch(dataVersionUrl(subgraph), { method: 'POST', headers: { 'content-type': 'application/json', authorization: await serviceToken(subgraph) }, body: '{}' });
    // Not a route there: the request falls to GraphQL, which finds no query in it.
    expect(response.status).toBe(400);
    expect(await response.json()).not.toHaveProperty('dataVersion');
  }
});

it('stamps a query answer only when asked, with the version it was read at and the instants it holds between', async () => {
  const id = stack.world.sales.customers[0]!.id;
  const query = 'query ($id: ID!) { customer(id: $id) { legalName contractRates { service } } }';
  const before = await dataVersionOf('sales');
  const stamped = await askSubgraph('sales', query, { id });
  const stamp = stampOf(stamped)!;
  // The stamp's version was read before the resolvers ran: the one just read, or a later one.
  if (versionsAreOurOwn) expect(stamp.dataVersion).toBe(before.dataVersion);
  else expect(stamp.dataVersion.split('/')[0]).toBe(before.dataVersion.split('/')[0]);
  expect(stamp.validFromMs).toBeGreaterThanOrEqual(before.nowMs);
  expect(stamp.validUntilMs).toBeGreaterThan(stamp.validFromMs);
  expect(stamp.validUntilMs - stamp.validFromMs).toBeLessThanOrEqual(15 * 60_000);
  const plain = await askSubgraph('sales', query, { id }, false);
  expect(plain.extensions).toBeUndefined();
  expect(plain.data).toEqual(stamped.data);
});

it('never stamps a mutation, an answer with an error, or one that read another service', async () => {
  const { id, legalName } = stack.world.sales.customers[0]!;
  const mutation = await askSubgraph('sales', 'mutation ($id: ID!, $name: String!) { updateCustomer(id: $id, input: { legalName: $name }) { legalName } }', { id, name: legalName });
  expect(mutation.errors).toBeUndefined();
  expect(stampOf(mutation)).toBeUndefined();
  // A resolver's error (a cursor this API never gave), after the version was read.
  const failed = await askSubgraph('sales', '{ customers(first: 1, after: "bm90LWEtY3Vyc29y") { edges { node { legalName } } } }');
  expect(failed.errors?.length).toBeGreaterThan(0);
  expect(stampOf(failed)).toBeUndefined();
  const invoiceId = stack.world.billing.eInvoiceFiles[0]?.invoiceId;
  expect(invoiceId).toBeDefined();
  const own = await askSubgraph('billing', 'query ($id: ID!) { invoice(id: $id) { number eInvoiceStatus { fileName } } }', { id: invoiceId });
  expect(own.errors).toBeUndefined();
  expect(stampOf(own)).toBeDefined();
  const withRecipient = await askSubgraph('billing', 'query ($id: ID!) { invoice(id: $id) { number eInvoiceStatus { recipient { legalName } } } }', { id: invoiceId });
  expect(withRecipient.errors).toBeUndefined();
  expect(stampOf(withRecipient)).toBeUndefined();
});
