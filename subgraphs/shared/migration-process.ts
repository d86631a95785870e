/**
 * Applies a subgraph's pending migrations on a PostgreSQL server from a short-lived child
 * process. Prisma's schema engine is WebAssembly: once loaded in a service it stays resident for
 * the life of the process (about 40 MB that nothing gives back), although a service needs it for
 * well under a second at start-up. Run here, it goes with the child. An embedded (PGlite) folder
 * is open in one process at a time, so its migrations stay in the service's own process.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SubgraphName } from '../catalog.js';

interface Outcome {
  applied?: string[];
  failure?: string;
}

const entry = fileURLToPath(new URL(`./migration-process-entry${sourceExtension()}`, import.meta.url));

/** `.ts` when this runs from source (tsx, Vitest), `.js` when built. */
function sourceExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

export async function applyMigrationsInChildProcess(subgraph: SubgraphName, url: string): Promise<string[]> {
  const child = fork(entry, [subgraph], {
    // From source the child needs the TypeScript loader; Node's own options (memory limits) are the parent's.
    execArgv: entry.endsWith('.ts') && !process.execArgv.includes('tsx') ? [...process.execArgv, '--import', 'tsx'] : process.execArgv,
    // The URL travels in the environment, not the command line, where `ps` would show its password.
    env: { ...process.env, INTEGRA_MIGRATION_DATABASE_URL: url },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let outcome: Outcome = {};
  child.on('message', (message: Outcome) => (outcome = message));
  const ended = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  });
  if (outcome.failure) throw new Error(outcome.failure);
  if (!outcome.applied) throw new Error(`the migration process ${ended} before reporting: ${stderr.trim().split('\n').at(-1) || 'no message'}`);
  return outcome.applied;
}
