/**
 * `npm start`: every subgraph and the gateway, each as its own process (as they would be
 * deployed), started in order: the gateway once all subgraphs listen. A service that fails to
 * start stops everything, with its reason above; one that dies later is restarted alone, with
 * backoff (scripts/lib/supervisor.ts). Ctrl-C stops them all.
 */
import path from 'node:path';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';
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

try {
  const subgraphs = await Promise.all(
    SUBGRAPHS.map(({ name }) => supervisor.start({ name, entry: path.join(projectRoot, `subgraphs/${name}/index.ts`) })),
  );
  const gateway = await supervisor.start({ name: 'gateway', entry: path.join(projectRoot, 'gateway/index.ts') });
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
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`integra: ${(error as Error).message}; stopping the others (see its message above)`);
  await stopAll(1);
}
