/**
 * `npm run bench:layers [-- --rounds 3 --seconds 10 --connections 16 --postgres]`: what the
 * production layers of issue 16 cost. Two complete platforms run side by side, each service a
 * compiled process as `npm start` runs it (platform-processes.ts), each on its own databases
 * seeded with the demo world (embedded PGlite in a temporary folder, or with --postgres fresh
 * databases on that server, dropped afterwards):
 *
 * - layers on: LOG_LEVEL=info (one JSON line per request and service) with every service's
 *   standard output appended to one file, whose size is read at the end; tracing on, each
 *   service exporting its spans over OTLP/HTTP to a stand-in collector this script runs in a
 *   process of its own (otlp-sink.ts), which counts the exports, their bytes and their spans;
 *   each service's metrics listener (<SERVICE>_METRICS_PORT) scraped every 5 s, as Prometheus
 *   would, from start to end.
 * - layers off: LOG_LEVEL=warn (nothing written while serving), no OTLP endpoint (no tracer
 *   provider registered), no metrics listener and no scrape. The metrics registries and their
 *   per-request counters and histograms exist in both: they cannot be turned off.
 *
 * Both platforms are first checked to answer the same data for every demo customer. Then the
 * README customer query, a different customer each request (the 12 demo customers in turn), is
 * driven flat out through each gateway, `connections` at a time, each connection a salesperson
 * of its own (the gateway's in-flight de-duplication, per person, then merges nothing and every
 * answer costs its subgraph fetches): a warm-up, then `rounds` rounds of `seconds` per gateway,
 * alternating which goes first so that drift on a shared machine hits both. Only the platform
 * being driven works; the other idles (but for the scrapes). Besides the pooled figures, the
 * on/off ratio of answers per second within each round (two runs side by side in time) is
 * printed with its median, the steadier figure when the machine's load drifts.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildWorld, DEMO_CUSTOMERS, demoNow } from '../prisma/demo/world.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { createBenchDatabase } from './lib/bench-databases.js';
import { customerQueryBody } from './lib/customer-query.js';
import { freePort } from './lib/free-port.js';
import { describeRun, driveFor, summarizeRuns, type DriveResult, type RunsSummary } from './lib/load-driver.js';
import { positiveOption } from './lib/numeric-option.js';
import { startOtlpSink, type SinkCounts } from './lib/otlp-sink.js';
import { startPlatformProcesses, type PlatformProcesses } from './lib/platform-processes.js';

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    postgres: { type: 'boolean', default: false },
    'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
  },
});
const rounds = Math.round(positiveOption('rounds', values.rounds!, 20));
const seconds = positiveOption('seconds', values.seconds!, 600);
const connections = Math.round(positiveOption('connections', values.connections!, 512));
const warmUpSeconds = Math.min(5, seconds);
const postgresArguments = !values.postgres ? '' : values['postgres-url'] === DEFAULT_POSTGRES_URL ? ' --postgres' : ` --postgres --postgres-url ${values['postgres-url']}`;
const command = `npm run bench:layers -- --rounds ${rounds} --seconds ${seconds} --connections ${connections}${postgresArguments}`;

const SCRAPE_INTERVAL_MS = 5_000;
const NEWLINE = 0x0a;
/** Longest a span waits in its batch before export (OTEL_BSP_SCHEDULE_DELAY's default, 5 s), and a margin. */
const SPAN_BATCH_DELAY_MS = 6_000;
const SERVICES = [{ name: 'gateway', envPrefix: 'GATEWAY' }, ...SUBGRAPHS] as const;
const ROLES = ['salesperson'];

// The demo world every service seeds (SEED_DEMO_DATA), laid out around today as they lay it out.
const customerIds = buildWorld({ customers: DEMO_CUSTOMERS, now: demoNow() }).sales.customers.map((customer) => customer.id);
let nextCustomer = 0;
const nextCustomerQuery = () => customerQueryBody(customerIds[nextCustomer++ % customerIds.length]!);

interface Target {
  name: 'layers on' | 'layers off';
  platform: PlatformProcesses;
  /** One salesperson per connection: the gateway's in-flight de-duplication, per person, merges nothing. */
  headers: (client: number) => Record<string, string>;
  runs: DriveResult[];
}

