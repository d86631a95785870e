/**
 * `npm run bench:dedup [-- --rounds 2 --seconds 5 --connections 32]`: what in-flight
 * de-duplication (SUBGRAPH_DEDUP) buys on a hot key: every client asks for the same customer
 * (the README customer query: rates from sales, current billing from billing) as the same
 * person, flat out, through two gateways over the same in-process subgraphs and demo world,
 * one de-duplicating and one not. Prints answers per second, p50 and p99, and the SQL
 * statements the subgraphs ran per answer (what the merged fetches saved them).
 *
 * A hot key is de-duplication's best case: with every person asking for different things it
 * merges nothing and costs one map look-up per fetch. Everything shares one process and its
 * event loop: read the ratio, not the absolute throughput.
 */
import { parseArgs } from 'node:util';
import { seedDemoWorld } from '../prisma/demo/load-world.js';
import { buildWorld, DEMO_CUSTOMERS } from '../prisma/demo/world.js';
import { composeSupergraph } from '../gateway/composition.js';
import { buildGateway } from '../gateway/server.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import type { Database } from '../subgraphs/shared/database.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';
import { startInProcessPlatform } from './lib/in-process-platform.js';
import { driveFor, percentile, type DriveResult } from './lib/load-driver.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
});
function positive(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!(value > 0 && value <= max)) throw new Error(`--${name} must be a number above 0 and at most ${max}, got ${raw}`);
  return value;
}
const rounds = Math.round(positive('rounds', values.rounds!, 20));
const seconds = positive('seconds', values.seconds!, 600);
const connections = Math.round(positive('connections', values.connections!, 512));

const demo = buildWorld({ customers: DEMO_CUSTOMERS });
const HOT_CUSTOMER_QUERY = JSON.stringify({
  query: `query ($id: ID!) { customer(id: $id) { legalName contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
    currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } } } }`,
  variables: { id: demo.sales.customers[0]!.id },
});

const databases = Object.fromEntries(
  await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await openMigratedDatabase(name, 'pglite:memory')] as const)),
) as Record<SubgraphName, Database>;
// No event delivery: its polling would add SQL statements no answer asked for.
const platform = await startInProcessPlatform(databases, async (name, executor) => {
  await seedDemoWorld(name, executor);
}, { deliverEvents: false });
const subgraphUrls = Object.fromEntries(Object.entries(platform.subgraphs).map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>;
const { supergraphSdl } = composeSupergraph();
const headers = { authorization: `Bearer ${await platform.token(['salesperson'], 'bench')}` };

const targets = await Promise.all(
  [true, false].map(async (deduplicate) => {
    const gateway = buildGateway({ supergraphSdl, identity: platform.gatewayIdentity, subgraphUrls, production: true, deduplicate });
    return { name: deduplicate ? 'dedup on' : 'dedup off', served: await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context }) };
  }),
);
const statements = () => Object.values(databases).reduce((sum, database) => sum + database.queries.total, 0);

console.log(`dedup benchmark: one customer asked by one person, ${rounds} round(s) of ${seconds} s per gateway, ${connections} connections, one process (in-process subgraphs, PGlite, demo world)`);
const results = new Map<string, { runs: DriveResult[]; statements: number }>(targets.map((target) => [target.name, { runs: [], statements: 0 }]));
for (const target of targets) await driveFor({ url: target.served.url, headers, body: HOT_CUSTOMER_QUERY, connections, seconds: Math.min(2, seconds) });
for (let round = 1; round <= rounds; round += 1) {
  for (const target of round % 2 ? targets : [...targets].reverse()) {
    const before = statements();
    const run = await driveFor({ url: target.served.url, headers, body: HOT_CUSTOMER_QUERY, connections, seconds });
    const result = results.get(target.name)!;
    result.runs.push(run);
    result.statements += statements() - before;
    const sorted = [...run.latencies].sort((a, b) => a - b);
    console.log(`  round ${round} ${target.name.padEnd(9)} ${(run.answers / run.seconds).toFixed(0).padStart(6)} answers/s  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms${run.failures ? `  ${run.failures} failed (${run.firstFailure})` : ''}`);
  }
}
for (const target of targets) await target.served.stop();
await platform.stop();
for (const database of Object.values(databases)) await database.close();

console.log('\n| gateway | answers/s | p50 | p99 | SQL statements per answer |\n| --- | --- | --- | --- | --- |');
let failures = 0;
for (const [name, { runs, statements: total }] of results) {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const answers = runs.reduce((sum, run) => sum + run.answers, 0);
  const elapsed = runs.reduce((sum, run) => sum + run.seconds, 0);
  failures += runs.reduce((sum, run) => sum + run.failures, 0);
  console.log(`| ${name} | ${(answers / elapsed).toFixed(0)} | ${percentile(latencies, 50).toFixed(1)} ms | ${percentile(latencies, 99).toFixed(1)} ms | ${(total / answers).toFixed(2)} |`);
}
if (failures) {
  console.error(`${failures} failed answers`);
  process.exitCode = 1;
}
