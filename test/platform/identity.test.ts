/**
 * A request that proves nobody reaches nothing: the gateway answers one without a token with 401,
 * and a subgraph answers 401 to anything but a current service token signed by an Integra
 * service's key (none, a person's own token, an expired one, one signed by a key it does not
 * know), before any resolver runs: no SQL statement at all.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import { generateSigningKey, SERVICE_SIGNATURE_ALGORITHM, type SigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { SERVICE_AUDIENCE } from '../../subgraphs/shared/identity/service-credentials.js';
import { startStack, type Stack } from '../support/stack.js';

/** A query per subgraph that reads its database, with a role that may ask it. */
const READS: Record<SubgraphName, { query: string; role: string }> = {
  sales: { query: '{ customers(first: 1) { totalCount } }', role: 'salesperson' },
  billing: { query: '{ billingIntegrationEventCounts { count } }', role: 'administrator' },
  bookings: { query: '{ bookingsIntegrationEventCounts { count } }', role: 'administrator' },
  conferencing: { query: '{ conferencingIntegrationEventCounts { count } }', role: 'administrator' },
  mailings: { query: '{ letterTemplates { id } }', role: 'mailing-clerk' },
};

let stack: Stack;

beforeAll(async () => {
  // Nothing in the background runs SQL while the counters are compared (see role-matrix.test.ts).
  stack = await startStack({ customers: 1, deliverEvents: false, mailings: { leaseMs: 24 * 3600_000 } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function post(url: string, query: string, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, contentType, body: contentType.includes('json') ? ((await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }) : null };
}

/** A service token shaped as the gateway's, signed with `key`, issued `issuedSecondsAgo` and valid for `lifetimeSeconds`. */
function serviceToken(key: SigningKey, { issuedSecondsAgo = 0, lifetimeSeconds = 120 } = {}): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000) - issuedSecondsAgo;
  return new SignJWT({ roles: ['administrator', 'salesperson', 'mailing-clerk'] })
    .setProtectedHeader({ alg: SERVICE_SIGNATURE_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(key.kid)
    .setAudience(SERVICE_AUDIENCE)
    .setSubject('identity-test')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(key.privateKey);
}

const sqlStatements = (name: SubgraphName) => stack.queries(name).total;

describe('the gateway', () => {
  it('answers a request without a token with 401 UNAUTHENTICATED in JSON, saying how to authenticate', async () => {
    const answer = await post(stack.gatewayUrl, '{ customers(first: 1) { totalCount } }');
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body?.data ?? null).toBeNull();
  });
});

describe.each(SUBGRAPHS.map(({ name }) => name))('the %s subgraph', (name) => {
  const url = () => stack.subgraphs[name].url;
  const { query, role } = READS[name];

  it('runs the query for the gateway\'s service token (the SQL counter sees it)', async () => {
    const before = sqlStatements(name);
    const answer = await post(url(), query, `Bearer ${await stack.credentials.gateway.bearerFor(identityOf('identity-test', [role]))}`);
    expect(answer.body?.errors).toBeUndefined();
    expect(sqlStatements(name)).toBeGreaterThan(before);
  });

  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['a person\'s own token for the gateway', async () => `Bearer ${await stack.token([role])}`],
    ['an expired service token', async () => `Bearer ${await serviceToken(stack.credentials.gateway.signingKey, { issuedSecondsAgo: 600, lifetimeSeconds: 120 })}`],
    ['a service token signed by a key claiming to be the gateway\'s', async () => `Bearer ${await serviceToken(await generateSigningKey('gateway'))}`],
    ['a service token from a signer no service trusts (the user-token issuer)', async () => `Bearer ${await serviceToken(await generateSigningKey('issuer'))}`],
  ];

  it.each(refusals)('answers %s with 401, reaching no resolver', async (_, authorization) => {
    const before = sqlStatements(name);
    const answer = await post(url(), query, await authorization());
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body?.data ?? null).toBeNull();
    expect(sqlStatements(name)).toBe(before);
  });
});
