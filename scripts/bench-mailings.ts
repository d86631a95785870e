/**
 * `npm run bench:mailings [-- --customers 100000 --dir bench-data/mailings]`: a campaign over
 * many generated customers, end to end, timed. Sales runs as its own process over a freshly
 * generated database (as deployed); this process is the mailings service, whose peak resident
 * memory is what is printed. Goals on the 2-core reference machine: under 2 minutes and under
 * 300 MB for 100,000 customers. Notices are written as `.eml` files (no SMTP server), the
 * template reads sales only (no billing figures: the generated world here has no billing).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { bulkInsert } from '../prisma/demo/bulk-insert.js';
import { buildWorld } from '../prisma/demo/world.js';
import { subgraphCustomerSource } from '../subgraphs/mailings/audience/sales-audience.js';
import { createCampaign } from '../subgraphs/mailings/campaigns/campaigns.js';
import { createMailingsPrisma } from '../subgraphs/mailings/database.js';
import { createLetterTemplate } from '../subgraphs/mailings/letters/letter-templates.js';
import { buildMailingsServer } from '../subgraphs/mailings/server.js';
import { createSalesPrisma } from '../subgraphs/sales/database.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import { listen } from '../subgraphs/shared/listen.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';

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

// 2. Sales as its own process, on a free port.
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startSales(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(projectRoot, 'subgraphs/sales/index.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SALES_PORT: String(await freePort()), SALES_DATABASE_URL: databaseUrl('sales'), SEED_DEMO_DATA: 'false' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { url?: string }) => message.url && resolve({ child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`sales exited with ${code}`)));
  });
}
const salesProcess = await startSales();

// 3. Mailings in this process: a template, a campaign over every customer, run to the end.
const now = new Date();
const mailingsDatabase = await openMigratedDatabase('mailings', databaseUrl('mailings'));
const mailings = createMailingsPrisma(mailingsDatabase.adapter);
const outputDir = path.join(dir, 'mailings-files');
let progressLines = 0;
const subgraph = buildMailingsServer(mailings, {
  customers: subgraphCustomerSource(salesProcess.url, salesProcess.url),
  outputDir,
  // Every 20th progress line, so the log shows the run without flooding the terminal.
  log: (line) => (progressLines++ % Number(process.env.BENCH_LOG_EVERY ?? 20) === 0 ? console.log(`${(performance.now() / 1000).toFixed(1)} s mailings: ${line}`) : undefined),
});
const running = await listen(subgraph, 0, '127.0.0.1');
const template = await createLetterTemplate(mailings, {
  name: 'Bench',
  subject: 'Contratto {{ contract.number }}: le nuove tariffe',
  body: `Gentile {{ recipient.name }},

le scriviamo in merito al contratto {{ contract.number }}, in vigore dal {{ contract.starts_on }}.
Dal prossimo mese le tariffe per le audioconferenze cambiano: trova il dettaglio nel prospetto allegato.

{% if contact.name != "" %}Abbiamo informato anche {{ contact.name }}.{% endif %}

Cordiali saluti,
Integra S.p.A.`,
});
const campaign = await createCampaign(mailings, {
  name: 'Bench',
  templateId: template.id,
  audience: {},
  expectedDeliveryOn: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 14)),
  lettersPerFile: Number(values['letters-per-file']),
});

const started = performance.now();
// Resident memory sampled through the run: the process's lifetime peak also holds the start-up
// migration (Prisma's WebAssembly schema engine), which is not the campaign's doing.
const rssBefore = process.memoryUsage().rss / 1024;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 1024)), 20);
await subgraph.runner.start(campaign.id);
await subgraph.runner.settled(campaign.id);
clearInterval(sampler);
const elapsed = seconds(started);
const lifetimePeak = process.resourceUsage().maxRSS;
const done = await mailings.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
const folder = path.join(outputDir, 'campaigns', campaign.id);
const pdfs = readdirSync(folder).filter((name) => name.endsWith('.pdf'));
const pdfBytes = pdfs.reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { pages: number };
const emailed = await mailings.recipient.count({ where: { campaignId: campaign.id, emailedAt: { not: null } } });
const salesPeak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${salesProcess.child.pid}/status`, 'utf8'))?.[1];

console.log(`
campaign ${done.status}${done.failure ? ` (${done.failure})` : ''} over ${done.collected} customers in ${elapsed}
  letters printed     ${done.letters} (${manifest.pages} pages, ${pdfs.length} print files, ${Math.round(pdfBytes / 1024 / 1024)} MB of PDF)
  notices e-mailed    ${emailed} (.eml files)
  peak RSS, mailings  ${megabytes(peak)} during the run (${megabytes(rssBefore)} when it started; process lifetime peak ${megabytes(lifetimePeak)}; databases: ${values.database})
  peak RSS, sales     ${salesPeak ? megabytes(Number(salesPeak)) : 'unknown'} (its own process)`);

await running.stop();
await mailings.$disconnect();
await mailingsDatabase.close();
salesProcess.child.kill('SIGTERM');
