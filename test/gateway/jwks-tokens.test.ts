/**
 * Production tokens: the gateway verifies them against an identity provider's JWKS, checks
 * issuer, audience and expiry, and follows a key rotation without a restart (a token naming a
 * key it has not seen makes it fetch the set again).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteUserTokens, type UserTokenVerifier } from '../../gateway/identity/user-tokens.js';

const ISSUER = 'https://idp.example.com/realms/integra';
const AUDIENCE = 'integra-gateway';

interface ProviderKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function providerKey(kid: string): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

let published: ProviderKey[] = [];
let fetches = 0;
let server: http.Server;
let verifier: UserTokenVerifier;

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  verifier = remoteUserTokens(url, { issuer: ISSUER, audience: AUDIENCE, rolesClaim: 'realm_access.roles' }, { refetchCooldownMs: 0 });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function token(key: ProviderKey, { issuer = ISSUER, audience = AUDIENCE, expiresIn = '5m', roles = ['billing-specialist'] as unknown } = {}): Promise<string> {
  return new SignJWT({ realm_access: { roles }, scope: 'openid salesperson' })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('mario.rossi')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

describe('tokens of an OpenID Connect provider', () => {
  it("accepts the provider's token, with roles from the configured claim and the OAuth scope", async () => {
    const first = await providerKey('k1');
    published = [first];
    const identity = await verifier.verify(`Bearer ${await token(first)}`);
    expect(identity.subject).toBe('mario.rossi');
    expect([...identity.roles].sort()).toEqual(['billing-specialist', 'salesperson']);
  });

  it('follows a key rotation without a restart: a token signed with the new key makes the gateway fetch the keys again', async () => {
    const old = published[0]!;
    const rotated = await providerKey('k2');
    published = [old, rotated];
    const before = fetches;
    expect((await verifier.verify(`Bearer ${await token(rotated)}`)).subject).toBe('mario.rossi');
    expect(fetches).toBe(before + 1);
    // The old key leaves the set: its tokens stop working once the set is fetched again.
    published = [rotated];
    const third = await providerKey('k3');
    published = [rotated, third];
    await verifier.verify(`Bearer ${await token(third)}`);
    await expect(verifier.verify(`Bearer ${await token(old)}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token it accepted before once its key has left the set, however recently it was accepted', async () => {
    const leaving = published.at(-1)!;
    const accepted = `Bearer ${await token(leaving)}`;
    await verifier.verify(accepted);
    const next = await providerKey('k4');
    published = [next];
    await verifier.verify(`Bearer ${await token(next)}`);
    await expect(verifier.verify(accepted)).rejects.toThrow(/key the issuer does not publish/);
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example.com' }, /issuer this gateway does not trust/],
    ['another audience', { audience: 'another-app' }, /another audience/],
    ['an expired token', { expiresIn: '-2m' }, /expired/],
  ])('refuses %s with 401 and says why', async (_what, claims, reason) => {
    const current = published.at(-1)!;
    const refusal = await verifier.verify(`Bearer ${await token(current, claims)}`).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    expect((refusal as Error).message).toMatch(reason);
  });

  it('refuses a key the provider does not publish', async () => {
    const stranger = await providerKey('not-published');
    await expect(verifier.verify(`Bearer ${await token(stranger)}`)).rejects.toThrow(/key the issuer does not publish/);
  });

  it('ignores roles that are not Integra roles, and never takes "service" from a person', async () => {
    const identity = await verifier.verify(`Bearer ${await token(published.at(-1)!, { roles: ['service', 'root', 42] })}`);
    expect([...identity.roles]).toEqual(['salesperson']);
  });
});

describe('the configuration', () => {
  it('takes the embedded issuer when no provider is set, and needs the issuer and audience with AUTH_JWKS_URL', async () => {
    const { readUserTokenConfig } = await import('../../gateway/identity/config.js');
    expect(readUserTokenConfig({}).jwksUrl).toBeUndefined();
    expect(() => readUserTokenConfig({ AUTH_JWKS_URL: 'https://idp.example.com/certs' })).toThrow(/AUTH_ISSUER is required with AUTH_JWKS_URL/);
    expect(() => readUserTokenConfig({ AUTH_JWKS_URL: 'https://idp.example.com/certs', AUTH_ISSUER: ISSUER })).toThrow(/AUTH_AUDIENCE is required/);
    expect(() => readUserTokenConfig({ AUTH_JWKS_URL: 'not a url', AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE })).toThrow(/AUTH_JWKS_URL/);
    expect(readUserTokenConfig({ AUTH_JWKS_URL: 'https://idp.example.com/certs', AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_ROLES_CLAIM: 'realm_access.roles' })).toEqual({
      jwksUrl: 'https://idp.example.com/certs',
      issuer: ISSUER,
      audience: AUDIENCE,
      rolesClaim: 'realm_access.roles',
    });
  });
});
