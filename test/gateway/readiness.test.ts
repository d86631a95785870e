/**
 * The gateway's /health and /ready, served in front of stand-in subgraphs that answer /ready as
 * a subgraph does (they are only probed: the gateway plans nothing at start-up). Ready while
 * every subgraph is; 200 `degraded`, naming it, while one is down or stopped; 503 only when it
 * cannot serve at all (no supergraph, stopping). No token, no rate limit, no fan-out per call,
 * and nothing an anonymous caller should not read.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { importJWK, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { gatewayHealth, type GatewayHealth } from '../../gateway/health.js';
import { localUserTokens } from '../../gateway/identity/user-tokens.js';
import { gatewayRateLimits } from '../../gateway/rate-limits.js';
import { buildGateway, type BuiltGateway } from '../../gateway/server.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import { httpStatusOf, serveProbes, type Readiness } from '../../subgraphs/shared/health/probes.js';
import { serveGraphQL, type ServedGraphQL } from '../../subgraphs/shared/http-server.js';
import { inMemoryServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';

interface StandIn {
  url: string;
  /** What its /ready says. */
  readiness: Readiness;
  probes: number;
  close(): Promise<void>;
}

async function standInSubgraph(): Promise<StandIn> {
  const app = express();
  const server = http.createServer(app);
  const standIn: StandIn = { url: '', readiness: 'ready', probes: 0, close: () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }) };
  app.use((_request, _response, next) => {
    standIn.probes += 1;
    next();
  });
  serveProbes(app, { ready: async () => ({ status: standIn.readiness, database: standIn.readiness === 'unavailable' ? 'down' : 'up' }) }, () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return standIn;
}

const PROBE_INTERVAL_MS = 100;
const RATE_LIMIT = 3;

let standIns: Record<SubgraphName, StandIn>;
let health: GatewayHealth;
let gateway: BuiltGateway;
let served: ServedGraphQL;

beforeAll(async () => {
  standIns = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await standInSubgraph()] as const))) as Record<SubgraphName, StandIn>;
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, standIns[name].url])) as Record<SubgraphName, string>;
  const { issuer, ...credentials } = await inMemoryServiceCredentials();
  const rateLimits = gatewayRateLimits({ perAddress: RATE_LIMIT, perIdentity: RATE_LIMIT, windowSeconds: 3600 });
  gateway = buildGateway({
    supergraphSdl: composeSupergraph().supergraphSdl,
    identity: { users: localUserTokens((await importJWK(issuer.publicJwk, 'EdDSA')) as CryptoKey), credentials: credentials.gateway, admit: rateLimits.admit },
    subgraphUrls,
  });
  health = gatewayHealth({ subgraphUrls, probeIntervalMs: PROBE_INTERVAL_MS, log: () => {} });
  gateway.server.addPlugin(health.plugin);
  served = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context, beforeGraphQL: rateLimits.beforeGraphQL, probes: health });
});

afterAll(async () => {
  health?.stop();
  await served?.stop();
  await Promise.all(Object.values(standIns ?? {}).map((standIn) => standIn.close().catch(() => {})));
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(path, served.url), init);
  return { status: response.status, body: await response.json() };
}

