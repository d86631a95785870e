/**
 * `npm run loadtest [-- --url http://127.0.0.1:4000/ --requests 1000 --rounds 1]`: sends
 * `--requests` queries at once through the gateway (the README customer query and a page of
 * customers with rates, billing and bookings, alternately) and prints how many were answered,
 * the errors by code and the latency percentiles. Exits non-zero if any answer carried an error.
 *
 * Without --url it starts the in-process platform over in-memory PGlite with the demo world,
 * as the tests do. With --url it loads a running gateway, which must be on a loopback address;
 * start it without rate limits (RATE_LIMIT_PER_ADDRESS=0 RATE_LIMIT_PER_IDENTITY=0 npm start),
 * or the burst beyond them is answered TOO_MANY_REQUESTS and counted as errors.
 * `--subgraph-timeout-ms` sets the in-process gateway's SUBGRAPH_TIMEOUT_MS (by default the
 * gateway's default). `--rounds` repeats the burst after `--pause-ms` of quiet: idle pooled connections are where
 * keep-alive races show. Bounded: at most 5,000 requests a round, 10 rounds, and every request
 * gives up after --timeout-seconds.
 *
 * Every request carries one bearer token with the roles the two queries need: `salesperson`
 * (customers, their rates and current billing) and `conference-operator` (their bookings). The
 * in-process platform signs it with its own issuer; against --url it is signed with the embedded
 * issuer's key in the key folder (INTEGRA_KEYS_DIR, .data/keys), which a gateway started by
 * `npm start` on this machine accepts. `--token <jwt>` sends that one instead (one of an
 * identity provider's, for a gateway configured with AUTH_JWKS_URL).
 */
import { parseArgs } from 'node:util';
import { Agent, fetch } from 'undici';
import { buildWorld, DEMO_CUSTOMERS } from '../prisma/demo/world.js';
import { CLIENT_KEEP_ALIVE_TIMEOUT_MS, describeFailure } from '../subgraphs/shared/subgraph-client.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from '../gateway/server.js';
import { startDemoPlatformInMemory } from './lib/demo-platform.js';
import { localToken } from './lib/local-tokens.js';

const MAX_REQUESTS = 5_000;
const MAX_ROUNDS = 10;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    requests: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '1' },
    'pause-ms': { type: 'string', default: '5000' },
    'timeout-seconds': { type: 'string', default: '300' },
    'subgraph-timeout-ms': { type: 'string' },
    token: { type: 'string' },
  },
});

