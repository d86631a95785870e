/**
 * `npm run bench:mailings [-- --customers 100000 --dir bench-data/mailings]`: a campaign over
 * many generated customers, end to end, timed. Sales runs as its own process over a freshly
 * generated database, and so does mailings, started as `npm start` starts it (as deployed: compiled, with
 * MALLOC_ARENA_MAX=2 unless set); this process only drives them, and mailings' peak resident
 * memory is what is printed. Goals on the 2-core reference machine: under 2 minutes and under
 * 300 MB for 100,000 customers. Notices are written as `.eml` files (no SMTP server), the
 * template reads sales only (no billing figures: the generated world here has no billing).
 * Both processes share a key folder made for the run: mailings asks sales with its own service
 * token, and this script asks mailings as the gateway would for a mailing clerk.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { projectRoot } from '../subgraphs/shared/config.js';
import { buildServices } from './lib/build.js';
import { serviceProcess } from './lib/service-processes.js';
import { withServiceMallocDefaults } from './lib/supervisor.js';
import { freePort } from './lib/free-port.js';
import { temporaryKeyFolder } from './lib/local-tokens.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    dir: { type: 'string', default: 'bench-data/mailings' },
    'letters-per-file': { type: 'string', default: '1000' },
    reuse: { type: 'boolean', default: false },
    // pglite: embedded databases in folders under --dir; postgres: databases on the server at
    // INTEGRA_BENCH_POSTGRES_URL, so the figures are the services' own, without an embedded PostgreSQL.
    database: { type: 'string', default: 'pglite' },
  },
});
const customers = Number(values.customers);
const dir = path.resolve(projectRoot, values.dir!);
if (values.database !== 'pglite' && values.database !== 'postgres') throw new Error(`--database must be pglite or postgres, got ${values.database}`);
const postgresAdmin = process.env.INTEGRA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrl(name: 'sales' | 'mailings'): string {
  if (values.database === 'pglite') return `pglite:${path.join(dir, name)}`;
  const url = new URL(postgresAdmin);
  url.pathname = `/integra_bench_mailings_${name}`;
  return url.toString();
}

/** Empties a benchmark database: a folder removed, or a PostgreSQL database dropped and created again. */
async function freshDatabase(name: 'sales' | 'mailings'): Promise<void> {
  if (values.database === 'pglite') {
    rmSync(path.join(dir, name), { recursive: true, force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "integra_bench_mailings_${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "integra_bench_mailings_${name}"`);
  await admin.end();
}

async function databaseExists(name: 'sales' | 'mailings'): Promise<boolean> {
  if (values.database === 'pglite') return existsSync(path.join(dir, name));
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`integra_bench_mailings_${name}`]);
  await admin.end();
  return rowCount === 1;
}
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const megabytes = (kilobytes: number) => `${Math.round(kilobytes / 1024)} MB`;

async function generateSales(): Promise<void> {
  const [{ bulkInsert }, { buildWorld }, { createSalesPrisma }, { openMigratedDatabase }] = await Promise.all([
    import('../prisma/demo/bulk-insert.js'),
    import('../prisma/demo/world.js'),
    import('../subgraphs/sales/database.js'),
    import('../subgraphs/shared/prepare-database.js'),
  ]);
  const started = performance.now();
  const salesDatabase = await openMigratedDatabase('sales', databaseUrl('sales'));
  const sales = createSalesPrisma(salesDatabase.adapter);
  const now = new Date();
  for (let first = 0; first < customers; first += 5_000) {
    const world = buildWorld({ firstCustomer: first, customers: Math.min(5_000, customers - first), now });
    const noticeContacts = world.sales.customers.filter((customer) => customer.noticeContactId);
    await bulkInsert(sales, 'Customer', world.sales.customers.map((customer) => ({ ...customer, noticeContactId: null })));
    await bulkInsert(sales, 'Contact', world.sales.contacts);
    await bulkInsert(sales, 'Contract', world.sales.contracts);
    if (noticeContacts.length) {
      await sales.$executeRawUnsafe(
        `UPDATE "Customer" c SET "noticeContactId" = t.contact FROM unnest($1::uuid[], $2::uuid[]) AS t(id, contact) WHERE c."id" = t.id`,
        noticeContacts.map((customer) => customer.id),
        noticeContacts.map((customer) => customer.noticeContactId),
      );
    }
  }
  await sales.$executeRawUnsafe('ANALYZE');
  await sales.$disconnect();
  await salesDatabase.close();
  console.log(`generated ${customers} customers in sales in ${seconds(started)}`);
}

// 1. Sales: generated customers, in a process of its own so its memory is not counted here.
if (process.env.BENCH_MAILINGS_GENERATE) {
  await generateSales();
  process.exit(0);
}
// --reuse keeps the customers a previous run generated; the mailings side always starts afresh.
await freshDatabase('mailings');
rmSync(path.join(dir, 'mailings-files'), { recursive: true, force: true });
if (!values.reuse || !(await databaseExists('sales'))) {
  await freshDatabase('sales');
  await new Promise<void>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_MAILINGS_GENERATE: '1' }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generating the customers failed (exit ${code})`))));
  });
}

// 2. Sales as its own process, on a free port; both services run compiled, as npm start runs them.
await buildServices();
const keys = await temporaryKeyFolder();

async function startSales(): Promise<{ child: ChildProcess; url: string }> {
  const { entry, execArgv } = serviceProcess('sales');
  const child = fork(entry, [], {
    execArgv,
    env: withServiceMallocDefaults({ ...process.env, ...keys.env, SALES_PORT: String(await freePort()), SALES_DATABASE_URL: databaseUrl('sales'), SEED_DEMO_DATA: 'false' }),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { url?: string }) => message.url && resolve({ child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`sales exited with ${code}`)));
  });
}
const salesProcess = await startSales();

// 3. Mailings as its own process, started as `npm start` starts it (compiled, MALLOC_ARENA_MAX=2): its resident
// memory is read from /proc while the campaign runs.
async function startMailings(salesUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const { entry, execArgv } = serviceProcess('mailings');
  const child = fork(entry, [], {
    execArgv: [...execArgv, ...(process.env.BENCH_MAILINGS_NODE_OPTIONS ?? '').split(' ').filter(Boolean)],
    env: withServiceMallocDefaults({
      ...process.env,
      ...keys.env,
      MAILINGS_PORT: String(await freePort()),
      MAILINGS_DATABASE_URL: databaseUrl('mailings'),
      // The template reads sales only: billing is never asked.
      SALES_URL: salesUrl,
      BILLING_URL: salesUrl,
      INTEGRA_DATA_DIR: dir,
      SEED_DEMO_DATA: 'false',
    }),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // Every 20th progress line, so the log shows the run without flooding the terminal.
  let progressLines = 0;
  const every = Number(process.env.BENCH_LOG_EVERY ?? 20);
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const progress = /^mailings: campaign [^:]+: (collecting|printing|notifying) /.test(line);
    if (!progress || progressLines++ % every === 0) console.log(`${(performance.now() / 1000).toFixed(1)} s ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { url?: string }) => message.url && resolve({ child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`mailings exited with ${code}`)));
  });
}
const mailingsProcess = await startMailings(salesProcess.url);

