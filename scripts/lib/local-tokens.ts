/**
 * Tokens of the embedded issuer, signed with its key in the key folder (INTEGRA_KEYS_DIR): what
 * `npm run token` prints, what development start-up prints for each role, and what the scripts
 * that drive a running gateway (simulate, loadtest, bench) send.
 */
import { signLocalUserToken } from '../../gateway/identity/user-tokens.js';
import { loadSigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { prepareKeys } from '../../subgraphs/shared/identity/keys-config.js';

export const DEFAULT_TOKEN_HOURS = 12;

export async function localToken(roles: readonly string[], { subject = `dev:${roles.join('+') || 'no-role'}`, hours = DEFAULT_TOKEN_HOURS, env = process.env } = {}): Promise<string> {
  const issuer = await loadSigningKey(await prepareKeys(env), 'issuer');
  return signLocalUserToken(issuer, { subject, roles, lifetimeSeconds: Math.round(hours * 3600) });
}
