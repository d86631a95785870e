/**
 * `npm test`: the whole suite on the embedded database (PGlite in memory), then once more
 * against a PostgreSQL server, so both data modes are proven. Without a reachable server
 * the second run is skipped and says so, unless INTEGRA_REQUIRE_POSTGRES=true (CI), where
 * that is a failure. Extra arguments go to Vitest (`npm test -- test/e2e`). The event tests
 * also run over NATS when a server answers (INTEGRA_REQUIRE_NATS=true makes its absence a failure).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const postgresUrl = process.env.INTEGRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const requirePostgres = process.env.INTEGRA_REQUIRE_POSTGRES === 'true';
const vitestArgs = process.argv.slice(2);

const reportDir = mkdtempSync(path.join(tmpdir(), 'integra-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function runSuite(mode: 'pglite' | 'postgres'): boolean {
  console.log(`\n=== Test suite on ${mode === 'pglite' ? 'embedded PGlite' : `PostgreSQL (${new URL(postgresUrl).host})`} ===\n`);
  const report = path.join(reportDir, `${mode}.json`);
  const result = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs], {
    stdio: 'inherit',
    env: { ...process.env, INTEGRA_TEST_DATABASE: mode, INTEGRA_TEST_POSTGRES_URL: postgresUrl },
  });
  try {
    const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    totals.passed += counts.numPassedTests;
    totals.failed += counts.numFailedTests;
    totals.skipped += counts.numPendingTests + counts.numTodoTests;
  } catch {
    totals.failed += 1; // no report: the run itself broke
  }
  return result.status === 0;
}

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const results: string[] = [];
let failed = !runSuite('pglite');
results.push(`embedded PGlite: ${failed ? 'FAILED' : 'passed'}`);

const problem = await postgresProblem();
if (problem === null) {
  const passed = runSuite('postgres');
  failed ||= !passed;
  results.push(`PostgreSQL: ${passed ? 'passed' : 'FAILED'}`);
} else if (requirePostgres) {
  failed = true;
  results.push(`PostgreSQL: FAILED, no server at ${postgresUrl} (${problem})`);
} else {
  results.push(`PostgreSQL: skipped, no server at ${postgresUrl} (${problem}); set INTEGRA_TEST_POSTGRES_URL to run it`);
}

rmSync(reportDir, { recursive: true, force: true });
console.log(`\n${results.join('\n')}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = failed ? 1 : 0;