function boundedInteger(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got ${raw}`);
  return value;
}
if (values.token && !values.url) throw new Error('--token is for a running gateway (--url): the in-process platform accepts only its own tokens');
const requests = boundedInteger('requests', values.requests!, MAX_REQUESTS);
const rounds = boundedInteger('rounds', values.rounds!, MAX_ROUNDS);
const pauseMs = boundedInteger('pause-ms', values['pause-ms']!, 60_000);
const timeoutMs = boundedInteger('timeout-seconds', values['timeout-seconds']!, 600) * 1000;
// By default the gateway's own SUBGRAPH_TIMEOUT_MS, as `npm start` runs it.
const subgraphTimeoutMs = values['subgraph-timeout-ms'] === undefined ? undefined : boundedInteger('subgraph-timeout-ms', values['subgraph-timeout-ms'], 600_000);
// All requests at once on their own connections, waiting as long as --timeout-seconds allows
// (fetch's default pool gives up connecting after 10 s, which a burst can exceed).
// Idle connections are closed well before the server's keep-alive ends, as the gateway does
// with subgraphs: otherwise a reused connection the gateway is closing counts as an error.
const client = new Agent({
  connections: MAX_REQUESTS,
  connect: { timeout: timeoutMs },
  headersTimeout: timeoutMs,
  bodyTimeout: timeoutMs,
  keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
  keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
});

function loopbackUrl(raw: string): string {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw new Error(`--url must be a loopback address (127.0.0.1, ::1, localhost): ${raw}`);
  }
  return url.toString();
}

const demo = buildWorld({ customers: DEMO_CUSTOMERS });
/** What the queries below select: customers with rates and current billing, and their bookings. */
const ROLES_NEEDED = ['salesperson', 'conference-operator'];
const QUERIES = [
  {
    name: 'customer (README query)',
    query: `query ($id: ID!) { customer(id: $id) { legalName contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
      currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } } } }`,
    variables: { id: demo.sales.customers[0]!.id },
  },
  {
    name: 'page of customers',
    query: `{ customers(first: ${DEMO_CUSTOMERS}) { edges { node { legalName contractRates { service unitPrice { amount } }
      currentBilling { calls chargesToDate { amount } } bookings { title } } } } }`,
    variables: {},
  },
];

interface Outcome {
  ms: number;
  errorCodes: string[];
}

async function send(url: string, authorization: string, index: number): Promise<Outcome> {
  const { query, variables } = QUERIES[index % QUERIES.length]!;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: client,
    });
    const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: { extensions?: { code?: string; serviceName?: string } }[] } | null;
    const errorCodes = (body?.errors ?? []).map(({ extensions }) => `${extensions?.code ?? 'NO_CODE'}${extensions?.serviceName ? ` (${extensions.serviceName})` : ''}`);
    if (!body) errorCodes.push(`HTTP ${response.status}, not JSON`);
    else if (!body.data && errorCodes.length === 0) errorCodes.push(`HTTP ${response.status}, no data`);
    return { ms: performance.now() - started, errorCodes };
  } catch (error) {
    return { ms: performance.now() - started, errorCodes: [(error as Error).name === 'TimeoutError' ? 'NO_ANSWER_IN_TIME' : `REQUEST_FAILED (${describeFailure(error, timeoutMs)})`] };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function startPlatform() {
  const { platform, stop } = await startDemoPlatformInMemory({ subgraphTimeoutMs });
  return { url: platform.gatewayUrl, token: () => platform.token(ROLES_NEEDED, 'loadtest'), stop };
}

const platform = values.url
  ? { url: loopbackUrl(values.url), token: () => localToken(ROLES_NEEDED, { subject: 'loadtest' }), stop: async () => {} }
  : await startPlatform();
const authorization = `Bearer ${values.token ?? (await platform.token())}`;
console.log(
  `load test: ${rounds} round(s) of ${requests} concurrent queries through ${platform.url}` +
    (values.url ? '' : ` (in-process platform, demo world, subgraph timeout ${subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS} ms)`),
);

let failed = 0;
try {
  // One query of each kind first, so the figures measure serving, not the first query plan.
  for (let index = 0; index < QUERIES.length; index += 1) await send(platform.url, authorization, index);
  const all: Outcome[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    if (round > 1) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const started = performance.now();
    const outcomes = await Promise.all(Array.from({ length: requests }, (_, index) => send(platform.url, authorization, index)));
    const seconds = (performance.now() - started) / 1000;
    const withErrors = outcomes.filter(({ errorCodes }) => errorCodes.length > 0).length;
    console.log(`  round ${round}: ${outcomes.length} answers in ${seconds.toFixed(1)} s, ${withErrors} with errors`);
    all.push(...outcomes);
  }
  const errorsByCode = new Map<string, number>();
  for (const code of all.flatMap(({ errorCodes }) => errorCodes)) errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + 1);
  failed = all.filter(({ errorCodes }) => errorCodes.length > 0).length;
  const times = all.map(({ ms }) => ms).sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(`answers: ${all.length}, without errors: ${all.length - failed}, with errors: ${failed} (${((100 * failed) / all.length).toFixed(2)}%)`);
  console.log(`errors by code: ${errorsByCode.size === 0 ? 'none' : [...errorsByCode].map(([code, count]) => `${code}: ${count}`).join(', ')}`);
  console.log(`latency: p50 ${f(percentile(times, 50))}, p95 ${f(percentile(times, 95))}, p99 ${f(percentile(times, 99))}, max ${f(times.at(-1)!)}`);
} finally {
  await platform.stop();
  await client.close();
}
process.exitCode = failed > 0 ? 1 : 0;
