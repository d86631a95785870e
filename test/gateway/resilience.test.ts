/**
 * The gateway's resilience towards one subgraph, against a stand-in sales (no database): a query
 * is sent again after a 503 and a mutation is not; the breaker opens after failures (no request
 * reaches the subgraph while it is open) and closes once a probe succeeds; identical queries in
 * flight for the same person share one fetch, different people's and mutations never do; the
 * parts of a merged fetch to a frozen subgraph all fail at its timeout; with the answer cache on,
 * a kept answer is served only after a data-version check, never when the subgraph cannot be asked.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { buildGateway, type GatewayOptions } from '../../gateway/server.js';
import type { SubgraphStateChange } from '../../gateway/subgraph-breakers.js';
import { ANSWER_VERSION_EXTENSION, DATA_VERSION_PATH } from '../../subgraphs/shared/answer-versions.js';
import { serveGraphQL } from '../../subgraphs/shared/http-server.js';
import { testIdentities } from '../support/identity.js';
import { postGraphQL } from '../support/stack.js';
import { CUSTOMERS_PAGE, stubSubgraph, type StubReply, type StubRequest } from '../support/stub-subgraph.js';

const identities = await testIdentities();
const { supergraphSdl } = composeSupergraph();
const nowhere = 'http://127.0.0.1:9/graphql';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CUSTOMERS = '{ customers(first: 2) { edges { node { legalName } } } }';
const ACTIVATE = 'mutation { activateContract(id: "00000000-0000-4000-8000-000000000000") { id } }';
const ACTIVATED = { data: { activateContract: { id: '00000000-0000-4000-8000-000000000000' } } };

/** A gateway whose sales is a stand-in answering with `answer`. */
async function gatewayOverSales(answer: (request: StubRequest) => StubReply, options: Partial<GatewayOptions> = {}) {
  const sales = await stubSubgraph(answer);
  cleanups.push(() => sales.stop());
  const warn = vi.fn<(message: string) => void>();
  const info = vi.fn<(message: string) => void>();
  const gateway = buildGateway({
    supergraphSdl,
    identity: identities.gateway,
    subgraphUrls: { sales: sales.url, billing: nowhere, bookings: nowhere, conferencing: nowhere, mailings: nowhere },
    logger: { warn, info },
    // The layers below the answer cache are tested here; the cache itself has its own tests below.
    answerCacheMb: 0,
    ...options,
  });
  const served = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
  cleanups.push(() => served.stop());
  const token = await identities.token();
  return {
    gateway,
    sales,
    warn,
    info,
    ask: (query: string, bearer = token, variables: Record<string, unknown> = {}) => postGraphQL<Record<string, unknown>>(served.url, query, variables, bearer),
  };
}

const unavailable = { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' };

it('sends a query again after a 503 and answers in full; sends a mutation once', async () => {
  const { sales, ask, warn } = await gatewayOverSales(({ index, body }) =>
    index === 0 || index === 2 ? { status: 503, text: 'restarting' } : { json: body.query?.includes('activateContract') ? ACTIVATED : CUSTOMERS_PAGE },
  );

  const query = await ask(CUSTOMERS);
  expect(query.errors).toBeUndefined();
  expect(query.data).toEqual(CUSTOMERS_PAGE.data);
  expect(sales.received).toHaveLength(2);
  expect(warn).not.toHaveBeenCalled();

  const mutation = await ask(ACTIVATE);
  expect(mutation.errors![0]!.extensions).toMatchObject(unavailable);
  expect(sales.received).toHaveLength(3);
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/sales.*HTTP 503/));
});

