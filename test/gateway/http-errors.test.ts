/**
 * A request that is not a GraphQL request (malformed or oversized body, an operation that
 * cannot be chosen, a query that does not parse) gets a GraphQL JSON error with the right
 * HTTP status from the gateway and from every subgraph: never an HTML page, never a stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { buildGateway } from '../../gateway/server.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { DEFAULT_BODY_LIMIT_BYTES, serveGraphQL, type ServedGraphQL } from '../../subgraphs/shared/http-server.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let productionGateway: ServedGraphQL;
const targets: Record<string, () => string> = {
  gateway: () => stack.gatewayUrl,
  'gateway (production)': () => productionGateway.url,
  sales: () => stack.subgraphs.sales.url,
  billing: () => stack.subgraphs.billing.url,
  bookings: () => stack.subgraphs.bookings.url,
  conferencing: () => stack.subgraphs.conferencing.url,
  mailings: () => stack.subgraphs.mailings.url,
};

beforeAll(async () => {
  stack = await startStack({ customers: 2 });
  const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, { url }]) => [name, url])) as Record<SubgraphName, string>;
  const gateway = buildGateway({ supergraphSdl: composeSupergraph().supergraphSdl, identity: stack.gatewayIdentity, subgraphUrls, production: true });
  productionGateway = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
});

afterAll(async () => {
  await productionGateway?.stop();
  await stack?.stop();
});

const postJson = async (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await stack.authorization(url) }, body });

async function expectGraphQLError(response: Response, status: number, code: string, { stackAllowed = false } = {}) {
  const text = await response.text();
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  expect(text).not.toMatch(/<html|<pre|<!DOCTYPE/i);
  const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string; stacktrace?: unknown } }[] };
  expect(body.errors[0]!.extensions.code).toBe(code);
  if (!stackAllowed) expect(text).not.toMatch(/stacktrace|node_modules|\s+at \S+ \(/);
  return body.errors[0]!;
}

describe.each(Object.keys(targets))('%s', (target) => {
  const url = () => targets[target]!();
  // Development answers GraphQL errors with their stack on purpose; production never does.
  const stackAllowed = target !== 'gateway (production)';

  it('answers a malformed JSON body with 400 BAD_REQUEST', async () => {
    const error = await expectGraphQLError(await postJson(url(), '{"query": "{ __typename }"'), 400, 'BAD_REQUEST');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('answers a body over the limit with 413', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES) } });
    const error = await expectGraphQLError(await postJson(url(), body), 413, 'BAD_REQUEST');
    expect(error.message).toMatch(/larger than the limit/);
  });

  it('answers two operations without operationName with 400', async () => {
    const response = await postJson(url(), JSON.stringify({ query: 'query A { __typename } query B { __typename }' }));
    const error = await expectGraphQLError(response, 400, 'OPERATION_RESOLUTION_FAILURE', { stackAllowed });
    expect(error.message).toMatch(/operation name|operationName/i);
  });

  it('answers a GET with a query that does not parse with 400', async () => {
    const response = await fetch(`${url()}?query=${encodeURIComponent('{ customer(')}`, { headers: { 'apollo-require-preflight': 'true', authorization: await stack.authorization(url()) } });
    await expectGraphQLError(response, 400, 'GRAPHQL_PARSE_FAILED', { stackAllowed });
  });
});

it('still serves Apollo Sandbox on GET / with Accept: text/html', async () => {
  const response = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(/embeddable-sandbox/);
});
