/**
 * `npm run token -- --role <role> [--role <role> ...] [--subject <id>] [--hours <n>]`: prints a
 * token of the embedded issuer for the gateway (Authorization: Bearer <token>), signed with the
 * issuer key in the key folder (INTEGRA_KEYS_DIR, .data/keys by default; made if missing). A
 * gateway configured with AUTH_JWKS_URL does not accept these: get tokens from the provider.
 */
import { parseArgs } from 'node:util';
import { ROLE_DESCRIPTIONS, USER_ROLES } from '../subgraphs/shared/identity/roles.js';
import { DEFAULT_TOKEN_HOURS, localToken } from './lib/local-tokens.js';

function usage(problem?: string): never {
  if (problem) console.error(`token: ${problem}\n`);
  console.error(`Usage: npm run token -- --role <role> [--role <role> ...] [--subject <id>] [--hours <n>]

Roles:
${USER_ROLES.map((role) => `  ${role.padEnd(20)} ${ROLE_DESCRIPTIONS[role]}`).join('\n')}`);
  process.exit(problem ? 1 : 0);
}

let values;
try {
  ({ values } = parseArgs({ options: { role: { type: 'string', multiple: true }, subject: { type: 'string' }, hours: { type: 'string' }, help: { type: 'boolean' } } }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) usage();
const roles = values.role ?? [];
if (roles.length === 0) usage('name at least one --role');
const unknown = roles.find((role) => !USER_ROLES.includes(role as never));
if (unknown) usage(`"${unknown}" is not a role a person or the bridge can hold`);
const hours = values.hours === undefined ? DEFAULT_TOKEN_HOURS : Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) usage('--hours must be a number of hours above 0 and at most 720');
const subject = values.subject ?? `dev:${roles.join('+')}`;
if (subject.length === 0 || subject.length > 256) usage('--subject must be 1 to 256 characters');
console.log(await localToken(roles, { subject, hours }));
