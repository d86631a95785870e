/**
 * The gateway's rate limits, per identity and per address, over HTTP. Date is frozen for the
 * whole file (the limiter's windows are measured with it), so every Retry-After is exact and a
 * window passes when the test moves the clock, never by waiting.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { readGatewayConfig } from '../../gateway/config.js';
import { clientNetwork, gatewayRateLimits, type RateLimitSettings } from '../../gateway/rate-limits.js';
import { buildGateway } from '../../gateway/server.js';
import { serveGraphQL, type TrustedProxies } from '../../subgraphs/shared/http-server.js';
import { testIdentities } from '../support/identity.js';

const identities = await testIdentities();
const { supergraphSdl } = composeSupergraph();
// Nothing listens here: `{ __typename }` is answered by the gateway alone.
const nowhere = { sales: 'http://127.0.0.1:9/graphql', billing: 'http://127.0.0.1:9/graphql', bookings: 'http://127.0.0.1:9/graphql', conferencing: 'http://127.0.0.1:9/graphql', mailings: 'http://127.0.0.1:9/graphql' };
const ALLOWED_ORIGIN = 'https://app.example.com';
const servers: { stop(): Promise<void> }[] = [];

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-03-04T09:00:00Z'));
});

afterAll(async () => {
  vi.useRealTimers();
  for (const server of servers) await server.stop();
});

interface Served {
  url: string;
  /** How many tokens the gateway has verified. */
  verifiedTokens(): number;
  /** The gateway's count of 429s for `limit` (integra_gateway_rate_limited_total). */
  rateLimited(limit: 'address' | 'identity'): Promise<number | undefined>;
}

async function serve(limits: RateLimitSettings, trustProxy?: TrustedProxies): Promise<Served> {
  let verified = 0;
  const users = identities.gateway.users;
  const rateLimits = gatewayRateLimits(limits);
  const gateway = buildGateway({
    supergraphSdl,
    identity: {
      ...identities.gateway,
      users: { ...users, verify: (authorization) => ((verified += 1), users.verify(authorization)) },
      admit: rateLimits.admit,
    },
    subgraphUrls: nowhere,
    logger: { warn() {} },
  });
  rateLimits.onRefusal((limit) => gateway.metrics.countRateLimited(limit));
  const { url } = await serveGraphQL(gateway.server, {
    port: 0,
    host: '127.0.0.1',
    corsOrigins: [ALLOWED_ORIGIN],
    context: gateway.context,
    beforeGraphQL: rateLimits.beforeGraphQL,
    trustProxy,
  });
  servers.push(gateway.server);
  const rateLimited = async (limit: string) =>
    (await gateway.metrics.registry.getSingleMetric('integra_gateway_rate_limited_total')!.get()).values.find((sample) => sample.labels.limit === limit)?.value;
  return { url, verifiedTokens: () => verified, rateLimited };
}

async function ask(url: string, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, headers: response.headers, body };
}

async function statuses(url: string, token: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const answers: number[] = [];
  for (let index = 0; index < count; index += 1) answers.push((await ask(url, token, headers)).status);
  return answers;
}

