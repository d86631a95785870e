/**
 * The gateway merges the fetches of one person's requests in flight at once (gateway/batching/):
 * each request still gets exactly the answer it gets alone, the subgraphs run fewer statements,
 * and one person's fetches never carry another's entities or root fields.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';

const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) { legalName email
  contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
  currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } }
  bookings { title scheduledStart durationMinutes status } } }`;
const ROLES = ['salesperson', 'conference-operator'];

let stack: Stack;
let alone: Map<string, unknown>;
/** The SQL statements sales (root field) and billing (entities) run for one customer-360 asked alone. */
let statementsAlone: { sales: number; billing: number };

beforeAll(async () => {
  // Batching alone is measured: the answer cache would add data-version checks shared by everyone.
  stack = await startStack({ customers: 12, deliverEvents: false, answerCacheMb: 0 });
  const token = await stack.token(ROLES, 'batching:alone');
  alone = new Map();
  for (const { id } of stack.world.sales.customers) {
    resetStatements();
    const answer = await postGraphQL(stack.gatewayUrl, CUSTOMER_360, { id }, token);
    statementsAlone = statements();
    expect(answer.errors).toBeUndefined();
    alone.set(id, answer);
  }
}, 120_000);

afterAll(() => stack?.stop());

function resetStatements(): void {
  stack.queries('sales').reset();
  stack.queries('billing').reset();
}
const statements = () => ({ sales: stack.queries('sales').total, billing: stack.queries('billing').total });

it("answers one person's requests in flight at once each as it answers it alone, with fewer statements", async () => {
  const token = await stack.token(ROLES, 'batching:one-person');
  const customers = stack.world.sales.customers;
  resetStatements();
  const answers = await Promise.all(customers.map(({ id }) => postGraphQL(stack.gatewayUrl, CUSTOMER_360, { id }, token)));
  answers.forEach((answer, index) => expect(answer).toEqual(alone.get(customers[index]!.id)));
  const { sales, billing } = statements();
  expect(sales).toBeLessThan(customers.length * statementsAlone.sales);
  expect(billing).toBeLessThan(customers.length * statementsAlone.billing);
  // Operators see it too: the merged parts counted by subgraph, none refused.
  const counted = (await stack.gatewayMetrics.registry.getSingleMetric('integra_gateway_batched_fetches_total')!.get()).values;
  expect(counted.filter(({ labels }) => labels.outcome === 'merged').reduce((sum, { value }) => sum + value, 0)).toBeGreaterThan(0);
  expect(counted.filter(({ labels }) => labels.outcome === 'refused')).toEqual([]);
});

it("never merges one person's entity fetches with another's", async () => {
  const customers = stack.world.sales.customers;
  const tokens = await Promise.all(customers.map((_, index) => stack.token(ROLES, `batching:person-${index}`)));
  resetStatements();
  const answers = await Promise.all(customers.map(({ id }, index) => postGraphQL(stack.gatewayUrl, CUSTOMER_360, { id }, tokens[index])));
  answers.forEach((answer, index) => expect(answer).toEqual(alone.get(customers[index]!.id)));
  expect(statements()).toEqual({ sales: customers.length * statementsAlone.sales, billing: customers.length * statementsAlone.billing });
});
