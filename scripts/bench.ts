/**
 * `npm run bench [-- --pglite --customers 10000 --seconds 6 --rounds 2 --connections 20
 * --operations 360,page --out bench-results/latest.md --regenerate --many-people]`: Integra's gateway against
 * its peers on its own supergraph (issue 17), in one run:
 *
 * - data: a generated data set (bench-data-set.ts) on PostgreSQL, or PGlite with --pglite;
 * - the five subgraphs and the Integra gateway compiled, as `npm start` runs them, in production
 *   mode (identity with a token per client, limits, metrics; rate limits off), and beside them,
 *   over the same subgraph processes and the same composed supergraph, stock @apollo/gateway and
 *   Hive Gateway's runtime (peer-gateways/), and the subgraph itself for an operation only it answers;
 * - every target is first checked to answer byte-identical bodies to stock's for a sample of every
 *   operation; the run stops with the difference otherwise;
 * - each operation (bench-operations.ts) is driven through each target with `connections` clients
 *   for `seconds` after a warm-up, round after round with the targets' order rotating, so drift on
 *   the shared machine hits all alike; per target: answers per second, p50/p99, CPU per request of
 *   the gateway and of each subgraph (/proc), the gateway's peak RSS, subgraph fetches and SQL
 *   statements per request (the subgraphs' own metrics, less what they run when idle);
 * - the rating path and a small campaign run (bench-rating.ts, bench-mailings.ts as they are);
 * - a markdown table, printed and written to --out with the machine it came from.
 *
 * Every Integra client is the same bench person, as the peers act for one bench person whoever
 * calls (they verify no caller, peer-setup.ts): like for like. With --many-people each Integra
 * client is a person of its own, as in an office; the gateway then merges identical in-flight
 * subgraph calls per person only, so the hot key no longer merges across clients.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { request } from 'undici';
import { composeSupergraph } from '../gateway/composition.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import { prepareDataSet } from './lib/bench-data-set.js';
import { benchOperations, type BenchOperation } from './lib/bench-operations.js';
import { buildFolder, builtFile } from './lib/build.js';
import { freePort } from './lib/free-port.js';
import { driveFor, summarizeRuns, type DriveResult } from './lib/load-driver.js';
import { positiveOption } from './lib/numeric-option.js';
import { PEER_PORT_VARIABLE, PEER_SUPERGRAPH_VARIABLE } from './lib/peer-gateways/peer-setup.js';
import { startPlatformProcesses } from './lib/platform-processes.js';
import { cpuMillisecondsOf, peakMemoryOf, resetPeakMemory } from './lib/process-meter.js';
import { subgraphCounts, type SubgraphCounts } from './lib/subgraph-counters.js';

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    customers: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '6' },
    'warm-up': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    operations: { type: 'string' },
    out: { type: 'string', default: 'bench-results/latest.md' },
    regenerate: { type: 'boolean', default: false },
    'many-people': { type: 'boolean', default: false },
    'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
  },
});
const customerCount = Math.round(positiveOption('customers', values.customers!, 1_000_000));
const seconds = positiveOption('seconds', values.seconds!, 600);
const warmUpSeconds = positiveOption('warm-up', values['warm-up']!, 60);
const rounds = Math.round(positiveOption('rounds', values.rounds!, 20));
const connections = Math.round(positiveOption('connections', values.connections!, 512));
const outFile = path.resolve(values.out!);
const SAMPLE_REQUESTS = 5;
const IDLE_SECONDS = 3;
const SUBGRAPH_NAMES = SUBGRAPHS.map(({ name }) => name);

type TargetName = 'Integra' | 'stock' | 'Hive' | 'subgraph direct';
interface Target {
  name: TargetName;
  url: string;
  /** The gateway's process; none for a subgraph called directly. */
  pid?: number;
}

interface Measured {
  runs: DriveResult[];
  gatewayCpuMs: number;
  subgraphCpuMs: Record<SubgraphName, number>;
  peakRss: number;
  fetches: number;
  statements: number;
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const cleanups: (() => Promise<void> | void)[] = [];

/**
 * The status and body of one answer, for comparing targets byte for byte; but for the final
 * newline Apollo Server writes after the JSON and Hive Gateway does not, which is no part of the answer.
 */
async function post(url: string, headers: Record<string, string>, body: string): Promise<string> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return `HTTP ${response.statusCode} ${(await response.body.text()).replace(/\n$/, '')}`;
}

