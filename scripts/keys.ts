/**
 * `npm run keys -- --dir <folder>`: makes every service's Ed25519 key pair (and the embedded
 * issuer's) in a folder, as development start-up does in .data/keys. For production: give each
 * service the folder with its own private key and everyone's public keys (INTEGRA_KEYS_DIR).
 * Existing keys are kept.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureKeyPairs, SIGNERS } from '../subgraphs/shared/identity/key-store.js';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
if (!values.dir) {
  console.error('Usage: npm run keys -- --dir <folder>');
  process.exit(1);
}
const dir = path.resolve(values.dir);
await ensureKeyPairs(dir);
console.log(`keys: ${SIGNERS.join(', ')} in ${dir}
  <name>.private.jwk.json  only that service's deployment gets it (mode 0600)
  <name>.public.jwk.json   every service gets all of them`);
