/**
 * `npm run test:calendar`: the calendar guard. Runs tests at awkward instants, so a test that
 * depends on the day it runs fails the day it is written, not weeks later.
 *
 * Each run moves two clocks:
 * - the platform's business clock (INTEGRA_TEST_NOW): the end-to-end stack starts its one clock
 *   there and lays the demo world out around it, as `npm start` does around the real clock;
 * - the process clock, by libfaketime (Debian's `faketime` package), to another awkward instant:
 *   anything that reads the real clock where it should read the platform's then disagrees with
 *   the test by months, and fails.
 *
 *   npm run test:calendar                  the end-to-end tests at the CI pairs of instants, and the
 *                                          in-process subgraph tests with the process clock on 29 February 2028
 *   npm run test:calendar -- --every       the end-to-end tests with the business clock at each instant
 *   npm run test:calendar -- --whole-suite `npm test` (both databases) with the process clock at each instant
 *   npm run test:calendar -- --at 2027-01-01T00:30:00+01:00 [--process-at ...] [-- vitest args]
 *
 * Without libfaketime the process clock cannot be moved: the run stops saying so, unless
 * INTEGRA_CALENDAR_WITHOUT_FAKETIME=true, where only the business clock moves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The instants the issue names: the first minutes of a month in Rome, the year's last minute, the night of the October DST change, a leap day. */
export const AWKWARD_INSTANTS = {
  'first of the month, 00:30 Rome, new year': '2027-01-01T00:30:00+01:00',
  '31 December, 23:59 Rome': '2026-12-31T23:59:00+01:00',
  'October DST night, the second 02:30 Rome': '2026-10-25T02:30:00+01:00',
  'first of the month, 00:30 Rome (after a leap day)': '2028-03-01T00:30:00+01:00',
  '29 February, 23:30 Rome': '2028-02-29T23:30:00+01:00',
} as const;

/** What CI runs: two pairs, each business instant with the process clock at another. */
const CI_PAIRS: { business: string; processAt: string }[] = [
  { business: AWKWARD_INSTANTS['first of the month, 00:30 Rome, new year'], processAt: AWKWARD_INSTANTS['29 February, 23:30 Rome'] },
  { business: AWKWARD_INSTANTS['October DST night, the second 02:30 Rome'], processAt: AWKWARD_INSTANTS['31 December, 23:59 Rome'] },
];

/** The tests that build a subgraph in-process on fixtures with fixed dates. */
const IN_PROCESS_TESTS = ['test/subgraphs', 'test/sales', 'test/billing', 'test/bookings', 'test/conferencing'];

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((file) =>
  existsSync(file),
);

const { values, positionals } = parseArgs({
  options: {
    every: { type: 'boolean', default: false },
    'whole-suite': { type: 'boolean', default: false },
    at: { type: 'string' },
    'process-at': { type: 'string' },
  },
  allowPositionals: true,
});

function instant(text: string, name: string): Date {
  const parsed = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(parsed.getTime())) {
    console.error(`${name}: ${text} is not an ISO 8601 date and time, such as 2027-01-01T00:30:00+01:00`);
    process.exit(2);
  }
  return parsed;
}

/** The environment that moves this process's children's wall clock to `at` (libfaketime's offset, in seconds, kept by every child). */
function processClockAt(at: Date | null): NodeJS.ProcessEnv {
  if (!at) return {};
  if (!LIBFAKETIME) {
    if (process.env.INTEGRA_CALENDAR_WITHOUT_FAKETIME === 'true') return {};
    console.error('libfaketime is not installed, so the process clock cannot be moved: apt-get install faketime (or set INTEGRA_CALENDAR_WITHOUT_FAKETIME=true to move only the business clock)');
    process.exit(2);
  }
  const offsetSeconds = Math.round((at.getTime() - Date.now()) / 1000);
  return {
    LD_PRELOAD: [process.env.LD_PRELOAD, LIBFAKETIME].filter(Boolean).join(' '),
    FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
    // Timers and performance.now() keep the machine's pace; only the wall clock moves.
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}

interface Run {
  label: string;
  command: string[];
  business: string | null;
  processAt: string | null;
}

function execute({ label, command, business, processAt }: Run): boolean {
  console.log(`\n=== ${label}: business clock ${business ?? 'as the tests set it'}, process clock ${processAt ?? 'real'} ===\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...processClockAt(processAt ? instant(processAt, '--process-at') : null) };
  if (business) env.INTEGRA_TEST_NOW = business;
  // The property tests' seeded draws run in full in npm test; here they need only show that none
  // depends on the day, and their fixed examples (malformed and edge dates among them) all run.
  env.FUZZ_RUNS ??= '5';
  const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env });
  return result.status === 0;
}

const e2e = (extra: string[]) => ['npx', 'vitest', 'run', ...(extra.length ? extra : ['test/e2e'])];
const runs: Run[] = [];
if (values['whole-suite']) {
  for (const [name, at] of Object.entries(AWKWARD_INSTANTS)) runs.push({ label: `npm test, ${name}`, command: ['npx', 'tsx', 'scripts/test.ts', ...positionals], business: null, processAt: at });
} else if (values.at) {
  instant(values.at, '--at');
  runs.push({ label: 'chosen instant', command: e2e(positionals), business: values.at, processAt: values['process-at'] ?? null });
} else if (values.every) {
  const names = Object.keys(AWKWARD_INSTANTS) as (keyof typeof AWKWARD_INSTANTS)[];
  names.forEach((name, index) => {
    // The process clock at the next instant of the list, so the two never agree.
    runs.push({ label: name, command: e2e(positionals), business: AWKWARD_INSTANTS[name], processAt: AWKWARD_INSTANTS[names[(index + 1) % names.length]!] });
  });
} else {
  CI_PAIRS.forEach((pair, index) => runs.push({ label: `CI pair ${index + 1}`, command: e2e(positionals), business: pair.business, processAt: pair.processAt }));
  // The subgraphs' in-process tests run their servers on clocks of their own: with the wall clock
  // years ahead, a test that still reads it (a fixed date that must lie in the future) fails.
  if (positionals.length === 0) {
    runs.push({ label: 'in-process subgraph tests', command: ['npx', 'vitest', 'run', ...IN_PROCESS_TESTS], business: null, processAt: AWKWARD_INSTANTS['29 February, 23:30 Rome'] });
  }
}

const failed = runs.filter((run) => !execute(run));
console.log(`\ncalendar guard: ${runs.length - failed.length} of ${runs.length} runs passed${failed.length ? `; failed: ${failed.map((run) => run.label).join('; ')}` : ''}`);
process.exitCode = failed.length ? 1 : 0;
