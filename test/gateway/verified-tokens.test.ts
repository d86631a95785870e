/**
 * The gateway takes a token it verified at its word for a while (user-tokens.ts): never past
 * the token's expiry, and the same identity as a full verification gives.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, userTokenVerifier } from '../../gateway/identity/user-tokens.js';

it('accepts a verified token again with the same identity, and refuses it once it has expired', async () => {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const verifier = userTokenVerifier(publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, rolesClaim: 'roles', clockToleranceSeconds: 0 }, 'test');
  const expiresAt = Math.floor(Date.now() / 1000) + 2;
  const token = await new SignJWT({ roles: ['salesperson'] })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('anna.bianchi')
    .setExpirationTime(expiresAt)
    .sign(privateKey);
  const first = await verifier.verify(`Bearer ${token}`);
  expect(first).toEqual({ subject: 'anna.bianchi', roles: new Set(['salesperson']) });
  expect(await verifier.verify(`Bearer ${token}`)).toEqual(first);
  await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
  await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow(/expired/);
});