it('cuts a retry at the subgraph timeout counted from the first attempt: the caller never waits for a slow second attempt', async () => {
  const timeoutMs = 3_000;
  // The first attempt fails late but with room for a retry; the retry would hang far past the timeout.
  const { sales, ask } = await gatewayOverSales(({ index }) => (index === 0 ? { status: 503, text: 'restarting', delayMs: 2_500 } : { json: CUSTOMERS_PAGE, delayMs: 20 * timeoutMs }), {
    subgraphTimeoutMs: timeoutMs,
  });
  const started = performance.now();
  const answer = await ask(CUSTOMERS);
  const waitedMs = performance.now() - started;
  expect(answer.errors![0]!.extensions).toMatchObject(unavailable);
  expect(sales.received).toHaveLength(2);
  // Cut at the timeout, the caller waits about 3 s; given its own full timeout, the retry would make it 5.5 s.
  expect(waitedMs).toBeGreaterThanOrEqual(timeoutMs - 50);
  expect(waitedMs).toBeLessThan(4_250);
});

it('opens the breaker after failures, fails fast without asking the subgraph, and closes once a probe succeeds', async () => {
  let down = true;
  const { gateway, sales, ask, warn } = await gatewayOverSales(() => (down ? { status: 503, text: 'down' } : { json: CUSTOMERS_PAGE }), {
    retry: { retries: 0, baseDelayMs: 1 },
    breaker: { errorPercent: 50, minRequests: 2, resetMs: 500 },
  });
  const changes: SubgraphStateChange[] = [];
  gateway.subgraphs.on('stateChange', (change) => changes.push(change));

  for (let attempt = 0; attempt < 2; attempt += 1) expect((await ask(CUSTOMERS)).errors![0]!.extensions).toMatchObject(unavailable);
  expect(gateway.subgraphs.states()).toEqual({ sales: 'open' });
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/sales subgraph keeps failing/));
  const openGauge = await gateway.metrics.registry.getSingleMetric('integra_gateway_subgraph_breaker_state')!.get();
  expect(openGauge.values.find((sample) => sample.labels.subgraph === 'sales')?.value).toBe(2);

  const askedBefore = sales.received.length;
  const failedFast = await ask(CUSTOMERS);
  expect(failedFast.errors![0]!.extensions).toMatchObject(unavailable);
  expect(sales.received).toHaveLength(askedBefore);

  down = false;
  await vi.waitFor(() => expect(gateway.subgraphs.states().sales).toBe('halfOpen'), { timeout: 10_000, interval: 50 });
  const probe = await ask(CUSTOMERS);
  expect(probe.errors).toBeUndefined();
  expect(gateway.subgraphs.states()).toEqual({ sales: 'closed' });
  expect(changes.map(({ state }) => state)).toEqual(['open', 'halfOpen', 'closed']);
  // Each change reached the breaker's gauge (0 closed, 1 half-open, 2 open): it ends closed.
  const gauge = await gateway.metrics.registry.getSingleMetric('integra_gateway_subgraph_breaker_state')!.get();
  expect(gauge.values.find((sample) => sample.labels.subgraph === 'sales')?.value).toBe(0);
});

it('merges identical queries in flight for one person into one fetch, never different people or mutations', async () => {
  const { sales, ask } = await gatewayOverSales(({ body }) => ({ json: body.query?.includes('activateContract') ? ACTIVATED : CUSTOMERS_PAGE, delayMs: 1500 }));

  const same = await Promise.all(Array.from({ length: 10 }, () => ask(CUSTOMERS)));
  expect(same.every((answer) => answer.errors === undefined && JSON.stringify(answer.data) === JSON.stringify(CUSTOMERS_PAGE.data))).toBe(true);
  expect(sales.received).toHaveLength(1);

  const [giulia, marco] = await Promise.all([identities.token(undefined, 'giulia'), identities.token(undefined, 'marco')]);
  await Promise.all([ask(CUSTOMERS, giulia), ask(CUSTOMERS, marco), ask(CUSTOMERS, giulia)]);
  expect(sales.received).toHaveLength(3);

  const mutations = await Promise.all(Array.from({ length: 4 }, () => ask(ACTIVATE)));
  expect(mutations.every((answer) => answer.errors === undefined)).toBe(true);
  expect(sales.received).toHaveLength(7);
});

