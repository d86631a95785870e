/**
 * Which web pages may call the services from another site: only the origins CORS_ORIGINS lists,
 * exactly, on the gateway and on every subgraph; none by default. A subgraph's /events takes no
 * request from a browser at all, listed origin or not. Apollo's CSRF prevention still refuses
 * the requests a page can send without asking (a GET, a form post), and Sandbox, served by the
 * gateway to its own origin, keeps working.
 */
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { readGatewayConfig } from '../../gateway/config.js';
import { buildGateway } from '../../gateway/server.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { readSubgraphConfig } from '../../subgraphs/shared/config.js';
import { EVENTS_PATH } from '../../subgraphs/shared/events/http-transport.js';
import { serveGraphQL, type ServedGraphQL } from '../../subgraphs/shared/http-server.js';
import { startStack, type Stack } from '../support/stack.js';

const LISTED = 'https://app.example.com';
const UNLISTED = 'https://evil.example.net';

let stack: Stack;
let defaultGateway: ServedGraphQL;
let defaultServer: ServedGraphQL;

beforeAll(async () => {
  stack = await startStack({ customers: 2, corsOrigins: [LISTED, 'http://localhost:3000'] });
  const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, { url }]) => [name, url])) as Record<SubgraphName, string>;
  // Served as gateway/index.ts and subgraphs/shared/main.ts serve them when CORS_ORIGINS is unset.
  const { corsOrigins } = readGatewayConfig({});
  const gateway = buildGateway({ supergraphSdl: composeSupergraph().supergraphSdl, identity: stack.gatewayIdentity, subgraphUrls });
  defaultGateway = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', corsOrigins, context: gateway.context });
  const events = { path: EVENTS_PATH, bodyLimitBytes: 1024, handle: async () => ({ status: 200, body: { outcomes: [] } }) };
  defaultServer = await serveGraphQL(new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }), {
    port: 0,
    host: '127.0.0.1',
    corsOrigins: readSubgraphConfig('sales', {}).corsOrigins,
    routes: [events],
  });
}, 120_000);

afterAll(async () => {
  await defaultGateway?.stop();
  await defaultServer?.stop();
  await stack?.stop();
});

const query = JSON.stringify({ query: '{ __typename }' });

async function post(url: string, origin: string | undefined, body = query) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await stack.authorization(url), ...(origin ? { origin } : {}) }, body });
}

function preflight(url: string, origin: string) {
  return fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
}

const targets: Record<string, () => string> = {
  gateway: () => stack.gatewayUrl,
  sales: () => stack.subgraphs.sales.url,
  billing: () => stack.subgraphs.billing.url,
  bookings: () => stack.subgraphs.bookings.url,
  conferencing: () => stack.subgraphs.conferencing.url,
  mailings: () => stack.subgraphs.mailings.url,
};

describe.each(Object.keys(targets))('CORS on %s', (target) => {
  const url = () => targets[target]!();

  it('answers a listed origin, exactly, with its own origin and never *', async () => {
    const answer = await post(url(), LISTED);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(answer.headers.get('vary')).toMatch(/Origin/);
    const asked = await preflight(url(), LISTED);
    expect(asked.status).toBeLessThan(300);
    expect(asked.headers.get('access-control-allow-origin')).toBe(LISTED);
  });

  it('gives an unlisted origin, or one that only looks like a listed one, no CORS header', async () => {
    for (const origin of [UNLISTED, `${LISTED}.evil.example.net`, 'http://app.example.com', 'null']) {
      const answer = await post(url(), origin);
      expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await preflight(url(), origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it("keeps Apollo's CSRF prevention: a GET or a form post a page can send without asking is refused", async () => {
    const get = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: UNLISTED } });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(url(), { method: 'POST', headers: { origin: LISTED, 'content-type': 'text/plain' }, body: query });
    expect(form.status).toBe(400);
  });
});

describe.each(['billing', 'bookings', 'conferencing'] as const)('/events on %s', (name) => {
  const eventsUrl = () => new URL(EVENTS_PATH, stack.subgraphs[name].url).toString();

  it('refuses any request from a browser, listed origin included, preflight included, as JSON', async () => {
    for (const origin of [LISTED, UNLISTED]) {
      const answer = await post(eventsUrl(), origin, JSON.stringify({ events: [] }));
      expect(answer.status).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const body = (await answer.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining(`from ${origin}`) });
      const asked = await preflight(eventsUrl(), origin);
      expect(asked.status).toBe(403);
      expect(asked.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('still takes a service’s request, which carries no Origin', async () => {
    // An empty batch from a producer of this consumer's events is refused for what it is, not for where it came from.
    const producer = name === 'conferencing' ? 'bookings' : 'conferencing';
    const answer = await fetch(eventsUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.credentials[producer].bearerFor()}` },
      body: JSON.stringify({ events: [] }),
    });
    expect(answer.status).toBe(400);
  });
});

describe('without CORS_ORIGINS', () => {
  it('allows no origin on the gateway, a subgraph or its /events', async () => {
    for (const url of [defaultGateway.url, defaultServer.url]) {
      for (const origin of [LISTED, UNLISTED, 'http://localhost:4000']) {
        const answer = await post(url, origin);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('access-control-allow-origin'), `${url} ${origin}`).toBeNull();
        expect((await preflight(url, origin)).headers.get('access-control-allow-origin'), `${url} ${origin}`).toBeNull();
      }
    }
    const events = await preflight(new URL(EVENTS_PATH, defaultServer.url).toString(), LISTED);
    expect(events.status).toBe(403);
    expect(events.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still serves Apollo Sandbox from the gateway to its own origin', async () => {
    const page = await fetch(defaultGateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/sandbox/i);
    // Sandbox's own requests are same-origin: the browser reads the answer without any CORS header.
    const fromSandbox = await post(defaultGateway.url, new URL(defaultGateway.url).origin);
    expect(fromSandbox.status).toBe(200);
    expect(await fromSandbox.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('configuration', () => {
  it('reads CORS_ORIGINS as exact origins, comma-separated, for the gateway and every subgraph; none by default', () => {
    expect(readGatewayConfig({}).corsOrigins).toEqual([]);
    expect(readSubgraphConfig('billing', {}).corsOrigins).toEqual([]);
    const env = { CORS_ORIGINS: ' https://app.example.com, http://localhost:3000 ' };
    expect(readGatewayConfig(env).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(readSubgraphConfig('mailings', env).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it('refuses a wildcard, a path or anything that is not an exact origin, naming the variable', () => {
    for (const value of ['*', 'https://app.example.com/', 'https://app.example.com/app', 'app.example.com', 'ftp://files.example.com', 'https://*.example.com']) {
      expect(() => readGatewayConfig({ CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS is invalid: .* is not an exact origin/);
      expect(() => readSubgraphConfig('sales', { CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS is invalid/);
    }
  });
});
