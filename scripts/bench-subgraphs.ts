/**
 * `npm run bench:subgraphs -- --seconds 10 [--profile]`: CPU milliseconds each subgraph spends
 * per request on the fetches the gateway sends for customer-360 and for a page of 100 customers
 * (issue 17), the subgraphs compiled and run as `npm start` runs them, on the PostgreSQL
 * databases SALES_DATABASE_URL etc. name (filled by `npm run generate`). CPU is read from
 * /proc/<pid>/stat around each run, so load from other processes does not count; so is the CPU
 * of the PostgreSQL backends serving that subgraph's database (the server on this machine).
 * With --profile each subgraph writes a V8 CPU profile (.cpuprofile) into --profile-dir.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { SUBGRAPHS, catalogEntry, type SubgraphName } from '../subgraphs/catalog.js';
import { subgraphUrlVariable } from '../subgraphs/shared/config.js';
import { demoEInvoicingEnvironment } from '../subgraphs/billing/config.js';
import { buildServices } from './lib/build.js';
import { serviceProcess } from './lib/service-processes.js';
import { Supervisor } from './lib/supervisor.js';
import { freePort } from './lib/free-port.js';
import { temporaryKeyFolder } from './lib/local-tokens.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '4' },
    profile: { type: 'boolean', default: false },
    'profile-dir': { type: 'string', default: 'profiles' },
    /** One subgraph, or one operation ('customer-360', 'page of 100'), measured alone. */
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const MEASURED: SubgraphName[] = ['sales', 'billing', 'bookings', 'conferencing'];

const ENTITIES = '_entities(representations: $representations)';
const REPRESENTATIONS = 'query ($representations: [_Any!]!)';
const CUSTOMER_360 = {
  sales: `query ($id: ID!) { customer(id: $id) { __typename id legalName contractRates { service unit unitPrice { amount currency } billingIncrementSeconds } } }`,
  billing: `${REPRESENTATIONS} { ${ENTITIES} { ... on Customer { currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } } } } }`,
};
const PAGE_OF_100 = {
  sales: `{ customers(first: 100) { edges { node { __typename id legalName contractRates { service unitPrice { amount } } } } } }`,
  billing: `${REPRESENTATIONS} { ${ENTITIES} { ... on Customer { currentBilling { calls chargesToDate { amount } } } } }`,
  bookings: `${REPRESENTATIONS} { ${ENTITIES} { ... on Customer { bookings { __typename id title } } } }`,
  conferencing: `${REPRESENTATIONS} { ${ENTITIES} { ... on Booking { bridge { accessCode } } } }`,
};

function cpuMillisecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU of the PostgreSQL backends serving a subgraph's database (same machine), so a query shape that moves work into the server shows. */
async function databaseCpuMilliseconds(name: SubgraphName): Promise<number> {
  const url = process.env[`${catalogEntry(name).envPrefix}_DATABASE_URL`]!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.reduce((sum, { pid }) => sum + (existsSync(`/proc/${pid}/stat`) ? cpuMillisecondsOf(pid) : 0), 0);
  } finally {
    await client.end();
  }
}

function peakResidentMegabytesOf(pid: number): number {
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(peak) / 1024);
}

const keys = await temporaryKeyFolder();
const authorization = await keys.gatewayAuthorization(['salesperson', 'billing-specialist', 'conference-operator']);
const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
const urls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
const supervisor = new Supervisor({ stdio: ['ignore', 'ignore', 'inherit', 'ipc'], log: () => {} });
await buildServices();
const shared: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  SEED_DEMO_DATA: 'false',
  ...demoEInvoicingEnvironment(),
  SHUTDOWN_READINESS_GRACE_MS: '0',
  MAILINGS_DOWNLOAD_KEY: 'b'.repeat(64),
  ...keys.env,
  ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [subgraphUrlVariable(name), urls[name]])),
};
const pids = {} as Record<SubgraphName, number>;
for (const name of MEASURED) {
  const { envPrefix } = catalogEntry(name);
  if (!process.env[`${envPrefix}_DATABASE_URL`]) throw new Error(`${envPrefix}_DATABASE_URL is not set`);
  const { entry, execArgv } = serviceProcess(name);
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-dir']}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  await supervisor.start({ name, entry, execArgv: [...execArgv, ...profile], env: { ...shared, [`${envPrefix}_PORT`]: String(ports[name]) } });
  pids[name] = supervisor.pidOf(name)!;
}

const agent = new Agent({ connections });
async function ask(name: SubgraphName, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(urls[name], { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }), dispatcher: agent });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`${name} answered ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

/** Sends `request` from `connections` clients for `seconds`; the CPU each subgraph spent per request. */
async function measure(label: string, subgraph: SubgraphName, request: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i += 1) await request();
  const before = cpuMillisecondsOf(pids[subgraph]);
  const databaseBefore = await databaseCpuMilliseconds(subgraph);
  let answers = 0;
  const endsAt = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endsAt) {
        await request();
        answers += 1;
      }
    }),
  );
  const cpu = cpuMillisecondsOf(pids[subgraph]) - before;
  // Backends that ended during the run are missed, so this is a lower bound; the pool keeps them while it is busy.
  const databaseCpu = (await databaseCpuMilliseconds(subgraph)) - databaseBefore;
  const perRequest = (ms: number) => (ms / answers).toFixed(2).padStart(6);
  console.log(`${label.padEnd(14)} ${subgraph.padEnd(13)} ${perRequest(cpu)} ms CPU/request, its PostgreSQL ${perRequest(databaseCpu)} ms  (${answers} requests, ${(answers / seconds).toFixed(0)}/s)`);
}

const page = await ask('sales', PAGE_OF_100.sales, {});
const customerIds: string[] = page.customers.edges.map((edge: any) => edge.node.id);
const customerReps = { representations: customerIds.map((id) => ({ __typename: 'Customer', id })) };
const bookings = await ask('bookings', PAGE_OF_100.bookings, customerReps);
const bookingReps = { representations: bookings._entities.flatMap((customer: any) => customer.bookings.map((booking: any) => ({ __typename: 'Booking', id: booking.id }))) };
console.log(`page of 100: ${customerIds.length} customers, ${bookingReps.representations.length} bookings`);
const sample = (await ask('sales', `{ customers(first: 500) { edges { node { id } } } }`, {})).customers.edges.map((edge: any) => edge.node.id as string);
let next = 0;
const anyCustomer = () => sample[(next += 1) % sample.length]!;

const runs: [string, SubgraphName, () => Promise<unknown>][] = [
  ['customer-360', 'sales', () => ask('sales', CUSTOMER_360.sales, { id: anyCustomer() })],
  ['customer-360', 'billing', () => ask('billing', CUSTOMER_360.billing, { representations: [{ __typename: 'Customer', id: anyCustomer() }] })],
  ['page of 100', 'sales', () => ask('sales', PAGE_OF_100.sales, {})],
  ['page of 100', 'billing', () => ask('billing', PAGE_OF_100.billing, customerReps)],
  ['page of 100', 'bookings', () => ask('bookings', PAGE_OF_100.bookings, customerReps)],
  ['page of 100', 'conferencing', () => ask('conferencing', PAGE_OF_100.conferencing, bookingReps)],
];
for (const [label, subgraph, request] of runs) if (!values.only || values.only === subgraph || values.only === label) await measure(label, subgraph, request);

console.log(`peak RSS: ${MEASURED.map((name) => `${name} ${peakResidentMegabytesOf(pids[name])} MB`).join(', ')}`);
await agent.close();
await supervisor.stop();
keys.remove();