async function readyUntil(until: (body: any) => boolean): Promise<{ status: number; body: any }> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const answer = await get('/ready');
    if (until(answer.body)) return answer;
    if (performance.now() > deadline) throw new Error(`/ready still answers ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const everyone = (state: string) => Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, state]));

describe("the gateway's probes", () => {
  it('answers ready with every subgraph up, and health ok, with no token', async () => {
    expect(await readyUntil((body) => body.status === 'ready')).toEqual({ status: 200, body: { status: 'ready', supergraph: 'up', subgraphs: everyone('up') } });
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is never rate limited, while GraphQL from the same address is', async () => {
    for (let call = 0; call < 4 * RATE_LIMIT; call += 1) {
      expect((await get(call % 2 ? '/ready' : '/health')).status).toBe(200);
    }
    const graphQL = () => fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const statuses = [];
    for (let call = 0; call <= RATE_LIMIT; call += 1) statuses.push((await graphQL()).status);
    expect(statuses.at(-1)).toBe(429);
    expect((await get('/ready')).status).toBe(200);
  });

  it('says nothing but fixed words: no address, port, path or error text', async () => {
    for (const path of ['/ready', '/health']) {
      const text = JSON.stringify((await get(path)).body);
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|http|graphql|\d{2,}|error|\//i);
    }
  });

  it('answers 200 degraded naming a subgraph whose /ready says 503, and ready again once it recovers', async () => {
    standIns.billing.readiness = 'unavailable';
    expect(await readyUntil((body) => body.subgraphs.billing === 'down')).toEqual({
      status: 200,
      body: { status: 'degraded', supergraph: 'up', subgraphs: { ...everyone('up'), billing: 'down' } },
    });
    standIns.billing.readiness = 'ready';
    expect((await readyUntil((body) => body.status === 'ready')).status).toBe(200);
  });

  it('reports a subgraph that says it is degraded as degraded', async () => {
    standIns.sales.readiness = 'degraded';
    try {
      expect((await readyUntil((body) => body.subgraphs.sales === 'degraded')).body.status).toBe('degraded');
    } finally {
      standIns.sales.readiness = 'ready';
    }
    // The gateway keeps its last probe's word until the next probe: the next test counts on sales up.
    expect((await readyUntil((body) => body.subgraphs.sales === 'up')).body.subgraphs.sales).toBe('up');
  });

  it('answers 200 degraded naming a subgraph that is stopped (connection refused)', async () => {
    await standIns.conferencing.close();
    expect(await readyUntil((body) => body.subgraphs.conferencing === 'down')).toMatchObject({ status: 200, body: { status: 'degraded', subgraphs: { conferencing: 'down', sales: 'up' } } });
  });

  it('never asks the subgraphs when asked itself: /ready reads what the last probe saw', async () => {
    const quiet = gatewayHealth({ subgraphUrls: { sales: standIns.sales.url } as Record<SubgraphName, string>, probeIntervalMs: 3_600_000, log: () => {} });
    try {
      const salesState = async () => ((await quiet.ready()).subgraphs as Record<string, string>).sales;
      const firstRound = performance.now() + 10_000;
      while ((await salesState()) === 'unknown') {
        if (performance.now() > firstRound) throw new Error('the first probe never came back');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const before = standIns.sales.probes;
      for (let call = 0; call < 50; call += 1) await quiet.ready();
      expect(standIns.sales.probes).toBe(before);
    } finally {
      quiet.stop();
    }
  });

  it('combines the probe with other providers (a circuit breaker): the worst view wins', async () => {
    const bookings = { state: 'up' as 'up' | 'down' };
    health.addSubgraphStateProvider({ stateOf: (subgraph) => (subgraph === 'bookings' ? bookings.state : 'unknown') });
    bookings.state = 'down';
    expect((await get('/ready')).body.subgraphs.bookings).toBe('down');
    bookings.state = 'up';
    expect((await get('/ready')).body.subgraphs.bookings).toBe('up');
  });

  it('answers 503 unavailable before its supergraph is loaded', async () => {
    const notStarted = gatewayHealth({ subgraphUrls: { sales: standIns.sales.url } as Record<SubgraphName, string>, probeIntervalMs: 3_600_000, log: () => {} });
    try {
      const report = await notStarted.ready();
      expect(report).toMatchObject({ status: 'unavailable', supergraph: 'down' });
      expect(httpStatusOf(report.status)).toBe(503);
    } finally {
      notStarted.stop();
    }
  });

  it('answers 503 stopping once shutting down, while /health stays ok', async () => {
    health.markStopping();
    expect(await get('/ready')).toMatchObject({ status: 503, body: { status: 'stopping' } });
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