async function main(): Promise<void> {
  const dataSet = await prepareDataSet({ pglite: values.pglite!, customers: customerCount, regenerate: values.regenerate!, postgresAdminUrl: values['postgres-url']! });
  console.log(`[${elapsed()}] data: ${dataSet.origin}`);
  if (dataSet.customers.length !== customerCount) throw new Error(`the data set holds ${dataSet.customers.length} customers, not ${customerCount}: run with --regenerate`);

  const workDir = mkdtempSync(path.join(tmpdir(), 'integra-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  const supergraphPath = path.join(workDir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeSupergraph().supergraphSdl);

  const platform = await startPlatformProcesses(dataSet.databaseUrls);
  cleanups.push(() => platform.stop());
  await buildFolder('scripts/lib/peer-gateways');
  const startPeer = async (name: string, source: string) =>
    platform.startBeside(name, builtFile(`scripts/lib/peer-gateways/${source}`), { [PEER_SUPERGRAPH_VARIABLE]: supergraphPath, [PEER_PORT_VARIABLE]: String(await freePort()) });
  const [stock, hive] = await Promise.all([startPeer('stock', 'stock-apollo-gateway.ts'), startPeer('hive', 'hive-gateway.ts')]);
  const gatewayTargets: Target[] = [
    { name: 'stock', ...stock },
    { name: 'Integra', url: platform.gatewayUrl, pid: platform.pidOf('gateway') },
    { name: 'Hive', ...hive },
  ];
  console.log(`[${elapsed()}] started: ${gatewayTargets.map(({ name, url }) => `${name} ${url}`).join(', ')}`);

  const selected = values.operations?.split(',').map((part) => part.trim().toLowerCase());
  const operations = benchOperations(dataSet).filter((operation) => !selected || selected.some((part) => operation.name.toLowerCase().includes(part)));
  if (operations.length === 0) throw new Error(`--operations ${values.operations} names none of: ${benchOperations(dataSet).map(({ name }) => name).join('; ')}`);
  const subgraphPids = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, platform.pidOf(name)])) as Record<SubgraphName, number>;

  const targetsOf = (operation: BenchOperation): Target[] =>
    operation.direct ? [...gatewayTargets, { name: 'subgraph direct', url: platform.subgraphUrls[operation.direct] }] : gatewayTargets;
  /**
   * Each client's headers for a target: a person of its own at Integra (the peers read none), at a
   * subgraph the gateway's service token, which lives 120 s: asked for again before each drive.
   */
  const personalHeaders = new Map(
    await Promise.all(
      operations.map(async (operation) => [operation, await Promise.all(Array.from({ length: connections }, async (_, client) => ({ authorization: `Bearer ${await platform.token(operation.roles, `bench:client-${values['many-people'] ? client : 0}`)}` })))] as const),
    ),
  );
  async function headersFor(operation: BenchOperation, target: Target): Promise<(client: number) => Record<string, string>> {
    if (target.name !== 'subgraph direct') return (client) => personalHeaders.get(operation)![client % connections]!;
    const service = { authorization: await platform.gatewayAuthorization(operation.roles, 'bench:client-0') };
    return () => service;
  }

  // Byte-identical answers first: the same sample requests to every target, compared with stock's.
  for (const operation of operations) {
    for (let sample = 0; sample < SAMPLE_REQUESTS; sample += 1) {
      const body = operation.nextBody();
      const answers = new Map<TargetName, string>();
      for (const target of targetsOf(operation)) answers.set(target.name, await post(target.url, (await headersFor(operation, target))(0), body));
      const expected = answers.get('stock')!;
      if (!expected.startsWith('HTTP 200 {"data"') || expected.includes('"errors"')) throw new Error(`${operation.name}: stock answered ${expected.slice(0, 500)} to ${body}`);
      for (const [name, answer] of answers) {
        if (answer !== expected) throw new Error(`${operation.name}: ${name} answers differently from stock to ${body}\n  stock: ${expected.slice(0, 2000)}\n  ${name}: ${answer.slice(0, 2000)}`);
      }
    }
  }
  console.log(`[${elapsed()}] every target answers byte-identical bodies to stock's (${SAMPLE_REQUESTS} requests of each operation)`);

  const countsNow = async () => {
    // A service token lives 120 s: one for each scrape (the credentials reuse it for 60 s).
    const authorization = await platform.gatewayAuthorization([]);
    return Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await subgraphCounts(platform.subgraphUrls[name], authorization)] as const))) as Record<SubgraphName, SubgraphCounts>;
  };
  const idleBefore = await countsNow();
  await sleep(IDLE_SECONDS * 1000);
  const idleAfter = await countsNow();
  const idleStatementsPerSecond = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, (idleAfter[name].statements - idleBefore[name].statements) / IDLE_SECONDS])) as Record<SubgraphName, number>;
  console.log(`[${elapsed()}] idle SQL statements per second (subtracted below): ${SUBGRAPH_NAMES.map((name) => `${name} ${idleStatementsPerSecond[name].toFixed(1)}`).join(', ')}`);

  const results = new Map<string, Measured>();
  const keyOf = (operation: BenchOperation, target: Target) => `${operation.name}\n${target.name}`;
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, operation] of operations.entries()) {
      const targets = targetsOf(operation);
      const order = targets.map((_, position) => targets[(position + round + index) % targets.length]!);
      for (const target of order) {
        const drive = async (forSeconds: number) => driveFor({ url: target.url, headers: await headersFor(operation, target), body: operation.nextBody, connections, seconds: forSeconds });
        if (round === 0) await drive(warmUpSeconds);
        if (target.pid) resetPeakMemory(target.pid);
        const gatewayCpuBefore = target.pid ? cpuMillisecondsOf(target.pid) : 0;
        const subgraphCpuBefore = SUBGRAPH_NAMES.map((name) => cpuMillisecondsOf(subgraphPids[name]));
        const countsBefore = await countsNow();
        const run = await drive(seconds);
        const countsAfter = await countsNow();
        const measured = results.get(keyOf(operation, target)) ?? {
          runs: [],
          gatewayCpuMs: 0,
          subgraphCpuMs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 0])) as Record<SubgraphName, number>,
          peakRss: 0,
          fetches: 0,
          statements: 0,
        };
        measured.runs.push(run);
        if (target.pid) {
          measured.gatewayCpuMs += cpuMillisecondsOf(target.pid) - gatewayCpuBefore;
          measured.peakRss = Math.max(measured.peakRss, peakMemoryOf(target.pid));
        }
        SUBGRAPH_NAMES.forEach((name, position) => {
          measured.subgraphCpuMs[name] += cpuMillisecondsOf(subgraphPids[name]) - subgraphCpuBefore[position]!;
          measured.fetches += countsAfter[name].requests - countsBefore[name].requests;
          measured.statements += countsAfter[name].statements - countsBefore[name].statements - idleStatementsPerSecond[name] * run.seconds;
        });
        results.set(keyOf(operation, target), measured);
        const failed = run.failures ? `, ${run.failures} failed (${run.firstFailure})` : '';
        console.log(`[${elapsed()}] round ${round + 1} ${operation.name} via ${target.name}: ${(run.answers / run.seconds).toFixed(0)} answers/s${failed}`);
      }
    }
  }

  const rows: string[] = [];
  const figure = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  for (const operation of operations) {
    const stockRps = summarizeRuns(results.get(keyOf(operation, gatewayTargets[0]!))!.runs).rps;
    for (const target of targetsOf(operation)) {
      const measured = results.get(keyOf(operation, target))!;
      const summary = summarizeRuns(measured.runs);
      const perRequest = (total: number) => total / summary.answers;
      const subgraphCpu = SUBGRAPH_NAMES.map((name) => figure(perRequest(measured.subgraphCpuMs[name])));
      rows.push(
        `| ${operation.name} | ${target.name} | ${summary.rps.toFixed(0)} | ${figure(summary.rps / stockRps)} | ${figure(summary.p50, 1)} | ${figure(summary.p99, 1)} | ` +
          `${target.pid ? figure(perRequest(measured.gatewayCpuMs)) : '—'} | ${subgraphCpu.join(' | ')} | ${target.pid ? (measured.peakRss / 1024 / 1024).toFixed(0) : '—'} | ` +
          `${figure(perRequest(measured.fetches))} | ${figure(perRequest(measured.statements), 1)} | ${summary.failures} |`,
      );
    }
  }
  await platform.stop();
  cleanups.pop();

  console.log(`[${elapsed()}] rating path and campaign run`);
  const sideFigures = [await ratingFigure(), await campaignFigure(workDir)];

  const report = [
    `# npm run bench`,
    '',
    `Machine: ${await machine()}.`,
    `Data: ${customerCount} customers, ${dataSet.origin}.`,
    `Load: ${connections} connections, ${rounds} round(s) of ${seconds} s per target and operation after a ${warmUpSeconds} s warm-up, targets in rotating order; ` +
      `command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\`; whole run ${elapsed()}.`,
    '',
    `| operation | target | RPS | ÷ stock | p50 ms | p99 ms | gateway CPU ms/req | ${SUBGRAPH_NAMES.map((name) => `${name} CPU ms/req`).join(' | ')} | gateway peak RSS MB | subgraph fetches/req | SQL/req | failed |`,
    `|${' --- |'.repeat(12 + SUBGRAPH_NAMES.length)}`,
    ...rows,
    '',
    ...sideFigures.map((line) => `- ${line}`),
    '',
    `Every target answered byte-identical bodies to stock's for a sample of each operation before measuring. Integra: production mode, ${values['many-people'] ? 'each client a person of its own' : 'every client the same bench person'} with a token; ` +
      'stock @apollo/gateway and Hive Gateway\'s runtime: default settings, acting for one bench person (scripts/lib/peer-gateways/). ' +
      `SQL/req excludes the statements the subgraphs run when idle (${SUBGRAPH_NAMES.map((name) => `${name} ${idleStatementsPerSecond[name].toFixed(1)}/s`).join(', ')}).`,
    '',
  ].join('\n');
  console.log(`\n${report}`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, report);
  console.log(`written to ${path.relative(process.cwd(), outFile)}`);
}