/** Everything made for the run, undone in reverse order at the end whatever happened. */
const cleanups: (() => Promise<void> | void)[] = [];
/** `stop` as a clean-up that may also be called before the end: it runs once. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

const workDir = mkdtempSync(path.join(tmpdir(), 'integra-bench-layers-'));
cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

async function databasesFor(platform: 'on' | 'off'): Promise<Record<SubgraphName, string>> {
  const urls = {} as Record<SubgraphName, string>;
  for (const { name } of SUBGRAPHS) {
    if (!values.postgres) {
      urls[name] = `pglite:${path.join(workDir, platform, name)}`;
      continue;
    }
    const database = await createBenchDatabase(values['postgres-url']!, `layers_${platform}_${name}`);
    cleanups.push(database.drop);
    urls[name] = database.url;
  }
  return urls;
}

async function salespeople(platform: PlatformProcesses): Promise<Target['headers']> {
  const tokens = await Promise.all(Array.from({ length: connections }, (_, client) => platform.token(ROLES, `bench-salesperson-${client}`)));
  return (client) => ({ authorization: `Bearer ${tokens[client]}` });
}

async function askCustomer(target: Target, id: string): Promise<string> {
  const response = await fetch(target.platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers(0) }, body: customerQueryBody(id) });
  const answer = (await response.json()) as { data?: { customer: unknown }; errors?: unknown[] };
  if (response.status !== 200 || answer.errors || !answer.data?.customer) throw new Error(`${target.name}: customer ${id} answered HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return JSON.stringify(answer.data);
}

async function checkSameAnswers(on: Target, off: Target): Promise<void> {
  for (const id of customerIds) {
    const [fromOn, fromOff] = await Promise.all([askCustomer(on, id), askCustomer(off, id)]);
    if (fromOn !== fromOff) throw new Error(`customer ${id} differs:\n  layers on:  ${fromOn.slice(0, 500)}\n  layers off: ${fromOff.slice(0, 500)}`);
  }
}

/** Prometheus's part: every service's metrics listener read every SCRAPE_INTERVAL_MS. */
function scrapeEvery(urls: string[]) {
  const tally = { scrapes: 0, bytes: 0, failures: 0, firstFailure: '' };
  const scrape = async (url: string) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_INTERVAL_MS) });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      tally.scrapes += 1;
      tally.bytes += Buffer.byteLength(text);
    } catch (error) {
      tally.failures += 1;
      tally.firstFailure ||= `${url}: ${(error as Error).message}`;
    }
  };
  const timer = setInterval(() => void Promise.all(urls.map(scrape)), SCRAPE_INTERVAL_MS);
  return { tally, stop: () => clearInterval(timer) };
}

