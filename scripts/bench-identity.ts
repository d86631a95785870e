/**
 * `npm run bench:identity [-- --rounds 3 --seconds 10 --connections 16]`: what identity costs.
 *
 * 1. The README customer query (a customer with its rates from sales and current billing from
 *    billing) driven flat out through two gateways over the same in-process subgraphs and demo
 *    world: the normal one (the person's token verified, access rules, demand control) and the
 *    same gateway built without those three (buildGatewayWithoutSecurityForBenchmark, every
 *    request acting for one salesperson). Both still send each subgraph a service token, which the
 *    subgraphs verify and check against their own rules: the difference is the gateway's share.
 *    The targets alternate within each round, so drift on a shared machine hits both; prints
 *    answers per second, p50 and p99 of each, and their ratio.
 * 2. One user-token verification, one service-token mint, one service-token verification (cached:
 *    the same token again, as a subgraph sees the gateway's reused token; uncached: the first
 *    time), timed on their own.
 *
 * Everything (driver, gateways, subgraphs, PGlite) shares one process and its event loop, so
 * the throughput is this process's, not a deployment's; the ratio is the figure to read.
 */
import { parseArgs } from 'node:util';
import { importJWK, type CryptoKey } from 'jose';
import { buildWorld, DEMO_CUSTOMERS } from '../prisma/demo/world.js';
import { composeSupergraph } from '../gateway/composition.js';
import { localUserTokens, signLocalUserToken } from '../gateway/identity/user-tokens.js';
import { buildGateway, buildGatewayWithoutSecurityForBenchmark, type BuiltGateway } from '../gateway/server.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { generateSigningKey, SERVICE_SIGNATURE_ALGORITHM } from '../subgraphs/shared/identity/key-store.js';
import { identityOf } from '../subgraphs/shared/identity/roles.js';
import { createServiceCredentials } from '../subgraphs/shared/identity/service-credentials.js';
import { startDemoPlatformInMemory } from './lib/demo-platform.js';
import { describeRun, driveFor, summarizeRuns, type DriveResult, type RunsSummary } from './lib/load-driver.js';
import { positiveOption } from './lib/numeric-option.js';
import { customerQueryBody } from './lib/customer-query.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'micro-seconds': { type: 'string', default: '2' },
  },
});
const rounds = Math.round(positiveOption('rounds', values.rounds!, 20));
const seconds = positiveOption('seconds', values.seconds!, 600);
const connections = Math.round(positiveOption('connections', values.connections!, 512));
const microSeconds = positiveOption('micro-seconds', values['micro-seconds']!, 60);

const ROLES = ['salesperson'];
const demo = buildWorld({ customers: DEMO_CUSTOMERS });
const CUSTOMER_QUERY = customerQueryBody(demo.sales.customers[0]!.id);

// ——— 1. Through the gateway ———

// No event delivery: its polling would be load on one side or the other.
const demoPlatform = await startDemoPlatformInMemory({ deliverEvents: false });
const { platform, subgraphUrls } = demoPlatform;
const { supergraphSdl } = composeSupergraph();

async function serve(gateway: BuiltGateway) {
  return serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
}
// Both built here the same way, over the same subgraphs; only what the gateway checks differs.
const options = { supergraphSdl, identity: platform.gatewayIdentity, subgraphUrls, production: true };
const targets: { name: string; served: Awaited<ReturnType<typeof serve>>; headers: Record<string, string> }[] = [
  { name: 'identity on', served: await serve(buildGateway(options)), headers: { authorization: `Bearer ${await platform.token(ROLES, 'bench')}` } },
  { name: 'identity off', served: await serve(buildGatewayWithoutSecurityForBenchmark({ ...options, caller: identityOf('bench', ROLES) })), headers: {} },
];

