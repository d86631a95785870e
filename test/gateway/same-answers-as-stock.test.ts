/**
 * Whatever Integra's gateway does to be fast (its own fetcher, caches per document, merged
 * in-flight calls), it answers every operation `npm run bench` drives with the very bytes stock
 * `@apollo/gateway` answers over the same subgraphs and supergraph.
 */
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchOperations } from '../../scripts/lib/bench-operations.js';
import { buildStockGateway } from '../../scripts/lib/peer-gateways/stock-gateway-server.js';
import { composeSupergraph } from '../../gateway/composition.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { identityOf, PERSON_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let stock: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  // A page of 100 needs more than 100 customers.
  stack = await startStack({ customers: 120, deliverEvents: false });
  const serviceToken = await stack.credentials.gateway.bearerFor(identityOf('bench:same-answers', [...PERSON_ROLES]));
  const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>;
  const server = buildStockGateway({ supergraphSdl: composeSupergraph().supergraphSdl, subgraphUrls, authorization: () => `Bearer ${serviceToken}` });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  stock = { url, stop: () => server.stop() };
}, 120_000);

afterAll(async () => {
  await stock?.stop();
  await stack?.stop();
});

async function answer(url: string, body: string, authorization?: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
  return `HTTP ${response.status} ${await response.text()}`;
}

it('answers every benchmark operation byte for byte as stock @apollo/gateway does', async () => {
  const operations = benchOperations({
    customers: stack.world.sales.customers.map(({ id, legalName }) => ({ id, legalName })),
    invoiceIds: stack.world.billing.invoices.map(({ id }) => id),
  });
  expect(operations.length).toBeGreaterThanOrEqual(6);
  for (const operation of operations) {
    const authorization = `Bearer ${await stack.token(operation.roles, 'bench:same-answers')}`;
    for (let sample = 0; sample < 3; sample += 1) {
      const body = operation.nextBody();
      // Sent to both at once, as a benchmark's clients do: Integra merges identical calls in flight.
      const [integra, stockAnswer] = await Promise.all([answer(stack.gatewayUrl, body, authorization), answer(stock.url, body)]);
      expect(stockAnswer, `${operation.name}: stock answered`).toMatch(/^HTTP 200 \{"data":/);
      expect(integra, `${operation.name}, request ${body}`).toBe(stockAnswer);
    }
  }
});