it('sends every identical query when de-duplication and batching are off', async () => {
  const { sales, ask } = await gatewayOverSales(() => ({ json: CUSTOMERS_PAGE, delayMs: 200 }), { deduplicate: false, batchMax: 0 });
  await Promise.all(Array.from({ length: 5 }, () => ask(CUSTOMERS)));
  expect(sales.received).toHaveLength(5);
});

it("fails every request of a merged fetch at the subgraph's timeout when it freezes, and the gateway answers the next at once", async () => {
  const timeoutMs = 1_000;
  let frozen = true;
  const { sales, ask } = await gatewayOverSales(() => (frozen ? { json: CUSTOMERS_PAGE, delayMs: 30_000 } : { json: CUSTOMERS_PAGE }), { subgraphTimeoutMs: timeoutMs });
  const CUSTOMER = 'query One($id: ID!) { customer(id: $id) { legalName } }';
  const ids = Array.from({ length: 6 }, (_, index) => `00000000-0000-4000-8000-00000000000${index}`);
  const started = performance.now();
  const answers = await Promise.all(ids.map((id) => ask(CUSTOMER, undefined, { id })));
  expect(performance.now() - started).toBeLessThan(3 * timeoutMs);
  for (const answer of answers) expect(answer.errors?.[0]?.extensions).toMatchObject(unavailable);
  // However they were merged (the requests that reached the gateway in one turn), no part was sent twice.
  const partsSent = sales.received.reduce((sum, { body }) => sum + (body.query?.match(/customer\(id:/g)?.length ?? 0), 0);
  expect(partsSent).toBe(ids.length);
  frozen = false;
  expect((await ask(CUSTOMERS)).errors).toBeUndefined();
});

describe('with the answer cache on', () => {
  const stamped = { ...CUSTOMERS_PAGE, extensions: { [ANSWER_VERSION_EXTENSION]: { dataVersion: 'v1', validFromMs: 0, validUntilMs: Number.MAX_SAFE_INTEGER } } };

  it('serves a kept answer only after a check, and fails a frozen subgraph at its timeout rather than serve one unchecked', async () => {
    const timeoutMs = 1_000;
    let frozen = false;
    const { sales, ask } = await gatewayOverSales(
      ({ path }) => (frozen ? { json: {}, delayMs: 30_000 } : path === DATA_VERSION_PATH ? { json: { dataVersion: 'v1', nowMs: 1 } } : { json: stamped }),
      { subgraphTimeoutMs: timeoutMs, answerCacheMb: 1 },
    );
    expect(await ask(CUSTOMERS)).toEqual({ data: CUSTOMERS_PAGE.data });
    expect(await ask(CUSTOMERS)).toEqual({ data: CUSTOMERS_PAGE.data });
    // The first was sent (nothing kept needs no check); the second was answered from the kept answer after its check.
    expect(sales.received.map(({ path }) => path)).toEqual(['/graphql', DATA_VERSION_PATH]);
    frozen = true;
    const started = performance.now();
    const answer = await ask(CUSTOMERS);
    expect(performance.now() - started).toBeLessThan(2 * timeoutMs);
    expect(answer.errors?.[0]?.extensions).toMatchObject(unavailable);
    frozen = false;
    expect(await ask(CUSTOMERS)).toEqual({ data: CUSTOMERS_PAGE.data });
  });

  it('stops checking a subgraph that keeps no data versions, and keeps none of its answers', async () => {
    const { sales, ask } = await gatewayOverSales(({ path }) => (path === DATA_VERSION_PATH ? { status: 404, text: 'Not Found' } : { json: stamped }), { answerCacheMb: 1 });
    for (let request = 0; request < 3; request += 1) expect(await ask(CUSTOMERS)).toEqual({ data: CUSTOMERS_PAGE.data });
    expect(sales.received.map(({ path }) => path)).toEqual(['/graphql', DATA_VERSION_PATH, '/graphql', '/graphql']);
  });
});