console.log(`identity benchmark: the README customer query, ${rounds} round(s) of ${seconds} s per gateway, ${connections} connections, one process (in-process subgraphs, PGlite, demo world)`);
for (const target of targets) {
  const warm = await driveFor({ url: target.served.url, headers: target.headers, body: CUSTOMER_QUERY, connections, seconds: Math.min(3, seconds) });
  if (warm.failures) throw new Error(`${target.name}: ${warm.failures} failed answers while warming up, the first: ${warm.firstFailure}`);
}
const results = new Map<string, DriveResult[]>(targets.map((target) => [target.name, []]));
for (let round = 1; round <= rounds; round += 1) {
  // ABAB then BABA: neither always runs first, in the quieter or the busier half.
  for (const target of round % 2 ? targets : [...targets].reverse()) {
    const result = await driveFor({ url: target.served.url, headers: target.headers, body: CUSTOMER_QUERY, connections, seconds });
    results.get(target.name)!.push(result);
    console.log(describeRun(`  round ${round} ${target.name.padEnd(12)}`, result));
  }
}

const on = summarizeRuns(results.get('identity on')!);
const off = summarizeRuns(results.get('identity off')!);
for (const target of targets) await target.served.stop();
await demoPlatform.stop();

// ——— 2. Each step on its own ———

/** Mean time of one call, run back to back for `microSeconds` after a short warm-up. */
async function timeEach(run: (iteration: number) => Promise<unknown>): Promise<number> {
  for (let iteration = 0; iteration < 200; iteration += 1) await run(iteration);
  let iterations = 0;
  const started = performance.now();
  const endsAt = started + microSeconds * 1000;
  while (performance.now() < endsAt) {
    for (let batch = 0; batch < 50; batch += 1) await run(200 + iterations++);
  }
  return ((performance.now() - started) * 1000) / iterations;
}

const issuer = await generateSigningKey('issuer');
const users = localUserTokens((await importJWK(issuer.publicJwk, SERVICE_SIGNATURE_ALGORITHM)) as CryptoKey);
const userAuthorization = `Bearer ${await signLocalUserToken(issuer, { subject: 'bench', roles: ROLES, lifetimeSeconds: 3600 })}`;
const gatewayKey = await generateSigningKey('gateway');
const salesKey = await generateSigningKey('sales');
const trusted = new Map([['gateway', (await importJWK(gatewayKey.publicJwk, SERVICE_SIGNATURE_ALGORITHM)) as CryptoKey]]);
const gateway = createServiceCredentials(gatewayKey, trusted);
const sales = createServiceCredentials(salesKey, trusted);
const serviceAuthorization = `Bearer ${await gateway.bearerFor(identityOf('bench', ROLES))}`;

const micro = {
  'user token, verified (EdDSA, every request)': await timeEach(() => users.verify(userAuthorization)),
  // A subject of its own each time: the gateway reuses a minted token for 60 s otherwise.
  'service token, minted (EdDSA)': await timeEach((iteration) => gateway.bearerFor(identityOf(`bench-${iteration}`, ROLES))),
  'service token, verified (cached)': await timeEach(() => sales.verifyBearer(serviceAuthorization)),
  'service token, verified (uncached)': await timeEach(() => createServiceCredentials(salesKey, trusted).verifyBearer(serviceAuthorization)),
};

const row = (name: string, { rps, p50, p99 }: RunsSummary) => `| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(1)} ms | ${p99.toFixed(1)} ms |`;
console.log(`
| gateway | answers/s | p50 | p99 |
| --- | --- | --- | --- |
${row('identity, access rules, demand control on', on)}
${row('off (benchmark-only gateway)', off)}
| on / off | ${(on.rps / off.rps).toFixed(2)} | ${(on.p50 / off.p50).toFixed(2)} | ${(on.p99 / off.p99).toFixed(2)} |

| one step | time |
| --- | --- |
${Object.entries(micro).map(([name, microseconds]) => `| ${name} | ${microseconds.toFixed(1)} µs |`).join('\n')}
`);
if (on.failures || off.failures) {
  console.error(`failed answers: on ${on.failures}, off ${off.failures}`);
  process.exitCode = 1;
}
