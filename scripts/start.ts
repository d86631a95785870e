/**
 * `npm start`: every subgraph and the gateway, each as its own process (as they would be
 * deployed), started in order: the gateway once all subgraphs listen. A service that fails to
 * start stops everything, with its reason above; one that dies later is restarted alone, with
 * backoff (scripts/lib/supervisor.ts). Ctrl-C stops them all.
 */
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { USER_ROLES } from '../subgraphs/shared/identity/roles.js';
import { buildServices } from './lib/build.js';
import { DEFAULT_TOKEN_HOURS, localToken } from './lib/local-tokens.js';
import { serviceProcess } from './lib/service-processes.js';
import { Supervisor } from './lib/supervisor.js';

const startedAt = performance.now();
const supervisor = new Supervisor();
let exiting = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    await supervisor.stop();
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/**
 * In development, one ready token per role for Apollo Sandbox (its Headers tab), signed by the
 * embedded issuer; nothing when the gateway takes tokens from a provider, or in production.
 */
async function sandboxTokens(): Promise<string> {
  if (process.env.NODE_ENV === 'production' || process.env.AUTH_JWKS_URL?.trim()) return '';
  const lines = await Promise.all(USER_ROLES.map(async (role) => `  ${role.padEnd(20)} ${await localToken([role], { subject: `dev:${role}` })}`));
  return `
Tokens for the gateway, one per role, valid ${DEFAULT_TOKEN_HOURS} h (in Sandbox: Headers, Authorization: Bearer <token>;
another: npm run token -- --role <role>):
${lines.join('\n')}
`;
}

try {
  // The services run compiled (scripts/lib/build.ts): compiling all of them takes well under a second.
  await buildServices();
  const subgraphs = await Promise.all(SUBGRAPHS.map(({ name }) => supervisor.start({ name, ...serviceProcess(name) })));
  const gateway = await supervisor.start({ name: 'gateway', ...serviceProcess('gateway') });
  // Where the gateway looks for each subgraph, next to where it listens: a mismatch shows here.
  const reachedAt = (gateway.subgraphUrls ?? {}) as Partial<Record<SubgraphName, string>>;
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`
Integra is running (started in ${seconds} s).
  Gateway (GraphQL + Apollo Sandbox): ${gateway.url}
${SUBGRAPHS.map(({ name }, index) => {
  const url = subgraphs[index]!.url;
  const used = reachedAt[name];
  return `  ${name.padEnd(13)} subgraph: ${url}${used ? `  (the gateway uses ${used})` : ''}`;
}).join('\n')}
${await sandboxTokens()}
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`integra: ${(error as Error).message}; stopping the others (see its message above)`);
  await stopAll(1);
}