async function machine(): Promise<string> {
  const database = values.pglite
    ? 'embedded PGlite'
    : await (async () => {
        const client = new pg.Client({ connectionString: values['postgres-url'] });
        await client.connect();
        try {
          return `PostgreSQL ${((await client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version}`;
        } finally {
          await client.end();
        }
      })();
  return `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, ${database}`;
}

/** A benchmark script's standard output, run as `npm run` runs it; stderr passes through. */
function scriptOutput(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}:\n${output.slice(-2000)}`))));
  });
}

async function ratingFigure(): Promise<string> {
  const legs = 10_000;
  const output = await scriptOutput('bench-rating.ts', ['--legs', String(legs), '--batch', '1000', '--databases', values.pglite ? 'pglite' : 'postgres']);
  const row = output.split('\n').find((line) => /^\s*\d+ \|\s+\d+ \|/.test(line));
  const [, , legsPerSecond, statementsPerBatch] = row?.split('|').map((cell) => cell.trim()) ?? [];
  return `rating path (npm run bench:rating -- --legs ${legs} --batch 1000): ${legsPerSecond ?? '?'} legs per second, ${statementsPerBatch ?? '?'} SQL statements per batch of 1000`;
}

async function campaignFigure(workDir: string): Promise<string> {
  const customers = 2_000;
  const output = await scriptOutput('bench-mailings.ts', ['--customers', String(customers), '--database', values.pglite ? 'pglite' : 'postgres', '--dir', path.join(workDir, 'mailings')]);
  const runSeconds = Number(/campaign COMPLETED over \d+ customers in ([\d.]+) s/.exec(output)?.[1]);
  const letters = Number(/letters printed\s+(\d+)/.exec(output)?.[1]);
  const peak = /peak RSS, mailings\s+(\d+ MB)/.exec(output)?.[1] ?? '?';
  return `campaign run (npm run bench:mailings -- --customers ${customers}): ${figureOrUnknown(letters / runSeconds)} letters per second (${letters} letters in ${runSeconds} s), mailings peak RSS ${peak}`;
}

function figureOrUnknown(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '?';
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
