/**
 * A subgraph going down must not take the platform with it: the gateway answers with what
 * the other subgraphs own and an error naming the missing one, and keeps serving; its /ready
 * stays 200, degraded, naming the missing one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ customers: 3, subgraphProbeIntervalMs: 100 });
  await stack.subgraphs.billing.stop();
});

afterAll(() => stack?.stop());

it('answers with sales and bookings data and names billing as unavailable', async () => {
  const customer = stack.world.sales.customers[0]!;
  const { data, errors } = await stack.query<{ customer: { legalName: string; contractRates: unknown[]; invoices: unknown; bookings: unknown[] } }>(
    `query ($id: ID!) { customer(id: $id) { legalName contractRates { service } invoices { number } bookings { title } } }`,
    { id: customer.id },
  );

  expect(data!.customer.legalName).toBe(customer.legalName);
  expect(data!.customer.contractRates).toHaveLength(3);
  expect(data!.customer.bookings).toHaveLength(4);
  expect(data!.customer.invoices).toBeNull();
  expect(errors).toHaveLength(1);
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'billing' });
  expect(errors![0]!.message).toContain('billing');
});

it('keeps the customer from sales when the README query asks billing for its current figures', async () => {
  const customer = stack.world.sales.customers[0]!;
  const { data, errors } = await stack.query<{ customer: { legalName: string; contractRates: unknown[]; currentBilling: unknown } | null }>(
    `query ($id: ID!) { customer(id: $id) { legalName contractRates { service } currentBilling { calls chargesToDate { amount currency } } } }`,
    { id: customer.id },
  );
  expect(data!.customer).not.toBeNull();
  expect(data!.customer!.legalName).toBe(customer.legalName);
  expect(data!.customer!.contractRates).toHaveLength(3);
  expect(data!.customer!.currentBilling).toBeNull();
  expect(errors!.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'billing' })]);
});

it('keeps a page of customers when billing is down', async () => {
  const { data, errors } = await stack.query<{ customers: { edges: { node: { legalName: string; currentBilling: unknown } }[] } }>(
    `{ customers(first: 3) { edges { node { legalName currentBilling { calls } } } } }`,
  );
  expect(data!.customers.edges).toHaveLength(3);
  expect(data!.customers.edges.every(({ node }) => node.legalName && node.currentBilling === null)).toBe(true);
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'billing' });
});

it('keeps a booking when conferencing is down', async () => {
  await stack.subgraphs.conferencing.stop();
  const booking = stack.world.bookings.bookings[0]!;
  const { data, errors } = await stack.query<{ booking: { title: string; bridge: unknown; conferences: unknown } | null }>(
    `query ($id: ID!) { booking(id: $id) { title bridge { accessCode } conferences { startedAt } } }`,
    { id: booking.id },
  );
  expect(data!.booking).toEqual({ title: booking.title, bridge: null, conferences: null });
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'conferencing' });
});

it('keeps serving the queries that do not need the missing subgraph', async () => {
  const { data, errors } = await stack.query<{ customers: { edges: unknown[] } }>(`{ customers(first: 3) { edges { node { legalName } } } }`);
  expect(errors).toBeUndefined();
  expect(data!.customers.edges).toHaveLength(3);
});

it("keeps the gateway's /ready at 200, degraded, naming the stopped subgraphs from their own /ready", async () => {
  const sales = await fetch(new URL('/ready', stack.subgraphs.sales.url));
  expect(await sales.json()).toEqual({ status: 'ready', database: 'up', migrations: 'up' });
  const deadline = performance.now() + 20_000;
  let answer: { status: number; body: any };
  do {
    const response = await fetch(new URL('/ready', stack.gatewayUrl));
    answer = { status: response.status, body: await response.json() };
    if (answer.body.subgraphs.sales === 'up' && answer.body.subgraphs.billing === 'down' && answer.body.subgraphs.conferencing === 'down') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (performance.now() < deadline);
  expect(answer).toEqual({
    status: 200,
    body: { status: 'degraded', supergraph: 'up', subgraphs: { sales: 'up', billing: 'down', bookings: 'up', conferencing: 'down', mailings: 'up' } },
  });
});
