/**
 * The signing keys of Integra's own services, one Ed25519 pair each, kept as JWK files in one
 * folder (INTEGRA_KEYS_DIR, `.data/keys` by default):
 *   <name>.private.jwk.json  the service's private key (mode 0600): only that service reads it;
 *   <name>.public.jwk.json   its public key: every service that verifies it reads this one.
 * `issuer` is the embedded identity provider's key (npm run token signs with it). In development
 * the missing pairs are created on first start; in production they are provisioned beforehand
 * (npm run keys) and a missing file stops the service with a message naming it.
 *
 * Ed25519 rather than a shared secret: a service that holds only the others' public keys can
 * check who spoke, but cannot speak for them (billing cannot forge conferencing's events).
 */
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { SUBGRAPHS } from '../../catalog.js';

/** The names a key may have: each service, and the embedded identity provider. */
export const SIGNERS = ['gateway', ...SUBGRAPHS.map(({ name }) => name), 'issuer'] as const;
export type SignerName = (typeof SIGNERS)[number];

export const SERVICE_SIGNATURE_ALGORITHM = 'EdDSA';

export interface SigningKey {
  /** The key id in every signature: the signer's name. */
  kid: SignerName;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export class KeyStoreError extends Error {}

const privateFile = (dir: string, name: SignerName) => path.join(dir, `${name}.private.jwk.json`);
const publicFile = (dir: string, name: SignerName) => path.join(dir, `${name}.public.jwk.json`);

/** Writes `content` at `file` only if nothing is there: a second process starting at once keeps the first one's key. */
function createExclusively(file: string, content: string, mode: number): void {
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, content, { mode });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function readJwk(file: string, variable: string): JWK {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyStoreError(`${file} is missing: provision the service keys with "npm run keys -- --dir <folder>" and point ${variable} at that folder`);
    throw new KeyStoreError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const jwk = JSON.parse(text) as JWK;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 JWK');
    return jwk;
  } catch (error) {
    throw new KeyStoreError(`${file} is not an Ed25519 key in JWK form (${(error as Error).message})`);
  }
}

function publicPart({ kty, crv, x }: JWK, kid: SignerName): JWK {
  return { kty, crv, x, kid, alg: SERVICE_SIGNATURE_ALGORITHM, use: 'sig' };
}

/** Creates every missing key pair in `dir` (development start-up, `npm run keys`). */
export async function ensureKeyPairs(dir: string, names: readonly SignerName[] = SIGNERS): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of names) {
    try {
      readFileSync(privateFile(dir, name));
    } catch {
      const { privateKey } = await generateKeyPair(SERVICE_SIGNATURE_ALGORITHM, { crv: 'Ed25519', extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: name, alg: SERVICE_SIGNATURE_ALGORITHM };
      createExclusively(privateFile(dir, name), `${JSON.stringify(jwk, null, 2)}\n`, 0o600);
    }
    // From whichever private key won a race, so the pair always matches.
    const jwk = readJwk(privateFile(dir, name), 'INTEGRA_KEYS_DIR');
    createExclusively(publicFile(dir, name), `${JSON.stringify(publicPart(jwk, name), null, 2)}\n`, 0o644);
  }
}

export async function loadSigningKey(dir: string, name: SignerName): Promise<SigningKey> {
  const jwk = readJwk(privateFile(dir, name), 'INTEGRA_KEYS_DIR');
  if (typeof jwk.d !== 'string') throw new KeyStoreError(`${privateFile(dir, name)} holds no private key`);
  return { kid: name, privateKey: (await importJWK({ ...jwk, alg: SERVICE_SIGNATURE_ALGORITHM }, SERVICE_SIGNATURE_ALGORITHM)) as CryptoKey, publicJwk: publicPart(jwk, name) };
}

/** The public keys of `names`, by key id. */
export async function loadPublicKeys(dir: string, names: readonly SignerName[]): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const name of names) {
    const jwk = readJwk(publicFile(dir, name), 'INTEGRA_KEYS_DIR');
    keys.set(name, (await importJWK({ ...publicPart(jwk, name) }, SERVICE_SIGNATURE_ALGORITHM)) as CryptoKey);
  }
  return keys;
}

/** Keys made in memory, for tests and in-process runs that need no folder. */
export async function generateSigningKey(name: SignerName): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SERVICE_SIGNATURE_ALGORITHM, { crv: 'Ed25519', extractable: true });
  return { kid: name, privateKey, publicJwk: publicPart(await exportJWK(publicKey), name) };
}