async function mailings<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const authorization = await keys.gatewayAuthorization(['mailing-clerk']);
  const response = await fetch(mailingsProcess.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Data; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`mailings answered: ${body.errors.map((error) => error.message).join('; ')}`);
  return body.data!;
}

/** Kilobytes, from the process's /proc status: VmRSS now, VmHWM its lifetime peak. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** CPU seconds a process has used (user + system), from its /proc stat: steadier than the wall clock on a shared machine. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// 4. A template, a campaign over every customer, run to the end.
const now = new Date();
const { createLetterTemplate: template } = await mailings<{ createLetterTemplate: { id: string } }>(
  `mutation ($input: LetterTemplateInput!) { createLetterTemplate(input: $input) { id } }`,
  {
    input: {
      name: 'Bench',
      subject: 'Contratto {{ contract.number }}: le nuove tariffe',
      body: `Gentile {{ recipient.name }},

le scriviamo in merito al contratto {{ contract.number }}, in vigore dal {{ contract.starts_on }}.
Dal prossimo mese le tariffe per le audioconferenze cambiano: trova il dettaglio nel prospetto allegato.

{% if contact.name != "" %}Abbiamo informato anche {{ contact.name }}.{% endif %}

Cordiali saluti,
Integra S.p.A.`,
    },
  },
);
const { createMailingCampaign: campaign } = await mailings<{ createMailingCampaign: { id: string } }>(
  `mutation ($input: CreateMailingCampaignInput!) { createMailingCampaign(input: $input) { id } }`,
  {
    input: {
      name: 'Bench',
      templateId: template.id,
      audience: {},
      expectedDeliveryOn: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 14)).toISOString().slice(0, 10),
      lettersPerFile: Number(values['letters-per-file']),
    },
  },
);

const mailingsPid = mailingsProcess.child.pid!;
const started = performance.now();
// Resident memory sampled through the run: the process's lifetime peak also holds the start-up
// migration (Prisma's WebAssembly schema engine), which is not the campaign's doing.
const rssBefore = memoryOf(mailingsPid, 'VmRSS');
const cpuBefore = { mailings: cpuSecondsOf(mailingsPid), sales: cpuSecondsOf(salesProcess.child.pid!) };
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(mailingsPid, 'VmRSS'))), 20);
await mailings(`mutation ($id: ID!) { runMailingCampaign(id: $id) { status } }`, { id: campaign.id });
type Done = { status: string; failure: string | null; report: { audience: number; printed: number; emailed: number } };
let done: Done;
for (;;) {
  ({ mailingCampaign: done } = await mailings<{ mailingCampaign: Done }>(
    `query ($id: ID!) { mailingCampaign(id: $id) { status failure report { audience printed emailed } } }`,
    { id: campaign.id },
  ));
  if (done.status !== 'RUNNING') break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
clearInterval(sampler);
const elapsed = seconds(started);
const cpu = { mailings: cpuSecondsOf(mailingsPid) - cpuBefore.mailings, sales: cpuSecondsOf(salesProcess.child.pid!) - cpuBefore.sales };
const lifetimePeak = memoryOf(mailingsPid, 'VmHWM');
const folder = path.join(dir, 'mailings-files', 'campaigns', campaign.id);
const pdfs = readdirSync(folder).filter((name) => name.endsWith('.pdf'));
const pdfBytes = pdfs.reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
const manifest = existsSync(path.join(folder, 'manifest.json')) ? (JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { pages: number }) : { pages: 0 };
const salesPeak = memoryOf(salesProcess.child.pid!, 'VmHWM');

console.log(`
campaign ${done.status}${done.failure ? ` (${done.failure})` : ''} over ${done.report.audience} customers in ${elapsed}
  letters printed     ${done.report.printed} (${manifest.pages} pages, ${pdfs.length} print files, ${Math.round(pdfBytes / 1024 / 1024)} MB of PDF)
  notices e-mailed    ${done.report.emailed} (.eml files)
  peak RSS, mailings  ${megabytes(peak)} during the run (${megabytes(rssBefore)} when it started; process lifetime peak ${megabytes(lifetimePeak)}; databases: ${values.database}; its own process, as npm start runs it: compiled, ${[...serviceProcess('mailings').execArgv, process.env.BENCH_MAILINGS_NODE_OPTIONS ?? ''].join(' ').trim()}, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 2})
  peak RSS, sales     ${salesPeak ? megabytes(salesPeak) : 'unknown'} (its own process)
  CPU time            mailings ${cpu.mailings.toFixed(1)} s, sales ${cpu.sales.toFixed(1)} s (user + system, during the run)`);

mailingsProcess.child.kill('SIGTERM');
salesProcess.child.kill('SIGTERM');
await Promise.all([mailingsProcess.child, salesProcess.child].map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
keys.remove();
