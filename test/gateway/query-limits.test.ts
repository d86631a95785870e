/**
 * A request cannot make the platform do unbounded work: depth, aliases and size are refused
 * at the gateway with a client error, before any subgraph is asked.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../gateway/server.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ customers: 3 });
});

afterAll(() => stack?.stop());

function nested(levels: number): string {
  let selection = 'id';
  for (let level = 0; level < levels; level += 1) selection = `contracts { customer { ${selection} } }`;
  return `query ($id: ID!) { customer(id: $id) { ${selection} } }`;
}

it('refuses a query nested deeper than the limit, asking no subgraph', async () => {
  stack.queries('sales').reset();
  const result = await stack.query(nested(Math.ceil(QUERY_LIMITS.maxDepth / 2)), { id: stack.world.sales.customers[0]!.id });
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(result.errors?.[0]?.message).toMatch(/depth|cost/i);
  expect(stack.queries('sales').total).toBe(0);
});

it('answers a query of ordinary depth', async () => {
  const result = await stack.query(nested(3), { id: stack.world.sales.customers[0]!.id });
  expect(result.errors).toBeUndefined();
});

it('refuses thousands of aliases', async () => {
  const aliases = Array.from({ length: 1000 }, (_, index) => `a${index}: customers(first: 500) { edges { node { id } } }`).join(' ');
  const result = await stack.query(`{ ${aliases} }`);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_(VALIDATION|PARSE)_FAILED/);
});

it('refuses a document too deep to parse with a client error, not a crash', async () => {
  const result = await stack.query(nested(5000), { id: stack.world.sales.customers[0]!.id });
  expect(result.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_(VALIDATION|PARSE)_FAILED/);
});
