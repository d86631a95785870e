/**
 * `npm run bench [-- --dir bench-data --requests 200]`: figures for the platform on a large
 * data set made by `npm run generate`. Prints
 *   1. start-up: `npm start`'s processes on that data, until the gateway serves;
 *   2. latency through the gateway (p50/p95/p99) of the README customer query, a page of
 *      100 customers with rates, billing and bookings, and the billing specialist's invoice query;
 *   3. SQL statements per request for each subgraph, counted at the driver (in-process run).
 * Each query is sent with a token carrying the roles it needs, no more; the processes share a key
 * folder made for the run, whose issuer signs those tokens.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorld } from '../prisma/demo/world.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import { openDatabase, type Database } from '../subgraphs/shared/database.js';
import { startInProcessPlatform } from './lib/in-process-platform.js';
import { temporaryKeyFolder } from './lib/local-tokens.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'bench-data' }, requests: { type: 'string', default: '200' } } });
const dir = path.resolve(projectRoot, values.dir!);
const requests = Number(values.requests);
if (!existsSync(path.join(dir, 'sales'))) throw new Error(`No data in ${dir}: run npm run generate -- --customers 100000 first`);

// The generator always writes customer 0, with the one issued invoice.
const { sales, billing } = buildWorld({ customers: 1 });
const QUERIES = {
  'customer (README query)': {
    query: `query ($id: ID!) { customer(id: $id) { legalName contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
      currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } } } }`,
    variables: { id: sales.customers[0]!.id },
    roles: ['salesperson'],
  },
  'page of 100 customers': {
    query: `{ customers(first: 100) { edges { node { legalName contractRates { service unitPrice { amount } }
      currentBilling { calls chargesToDate { amount } } bookings { title bridge { accessCode } } } } } }`,
    variables: {},
    roles: ['salesperson', 'conference-operator'],
  },
  'invoice with latest rates': {
    query: `query ($id: ID!) { invoice(id: $id) { number total { amount } lines { amount { amount } } customer { legalName contractRates { service unitPrice { amount } } } } }`,
    variables: { id: billing.invoices[0]!.id },
    roles: ['billing-specialist'],
  },
};

type Tokens = (roles: readonly string[]) => Promise<string>;

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measureLatency(url: string, tokens: Tokens): Promise<void> {
  for (const [name, { query, variables, roles }] of Object.entries(QUERIES)) {
    const token = await tokens(roles);
    for (let i = 0; i < 10; i += 1) await post(url, token, query, variables);
    const times: number[] = [];
    for (let i = 0; i < requests; i += 1) {
      const started = performance.now();
      await post(url, token, query, variables);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const f = (ms: number) => ms.toFixed(1).padStart(6);
    console.log(`  ${name.padEnd(27)} p50 ${f(percentile(times, 50))} ms  p95 ${f(percentile(times, 95))} ms  p99 ${f(percentile(times, 99))} ms  (${requests} requests)`);
  }
}

async function startProcesses(): Promise<{ gatewayUrl: string; seconds: number; tokens: Tokens; stop(): Promise<void> }> {
  const keys = await temporaryKeyFolder();
  // Without rate limits: the measurement sends requests back to back from one address and identity, beyond RATE_LIMIT_PER_IDENTITY.
  const env: NodeJS.ProcessEnv = { ...process.env, ...keys.env, SEED_DEMO_DATA: 'false', GATEWAY_PORT: '4100', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_IDENTITY: '0' };
  SUBGRAPHS.forEach(({ name, envPrefix }, index) => {
    env[`${envPrefix}_DATABASE_URL`] = `pglite:${path.join(dir, name)}`;
    env[`${envPrefix}_PORT`] = String(4101 + index);
    env[`${envPrefix}_URL`] = `http://127.0.0.1:${4101 + index}/graphql`;
  });
  const started = performance.now();
  const child = fork(path.join(projectRoot, 'scripts/start.ts'), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Integra is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
  });
  return {
    gatewayUrl: 'http://127.0.0.1:4100/graphql',
    seconds: (performance.now() - started) / 1000,
    tokens: (roles) => keys.token(roles, 'bench'),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => {
          keys.remove();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

console.log(`Data: ${path.relative(process.cwd(), dir) || '.'}\n`);
const processes = await startProcesses();
console.log(`1. Start-up (npm start, separate processes, existing data): ${processes.seconds.toFixed(1)} s\n`);
console.log('2. Latency through the gateway (separate processes):');
await measureLatency(processes.gatewayUrl, processes.tokens);
await processes.stop();

console.log('\n3. SQL statements per request (in-process, counted at the driver):');
const databases = Object.fromEntries(
  await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await openDatabase(`pglite:${path.join(dir, name)}`)] as const)),
) as Record<SubgraphName, Database>;
// Without event delivery: the relays' polling would count as statements of the requests.
const platform = await startInProcessPlatform(databases, undefined, { deliverEvents: false });
for (const [name, { query, variables, roles }] of Object.entries(QUERIES)) {
  const token = await platform.token(roles, 'bench');
  await post(platform.gatewayUrl, token, query, variables);
  for (const database of Object.values(databases)) database.queries.reset();
  await post(platform.gatewayUrl, token, query, variables);
  const counts = SUBGRAPHS.map(({ name: subgraph }) => `${subgraph} ${databases[subgraph].queries.total}`).join(', ');
  console.log(`  ${name.padEnd(27)} ${counts}`);
}
await platform.stop();
for (const database of Object.values(databases)) await database.close();
