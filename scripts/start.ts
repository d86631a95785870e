/**
 * `npm start`: every subgraph and the gateway, each as its own process (as they would be
 * deployed), started in order: the gateway once all subgraphs listen. Ctrl-C stops them all;
 * if one dies, the others are stopped and the exit code says so.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPHS } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';

const children = new Map<string, ChildProcess>();
let stopping = false;
const startedAt = performance.now();

function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(exitCode), 3000).unref();
  Promise.all([...children.values()].map((child) => new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done))))).then(
    () => process.exit(exitCode),
  );
}

function start(name: string, entry: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(projectRoot, entry), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    children.set(name, child);
    child.on('message', (message: { ready?: string; url?: string }) => {
      if (message.ready === name && message.url) resolve(message.url);
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const reason = `${name} stopped (${signal ?? `exit code ${code}`})`;
      reject(new Error(reason));
      console.error(`integra: ${reason}; stopping the others`);
      stopAll(code || 1);
    });
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  const subgraphUrls = await Promise.all(SUBGRAPHS.map(({ name }) => start(name, `subgraphs/${name}/index.ts`)));
  const gatewayUrl = await start('gateway', 'gateway/index.ts');
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`
Integra is running (started in ${seconds} s).
  Gateway (GraphQL + Apollo Sandbox): ${gatewayUrl}
${SUBGRAPHS.map(({ name }, index) => `  ${name.padEnd(13)} subgraph: ${subgraphUrls[index]}`).join('\n')}
Press Ctrl-C to stop.`);
} catch {
  stopAll(1);
}
