/**
 * Where a process finds the service keys (INTEGRA_KEYS_DIR), and opening its own credentials
 * there at start-up: in development the missing keys are made first; in production a missing
 * key stops the service with a message naming the file.
 */
import path from 'node:path';
import { projectRoot } from '../../catalog.js';
import { ConfigError } from '../config.js';
import { ensureKeyPairs, KeyStoreError, type SignerName } from './key-store.js';
import { loadServiceCredentials, type ServiceCredentials } from './service-credentials.js';

export function keysDirOf(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INTEGRA_KEYS_DIR?.trim()) return path.resolve(env.INTEGRA_KEYS_DIR.trim());
  return path.join(env.INTEGRA_DATA_DIR ?? path.join(projectRoot, '.data'), 'keys');
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** Creates the missing keys in development; in production they must have been provisioned (npm run keys). */
export async function prepareKeys(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = keysDirOf(env);
  if (!isProduction(env)) await ensureKeyPairs(dir);
  return dir;
}

export async function openServiceCredentials(name: SignerName, env: NodeJS.ProcessEnv = process.env): Promise<ServiceCredentials> {
  try {
    return await loadServiceCredentials(await prepareKeys(env), name);
  } catch (error) {
    if (error instanceof KeyStoreError) throw new ConfigError(`Invalid configuration:\n  INTEGRA_KEYS_DIR: ${error.message}`);
    throw error;
  }
}
