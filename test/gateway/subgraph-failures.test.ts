/**
 * How the gateway copes with a subgraph that does not answer properly: a frozen one (timeout),
 * one whose connection breaks (a query sent again, never a mutation), one that refuses
 * the request (its errors pass through), and that it logs why, once per failed fetch.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { buildGateway, DEFAULT_SUBGRAPH_TIMEOUT_MS } from '../../gateway/server.js';
import { SALES_CHECK_TIMEOUT_MS, salesCustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { serveGraphQL, type ServedGraphQL } from '../../subgraphs/shared/http-server.js';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const { supergraphSdl } = composeSupergraph();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  stack = await startStack({ customers: 3 });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await stack?.stop();
});

function realUrls(): Record<SubgraphName, string> {
  return Object.fromEntries(Object.entries(stack.subgraphs).map(([name, { url }]) => [name, url])) as Record<SubgraphName, string>;
}

/** A gateway over the stack's subgraphs, some replaced, with a spy for its log. */
async function gatewayWith(replaced: Partial<Record<SubgraphName, string>>, subgraphTimeoutMs = 5000) {
  const warn = vi.fn<(message: string) => void>();
  const gateway = buildGateway({ supergraphSdl, identity: stack.gatewayIdentity, subgraphUrls: { ...realUrls(), ...replaced }, subgraphTimeoutMs, logger: { warn } });
  const served: ServedGraphQL = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
  cleanups.push(() => served.stop());
  return { url: served.url, warn };
}

/** A stand-in subgraph on loopback; `handle` decides what each request gets. */
async function stubSubgraph(handle: (request: http.IncomingMessage, response: http.ServerResponse, index: number) => void): Promise<string> {
  let index = 0;
  const server = http.createServer((request, response) => handle(request, response, index++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** Forwards to a real subgraph, except the requests `reset` picks, whose connection it destroys. */
function resettingProxy(target: string, reset: (index: number) => boolean, seen: string[]) {
  return stubSubgraph((request, response, index) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      seen.push(body);
      if (reset(index)) {
        request.socket.destroy();
        return;
      }
      const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' }, body });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(await answer.text());
    });
  });
}

const PAGE_WITH_BILLING = '{ customers(first: 3) { edges { node { legalName currentBilling { calls } } } } }';

it('answers without a frozen subgraph once its timeout has passed, and logs why', async () => {
  const frozen = await stubSubgraph(() => {}); // accepts, reads, never answers
  const { url, warn } = await gatewayWith({ billing: frozen }, 300);

  const { data, errors } = await postGraphQL<{ customers: { edges: { node: { legalName: string; currentBilling: unknown } }[] } }>(url, PAGE_WITH_BILLING, {}, await stack.token());

  expect(data!.customers.edges.map(({ node }) => node.legalName)).toEqual(expect.arrayContaining([stack.world.sales.customers[0]!.legalName]));
  expect(data!.customers.edges.every(({ node }) => node.currentBilling === null)).toBe(true);
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'billing' });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![0]).toMatch(/billing.*no answer within 300 ms/);
});

it('sends a query once more when the subgraph reset the connection, and answers in full', async () => {
  const seen: string[] = [];
  const flaky = await resettingProxy(stack.subgraphs.sales.url, (index) => index === 0, seen);
  const { url, warn } = await gatewayWith({ sales: flaky });

  const { data, errors } = await postGraphQL<{ customers: { edges: unknown[] } }>(url, '{ customers(first: 2) { edges { node { legalName } } } }', {}, await stack.token());

  expect(errors).toBeUndefined();
  expect(data!.customers.edges).toHaveLength(2);
  expect(seen).toHaveLength(2);
  expect(warn).not.toHaveBeenCalled();
});

it('never sends a mutation twice: a reset connection makes the subgraph unavailable', async () => {
  const seen: string[] = [];
  const flaky = await resettingProxy(stack.subgraphs.sales.url, () => true, seen);
  const { url, warn } = await gatewayWith({ sales: flaky });

  const { errors } = await postGraphQL(url, 'mutation { activateContract(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, await stack.token());

  expect(seen).toHaveLength(1);
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![0]).toMatch(/sales.*(ECONNRESET|UND_ERR_SOCKET|other side closed)/);
});

it('logs a refused connection once per failed fetch, not once per field', async () => {
  const closed = await stubSubgraph(() => {});
  cleanups.pop()!(); // nothing listens there any more
  await new Promise((resolve) => setTimeout(resolve, 50));
  const { url, warn } = await gatewayWith({ billing: closed });

  const { data, errors } = await postGraphQL<{ customers: { edges: unknown[] } }>(url, PAGE_WITH_BILLING, {}, await stack.token());

  expect(data!.customers.edges).toHaveLength(3);
  expect(errors).toHaveLength(1);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![0]).toMatch(/billing.*ECONNREFUSED/);
});

it('logs the HTTP status of a subgraph answering 502', async () => {
  const failing = await stubSubgraph((_request, response) => {
    response.writeHead(502, { 'content-type': 'text/plain' });
    response.end('bad gateway');
  });
  const { url, warn } = await gatewayWith({ billing: failing });

  const { errors } = await postGraphQL(url, PAGE_WITH_BILLING, {}, await stack.token());

  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'billing' });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![0]).toMatch(/billing.*HTTP 502/);
});

it("passes a subgraph's 400 GraphQL errors through with their code and message, without its URL", async () => {
  const refusing = await stubSubgraph((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: 'first: must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT', field: 'first' } }] }));
    });
  });
  const { url, warn } = await gatewayWith({ sales: refusing });

  const result = await postGraphQL(url, '{ customers(first: 2) { edges { node { legalName } } } }', {}, await stack.token());

  expect(result.errors![0]!.message).toBe('first: must be between 1 and 100');
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  expect(JSON.stringify(result)).not.toContain(refusing);
  expect(JSON.stringify(result)).not.toMatch(/400: Bad Request|127\.0\.0\.1/);
  expect(warn).not.toHaveBeenCalled();
});

it('names sales, not bookings, when createBooking cannot reach sales', async () => {
  await stack.subgraphs.sales.stop();
  const { errors } = await stack.query(
    `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }`,
    {
      input: {
        customerId: stack.world.sales.customers[0]!.id,
        title: 'Quarterly review',
        organiserName: 'Giulia Bianchi',
        organiserEmail: 'giulia.bianchi@example.com',
        scheduledStart: new Date(stack.clock.now().getTime() + 48 * 3600_000).toISOString(),
        durationMinutes: 60,
        expectedParticipants: 5,
      },
    },
  );
  expect(errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' });
  expect(errors![0]!.message).toMatch(/[Ss]ales/);
});

it('names sales when sales is frozen: bookings gives up on it before the gateway gives up on bookings', async () => {
  expect(SALES_CHECK_TIMEOUT_MS).toBeLessThan(DEFAULT_SUBGRAPH_TIMEOUT_MS);
  const frozenSales = await stubSubgraph(() => {});
  const log = vi.fn();
  const directory = salesCustomerDirectory(frozenSales, { log, credentials: stack.credentials.bookings });
  const started = performance.now();
  const refusal = await directory.standing(stack.world.sales.customers[0]!.id, stack.clock.now()).catch((error: unknown) => error);
  expect(performance.now() - started).toBeLessThan(DEFAULT_SUBGRAPH_TIMEOUT_MS);
  expect((refusal as { extensions?: unknown }).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' });
  expect(log).toHaveBeenCalledWith(expect.stringContaining(`no answer within ${SALES_CHECK_TIMEOUT_MS} ms`));
});