const loadAverage = () => `${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

try {
  console.log(`layers benchmark: ${command}`);
  console.log(`two platforms of compiled processes side by side, ${values.postgres ? `PostgreSQL (${new URL(values['postgres-url']!).host})` : 'embedded PGlite'}, demo world; CPU load average ${loadAverage()}`);

  const sink = await startOtlpSink();
  cleanups.push(sink.stop);
  const logFile = path.join(workDir, 'layers-on.log');
  const logFd = openSync(logFile, 'a');
  cleanups.push(() => closeSync(logFd));
  const metricsPorts = Object.fromEntries(await Promise.all(SERVICES.map(async ({ envPrefix }) => [envPrefix, await freePort()] as const)));
  // Whatever this shell has set for these, each platform gets exactly its own.
  const noLayers: NodeJS.ProcessEnv = {
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    ...Object.fromEntries(SERVICES.map(({ envPrefix }) => [`${envPrefix}_METRICS_PORT`, undefined])),
  };
  const common: NodeJS.ProcessEnv = { SEED_DEMO_DATA: 'true', LOG_FORMAT: 'json' };

  const started = performance.now();
  const onPlatform = await startPlatformProcesses(
    await databasesFor('on'),
    {
      ...noLayers,
      ...common,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sink.tracesUrl,
      ...Object.fromEntries(SERVICES.map(({ envPrefix }) => [`${envPrefix}_METRICS_PORT`, String(metricsPorts[envPrefix])])),
    },
    { stdout: logFd },
  );
  const stopOnPlatform = once(onPlatform.stop);
  cleanups.push(stopOnPlatform);
  const offPlatform = await startPlatformProcesses(await databasesFor('off'), { ...noLayers, ...common, LOG_LEVEL: 'warn' });
  cleanups.push(offPlatform.stop);
  console.log(`both platforms ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const scraper = scrapeEvery(SERVICES.map(({ envPrefix }) => `http://127.0.0.1:${metricsPorts[envPrefix]}/metrics`));
  cleanups.push(scraper.stop);

  const on: Target = { name: 'layers on', platform: onPlatform, headers: await salespeople(onPlatform), runs: [] };
  const off: Target = { name: 'layers off', platform: offPlatform, headers: await salespeople(offPlatform), runs: [] };
  const targets = [on, off];
  let onWarmedUpAt = 0;

  await checkSameAnswers(on, off);
  console.log(`both answer the same data for the ${customerIds.length} demo customers`);

  // The layers-on platform warms up first, so that the off one's warm-up gives the last spans of
  // the start-up and warm-up time to leave their batches before the counts are taken.
  for (const target of targets) {
    const warm = await driveFor({ url: target.platform.gatewayUrl, headers: target.headers, body: nextCustomerQuery, connections, seconds: warmUpSeconds });
    if (warm.failures) throw new Error(`${target.name}: ${warm.failures} failed answers while warming up, the first: ${warm.firstFailure}`);
    if (target === on) onWarmedUpAt = performance.now();
  }
  await setTimeout(Math.max(0, onWarmedUpAt + SPAN_BATCH_DELAY_MS - performance.now()));
  const logBytesBefore = statSync(logFile).size;
  const spansBefore = await sink.counts();

  for (let round = 1; round <= rounds; round += 1) {
    // ABAB then BABA: neither always runs first, in the quieter or the busier half.
    for (const target of round % 2 ? targets : [...targets].reverse()) {
      const run = await driveFor({ url: target.platform.gatewayUrl, headers: target.headers, body: nextCustomerQuery, connections, seconds });
      target.runs.push(run);
      console.log(describeRun(`  round ${round} ${target.name.padEnd(10)}`, run));
    }
  }
  scraper.stop();
  const logWritten = readFileSync(logFile).subarray(logBytesBefore);
  const logBytes = logWritten.length;
  const logLines = logWritten.reduce((lines, byte) => (byte === NEWLINE ? lines + 1 : lines), 0);
  // Stopping the platform sends the spans still in its batches.
  await stopOnPlatform();
  const spansAfter = await sink.counts();
  const spans: SinkCounts = {
    exports: spansAfter.exports - spansBefore.exports,
    bytes: spansAfter.bytes - spansBefore.bytes,
    spans: spansAfter.spans - spansBefore.spans,
    unreadable: spansAfter.unreadable - spansBefore.unreadable,
  };

  const onSummary = summarizeRuns(on.runs);
  const offSummary = summarizeRuns(off.runs);
  const row = (name: string, { rps, p50, p99 }: RunsSummary) => `| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(1)} ms | ${p99.toFixed(1)} ms |`;
  const roundRatios = on.runs.map((run, round) => run.answers / run.seconds / (off.runs[round]!.answers / off.runs[round]!.seconds));
  const sortedRatios = [...roundRatios].sort((a, b) => a - b);
  const medianRatio = (sortedRatios[Math.floor((sortedRatios.length - 1) / 2)]! + sortedRatios[Math.ceil((sortedRatios.length - 1) / 2)]!) / 2;
  const perAnswer = (total: number, digits = 1) => (total / onSummary.answers).toFixed(digits);
  const { tally } = scraper;
  console.log(`
| layers | answers/s | p50 | p99 |
| --- | --- | --- | --- |
${row('on: info logs to a file, traces over OTLP, metrics scraped every 5 s', onSummary)}
${row('off: warn logs, no tracing, no metrics listener', offSummary)}
| on / off | ${(onSummary.rps / offSummary.rps).toFixed(2)} | ${(onSummary.p50 / offSummary.p50).toFixed(2)} | ${(onSummary.p99 / offSummary.p99).toFixed(2)} |

answers/s on / off within each round: ${roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')} (median ${medianRatio.toFixed(2)})

| layers on, while measured (${onSummary.answers} answers) | total | per answer |
| --- | --- | --- |
| spans exported, background work's included (${spans.exports} OTLP exports${spans.unreadable ? `, ${spans.unreadable} unreadable` : ''}) | ${spans.spans} | ${perAnswer(spans.spans)} |
| OTLP bytes sent | ${mebibytes(spans.bytes)} | ${perAnswer(spans.bytes, 0)} B |
| log lines written | ${logLines} | ${perAnswer(logLines)} |
| log bytes written | ${mebibytes(logBytes)} | ${perAnswer(logBytes, 0)} B |
| metric scrapes over the whole run (${SERVICES.length} services every ${SCRAPE_INTERVAL_MS / 1000} s) | ${tally.scrapes}${tally.failures ? `, ${tally.failures} failed (${tally.firstFailure})` : ''} | ${tally.scrapes ? `${(tally.bytes / tally.scrapes / 1024).toFixed(1)} KiB a scrape` : ''} |

${rounds} round(s) of ${seconds} s per platform after a ${warmUpSeconds} s warm-up, ${connections} connections; CPU load average at the end ${loadAverage()}
command: ${command}`);
  if (onSummary.failures || offSummary.failures) {
    console.error(`failed answers: layers on ${onSummary.failures}, layers off ${offSummary.failures}`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
