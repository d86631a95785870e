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
import { buildWorld, DEMO_CUSTOMERS } from '../prisma/demo/world.js';
import { composeSupergraph } from '../gateway/composition.js';
import { buildGateway } from '../gateway/server.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { startDemoPlatformInMemory } from './lib/demo-platform.js';
import { describeRun, driveFor, summarizeRuns, type DriveResult } from './lib/load-driver.js';
import { positiveOption } from './lib/numeric-option.js';
import { customerQueryBody } from './lib/customer-query.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
});
const rounds = Math.round(positiveOption('rounds', values.rounds!, 20));
const seconds = positiveOption('seconds', values.seconds!, 600);
const connections = Math.round(positiveOption('connections', values.connections!, 512));

const demo = buildWorld({ customers: DEMO_CUSTOMERS });
const HOT_CUSTOMER_QUERY = customerQueryBody(demo.sales.customers[0]!.id);

// No event delivery: its polling would add SQL statements no answer asked for.
const demoPlatform = await startDemoPlatformInMemory({ deliverEvents: false });
const { platform, databases, subgraphUrls } = demoPlatform;
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
    console.log(describeRun(`  round ${round} ${target.name.padEnd(9)}`, run));
  }
}
for (const target of targets) await target.served.stop();
await demoPlatform.stop();

console.log('\n| gateway | answers/s | p50 | p99 | SQL statements per answer |\n| --- | --- | --- | --- | --- |');
let failures = 0;
for (const [name, { runs, statements: total }] of results) {
  const summary = summarizeRuns(runs);
  failures += summary.failures;
  console.log(`| ${name} | ${summary.rps.toFixed(0)} | ${summary.p50.toFixed(1)} ms | ${summary.p99.toFixed(1)} ms | ${(total / summary.answers).toFixed(2)} |`);
}
if (failures) {
  console.error(`${failures} failed answers`);
  process.exitCode = 1;
}
