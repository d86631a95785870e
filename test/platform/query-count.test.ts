/**
 * The batching guarantee, measured at the database driver: a page of customers with their
 * contract rates (sales), current billing (billing) and bookings (bookings) costs the same
 * number of SQL statements for 200 customers as for 20.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { startStack, type Stack } from '../support/stack.js';

const PAGE = `
  query Page($first: Int!) {
    customers(first: $first) {
      edges {
        node {
          id
          legalName
          contacts { fullName }
          contractRates { service unitPrice { amount currency } billingIncrementSeconds }
          currentBilling { period { startsOn } calls legs billedMinutes chargesToDate { amount currency } }
          invoices { number total { amount } }
          bookings { title scheduledStart bridge { dialInNumber } }
        }
      }
    }
  }`;

let stack: Stack;

beforeAll(async () => {
  // The relays' polling would add statements to whichever request it overlaps. The answer cache
  // would answer the second page from what the first kept, and add its data-version checks: the
  // subgraphs' own statements are measured here (test/gateway/answer-cache.test.ts, the cache's).
  stack = await startStack({ customers: 200, deliverEvents: false, answerCacheMb: 0 });
});

afterAll(() => stack?.stop());

/**
 * The subgraphs the page asks. Mailings is left out: its campaign runner looks for abandoned
 * campaigns every few seconds, which a slow machine's request can overlap.
 */
const ASKED: SubgraphName[] = ['sales', 'billing', 'bookings', 'conferencing'];

async function statementsFor(first: number): Promise<Partial<Record<SubgraphName, number>>> {
  for (const name of ASKED) stack.queries(name).reset();
  const result = await stack.query<{ customers: { edges: { node: { contractRates: unknown[]; bookings: unknown[] } }[] } }>(PAGE, { first });
  expect(result.errors).toBeUndefined();
  const customers = result.data!.customers.edges;
  expect(customers).toHaveLength(first);
  expect(customers.every(({ node }) => node.contractRates.length === 3 && node.bookings.length === 4)).toBe(true);
  return Object.fromEntries(ASKED.map((name) => [name, stack.queries(name).total]));
}

it('costs the same number of SQL statements for 200 customers as for 20', async () => {
  const twenty = await statementsFor(20);
  const twoHundred = await statementsFor(200);
  console.log(`SQL statements per request: 20 customers ${JSON.stringify(twenty)}; 200 customers ${JSON.stringify(twoHundred)}`);
  expect(twoHundred).toEqual(twenty);
  // Each subgraph answers with a handful of batched statements, never one per customer.
  for (const count of Object.values(twoHundred)) expect(count).toBeLessThanOrEqual(6);
});
