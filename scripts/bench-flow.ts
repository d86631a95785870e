/**
 * `npm run bench:flow [-- --conferences 1000 --concurrency 25 --postgres --processes]`: issue 6's
 * flow under load, with the real handlers, through the gateway. By default the whole platform
 * runs in this process (embedded PGlite, or fresh PostgreSQL databases with --postgres); with
 * --processes (PostgreSQL only) each subgraph and the gateway run as their own processes, as
 * deployed, and this process only drives the calls and measures. NATS JetStream carries the
 * events when NATS_URL is set, the embedded transport otherwise. The bridge simulator books the calls, waits for
 * their bridges and runs them; for every conference this script notes when `endConference`
 * answered and when billing's charges for it first became visible (one poll of billing's
 * database every 10 ms for all conferences still waiting). Prints the median and p99 of that
 * delay, the legs rated per second over the run, and billing's SQL statements per rated leg.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildWorld, demoNow } from '../prisma/demo/world.js';
import { loadWorldSlice } from '../prisma/demo/load-world.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { readEventDeliveryConfig } from '../subgraphs/shared/config.js';
import type { Database } from '../subgraphs/shared/database.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';
import { BRIDGE_ROLE } from '../subgraphs/shared/identity/roles.js';
import { emptyTally, gatewayGraphQL, runCall, waitForBridges } from './lib/bridge-simulator.js';
import { planCall, seededFaker } from './lib/call-plan.js';
import { inPool } from './lib/in-pool.js';
import { startInProcessPlatform } from './lib/in-process-platform.js';
import { startPlatformProcesses } from './lib/platform-processes.js';

const { values } = parseArgs({
  options: {
    conferences: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '25' },
    // Conferences started per second (open loop); unset: each of the `concurrency` workers starts
    // its next call as soon as the last one ended, as fast as the platform goes (saturation).
    rate: { type: 'string' },
    customers: { type: 'string', default: '20' },
    postgres: { type: 'boolean', default: false },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    processes: { type: 'boolean', default: false },
  },
});
if (values.processes && !values.postgres) throw new Error('--processes needs --postgres: this script reads billing\'s charges while the services hold their databases');
const conferences = Number(values.conferences);
const concurrency = Number(values.concurrency);
const rate = values.rate === undefined ? null : Number(values.rate);
if (rate !== null && !(rate > 0)) throw new Error(`--rate must be a number of conferences per second above 0, got ${values.rate}`);
const eventDelivery = readEventDeliveryConfig();

const created: string[] = [];
const benchUrls: Partial<Record<SubgraphName, string>> = {};
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: values['postgres-url'] });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openBenchDatabase(name: SubgraphName): Promise<Database> {
  if (!values.postgres) return openMigratedDatabase(name, 'pglite:memory');
  const database = `integra_bench_${name}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  created.push(database);
  const url = new URL(values['postgres-url']!);
  url.pathname = `/${database}`;
  benchUrls[name] = url.toString();
  return openMigratedDatabase(name, url.toString());
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

console.log(`flow benchmark: ${conferences} conferences, ${rate === null ? `${concurrency} at a time as fast as they go` : `${rate} started per second (at most ${concurrency} at a time)`}, ${values.processes ? 'one process per service, ' : 'in one process, '}${values.postgres ? 'PostgreSQL' : 'embedded PGlite'}, ${eventDelivery.natsUrl ? `NATS JetStream (${eventDelivery.natsUrl})` : 'embedded transport'}`);
// Laid out around the real clock, as `npm start` lays it out: the calls run on it.
const world = buildWorld({ customers: Number(values.customers), now: demoNow() });
const databases = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await openBenchDatabase(name)] as const))) as Record<SubgraphName, Database>;
async function loadWorldIntoServers(): Promise<void> {
  for (const { name } of SUBGRAPHS) {
    const client = new pg.Client({ connectionString: benchUrls[name] });
    await client.connect();
    try {
      await loadWorldSlice(
        name,
        {
          $queryRawUnsafe: async <T>(sql: string, ...args: unknown[]) => (await client.query(sql, args)).rows as T,
          $executeRawUnsafe: async (sql: string, ...args: unknown[]) => (await client.query(sql, args)).rowCount ?? 0,
        },
        world,
      );
    } finally {
      await client.end();
    }
  }
}
const platform = values.processes
  ? await loadWorldIntoServers().then(() => startPlatformProcesses(benchUrls as Record<SubgraphName, string>, { NATS_URL: eventDelivery.natsUrl ?? '', NATS_STREAM: eventDelivery.natsStream }))
  : await startInProcessPlatform(databases, (name, client) => loadWorldSlice(name, client, world), { eventDelivery });

// As the simulator: the operator books and reads the bridges' access codes, the bridge runs the calls.
const operator = gatewayGraphQL(platform.gatewayUrl, await platform.token(['conference-operator'], 'bench:operator'));
const bridgeDevice = gatewayGraphQL(platform.gatewayUrl, await platform.token([BRIDGE_ROLE], 'bridge:bench'));

// Book every call first (a minute ahead: the bridge opens 15 minutes early, so each call, under
// 30 s long, replays at once), then run them; only the runs are measured.
const faker = seededFaker(42);
const customers = world.sales.customers.map((customer) => customer.id);
const scheduledStart = new Date(Date.now() + 60_000).toISOString();
const bookingIds: string[] = [];
let began = performance.now();
await inPool(
  Array.from({ length: conferences }, (_, index) => index),
  8,
  async (index) => {
    const { createBooking } = await operator(`mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, {
      input: {
        customerId: customers[index % customers.length],
        title: `Benchmark call ${index + 1}`,
        organiserName: 'Bench',
        organiserEmail: 'bench@example.com',
        scheduledStart,
        durationMinutes: 60,
        expectedParticipants: 10,
        tollFree: index % 3 === 0,
        recording: index % 4 === 0,
      },
    });
    bookingIds.push(createBooking.id);
  },
);
console.log(`booked ${bookingIds.length} calls in ${((performance.now() - began) / 1000).toFixed(1)} s`);
const bridges = await waitForBridges(operator, bookingIds, 120_000);
console.log(`${[...bridges.values()].filter(Boolean).length} bridges reserved`);

const billing = databases.billing.adapter;
const ended = new Map<string, number>();
const visible = new Map<string, number>();
let polls = 0;
let pollerStopped = false;
let lastEnd = performance.now();
const poller = (async () => {
  const connection = await billing.connect();
  try {
    while (!pollerStopped || visible.size < ended.size) {
      const waiting = [...ended.keys()].filter((id) => !visible.has(id));
      if (waiting.length) {
        polls += 1;
        const { rows } = await connection.queryRaw({
          sql: `SELECT DISTINCT "conferenceId"::text FROM "UsageCharge" WHERE "conferenceId" = ANY($1::uuid[])`,
          args: [waiting],
          argTypes: [{ scalarType: 'string', arity: 'list' }],
        });
        const at = performance.now();
        for (const [conferenceId] of rows) visible.set(conferenceId as string, at);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (pollerStopped && performance.now() - lastEnd > 60_000) break;
    }
  } finally {
    await connection.dispose();
  }
})();

const queriesBefore = databases.billing.queries.total;
const tally = emptyTally();
began = performance.now();
await inPool(bookingIds, concurrency, async (bookingId, index) => {
  const bridge = bridges.get(bookingId);
  if (!bridge) return;
  if (rate !== null) {
    const due = began + (index * 1000) / rate - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
  }
  // Short enough to be replayed whole at once: the bridge takes a join, a leave or an end at
  // most 30 s late. What rating costs does not depend on how long a leg lasted.
  const seconds = 5 + ((index * 37) % 20);
  const plan = planCall(seededFaker(index), { participants: 2 + (index % 9), seconds, tollFreeAvailable: bridge.tollFreeNumber !== null });
  const conferenceId = await runCall(bridgeDevice, bridge, plan, tally, { startAt: new Date(Date.now() - seconds * 1000) });
  lastEnd = performance.now();
  ended.set(conferenceId, lastEnd);
});
pollerStopped = true;
await poller;
const elapsedSeconds = (Math.max(...visible.values()) - began) / 1000;
const billingStatements = databases.billing.queries.total - queriesBefore - polls;

const delays = [...ended].filter(([id]) => visible.has(id)).map(([id, at]) => visible.get(id)! - at).sort((a, b) => a - b);
console.log(`conferences ended: ${ended.size}, charged: ${visible.size}; legs: ${tally.legs}`);
console.log(`CPU load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
console.log(`endConference -> charge visible: median ${percentile(delays, 50).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, worst ${delays.at(-1)!.toFixed(0)} ms`);
console.log(`legs rated per second over the run: ${(tally.legs / elapsedSeconds).toFixed(0)} (${tally.legs} legs in ${elapsedSeconds.toFixed(1)} s; the simulator's pace bounds it, see bench:rating for capacity)`);
console.log(
  values.processes
    ? 'billing SQL statements per rated leg: counted in-process only (run without --processes)'
    : `billing SQL statements per rated leg: ${(billingStatements / tally.legs).toFixed(2)} (${billingStatements} statements, this script's ${polls} polls not counted)`,
);

await platform.stop();
for (const database of Object.values(databases)) await database.close();
for (const database of created) await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