describe('per identity', () => {
  const limits = { perIdentity: 3, perAddress: 0, windowSeconds: 60 };

  it('refuses the request after the limit with 429, Retry-After and a TOO_MANY_REQUESTS error; another identity is unaffected', async () => {
    const { url, rateLimited } = await serve(limits);
    const alice = await identities.token(['salesperson'], 'alice');
    expect(await statuses(url, alice, 3)).toEqual([200, 200, 200]);

    const refused = await ask(url, alice);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors![0]).toMatchObject({
      message: 'Too many requests for your account: at most 3 every 60 s. Try again in 60 s.',
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 },
    });
    expect(refused.body.errors![0]!.extensions).not.toHaveProperty('http');
    expect(await rateLimited('identity')).toBe(1);

    const bob = await identities.token(['salesperson'], 'bob');
    expect((await ask(url, bob)).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('counts a subject, not a token: a fresh token for the same person is refused too, until the window has passed', async () => {
    const { url } = await serve(limits);
    expect(await statuses(url, await identities.token(['salesperson'], 'carla'), 4)).toEqual([200, 200, 200, 429]);
    const another = await identities.token(['billing-specialist'], 'carla');

    vi.setSystemTime(Date.now() + 45_000);
    const later = await ask(url, another);
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('15');

    vi.setSystemTime(Date.now() + 15_000);
    expect(await statuses(url, another, 4)).toEqual([200, 200, 200, 429]);
  });
});

describe('per address', () => {
  const limits = { perIdentity: 0, perAddress: 5, windowSeconds: 30 };

  it('refuses a flood of made-up tokens with 429 once the limit is reached, without verifying them', async () => {
    const served = await serve(limits);
    expect(await statuses(served.url, 'not-a-token', 20)).toEqual([...Array<number>(5).fill(401), ...Array<number>(15).fill(429)]);
    expect(served.verifiedTokens()).toBe(5);

    // A valid token from the same address waits too.
    const refused = await ask(served.url, await identities.token());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body.errors![0]).toEqual({
      message: 'Too many requests from your address: at most 5 every 30 s. Try again in 30 s.',
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 },
    });
    expect(served.verifiedTokens()).toBe(5);
    expect(await served.rateLimited('address')).toBe(16);
    expect(await served.rateLimited('identity')).toBe(0);

    vi.setSystemTime(Date.now() + 30_000);
    expect((await ask(served.url, await identities.token())).status).toBe(200);
  });

  it('lets an allowed origin read the refusal (CORS headers on the 429)', async () => {
    const { url } = await serve({ ...limits, perAddress: 1 });
    await ask(url, await identities.token());
    const refused = await ask(url, await identities.token(), { origin: ALLOWED_ORIGIN });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    const token = await identities.token();
    const direct = await serve({ ...limits, perAddress: 2 });
    const fromTwoClients = [{ 'x-forwarded-for': '203.0.113.1' }, { 'x-forwarded-for': '203.0.113.2' }];
    const answers = [];
    for (const headers of [...fromTwoClients, ...fromTwoClients]) answers.push((await ask(direct.url, token, headers)).status);
    expect(answers).toEqual([200, 200, 429, 429]);

    const behindProxy = await serve({ ...limits, perAddress: 2 }, ['loopback']);
    answers.length = 0;
    for (const headers of [...fromTwoClients, ...fromTwoClients, ...fromTwoClients]) answers.push((await ask(behindProxy.url, token, headers)).status);
    expect(answers).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientNetwork('192.0.2.7')).toBe('192.0.2.7');
  });
});

describe('configuration', () => {
  it('limits by default, 0 turns a limit off', () => {
    expect(readGatewayConfig({}).rateLimits).toEqual({ perIdentity: 500, perAddress: 2000, windowSeconds: 10 });
    expect(readGatewayConfig({ RATE_LIMIT_PER_IDENTITY: '0', RATE_LIMIT_PER_ADDRESS: '0' }).rateLimits).toMatchObject({ perIdentity: 0, perAddress: 0 });
    expect(gatewayRateLimits({ perIdentity: 0, perAddress: 0, windowSeconds: 10 }).beforeGraphQL).toEqual([]);
    expect(() => readGatewayConfig({ RATE_LIMIT_PER_ADDRESS: '-1' })).toThrow(/RATE_LIMIT_PER_ADDRESS is invalid/);
    expect(() => readGatewayConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS is invalid/);
  });

  it('trusts no proxy by default, and only the proxies TRUST_PROXY names', () => {
    expect(readGatewayConfig({}).trustProxy).toBeUndefined();
    expect(readGatewayConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readGatewayConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
    expect(() => readGatewayConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY is invalid: "true" is not a proxy address/);
    expect(() => readGatewayConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY is invalid/);
  });
});
