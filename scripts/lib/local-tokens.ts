/**
 * Tokens of the embedded issuer, signed with its key in the key folder (INTEGRA_KEYS_DIR): what
 * `npm run token` prints, what development start-up prints for each role, and what the scripts
 * that drive a running gateway (simulate, loadtest, bench) send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signLocalUserToken } from '../../gateway/identity/user-tokens.js';
import { ensureKeyPairs, loadSigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { prepareKeys } from '../../subgraphs/shared/identity/keys-config.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { loadServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';

export const DEFAULT_TOKEN_HOURS = 12;

export async function localToken(roles: readonly string[], { subject = `dev:${roles.join('+') || 'no-role'}`, hours = DEFAULT_TOKEN_HOURS, env = process.env } = {}): Promise<string> {
  const issuer = await loadSigningKey(await prepareKeys(env), 'issuer');
  return signLocalUserToken(issuer, { subject, roles, lifetimeSeconds: Math.round(hours * 3600) });
}

export interface ScriptKeyFolder {
  /** Added to the environment of every process the script starts, so that they all trust one another and this script. */
  env: { INTEGRA_KEYS_DIR: string };
  /** A token of the embedded issuer for the gateway those processes run. */
  token(roles: readonly string[], subject?: string): Promise<string>;
  /** `Authorization` for calling one of those subgraphs directly, as the gateway does for a person with `roles`. */
  gatewayAuthorization(roles: readonly string[], subject?: string): Promise<string>;
  remove(): void;
}

/**
 * A fresh key folder for the processes a script starts: they run with NODE_ENV=production
 * (which never makes keys) or in development, and either way find every key here and nothing
 * left from another run.
 */
export async function temporaryKeyFolder(): Promise<ScriptKeyFolder> {
  const dir = mkdtempSync(path.join(tmpdir(), 'integra-keys-'));
  await ensureKeyPairs(dir);
  const env = { INTEGRA_KEYS_DIR: dir };
  const gateway = await loadServiceCredentials(dir, 'gateway');
  return {
    env,
    token: (roles, subject) => localToken(roles, { subject, env }),
    gatewayAuthorization: async (roles, subject = `bench:${roles.join('+')}`) => `Bearer ${await gateway.bearerFor(identityOf(subject, roles))}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
