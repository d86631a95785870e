/**
 * `npm run bench:einvoice-export [-- --invoices 10000 --postgres [admin URL]]`: how long a month of
 * FatturaPA files takes to export from the database through the billing API. A demo world in which
 * every customer was invoiced for the month (customers of every kind, about 2 lines each) is loaded
 * into a fresh billing database, embedded PGlite in memory by default, or a new database on the
 * PostgreSQL server of `--postgres` (dropped afterwards); then `eInvoiceFiles(month)` is read page
 * by page (200 files a page, the most it gives) as a billing specialist would, each file built
 * from the stored rows, validated against the official schema and handed out. Prints the load
 * time, the export's total and per invoice, and the files' size.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadWorldSlice } from '../prisma/demo/load-world.js';
import { buildWorld, PINNED_NOW } from '../prisma/demo/world.js';
import { createBillingPrisma } from '../subgraphs/billing/database.js';
import { buildBillingServer } from '../subgraphs/billing/server.js';
import { identityOf } from '../subgraphs/shared/identity/roles.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '10000' }, chunk: { type: 'string', default: '1000' }, postgres: { type: 'string' } },
  strict: true,
  args: process.argv.slice(2).map((arg, index, all) => (arg === '--postgres' && (all[index + 1] ?? '--').startsWith('--') ? '--postgres=postgres://postgres@127.0.0.1:5432/postgres' : arg)),
});
const invoices = Number(values.invoices);
const chunk = Number(values.chunk);
if (!Number.isInteger(invoices) || invoices < 1) throw new Error(`--invoices must be a positive whole number, got ${values.invoices}`);
const PAGE = 200;
const MONTH = PINNED_NOW.toISOString().slice(0, 7);

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The database to load: in memory, or a new one on the server, with how to get rid of it. */
async function freshDatabase(): Promise<{ url: string; where: string; drop: () => Promise<void> }> {
  if (values.postgres === undefined) return { url: 'pglite:memory', where: 'PGlite (embedded, in memory)', drop: async () => {} };
  const name = `integra_bench_einvoice_${randomBytes(4).toString('hex')}`;
  await withAdmin(values.postgres, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  return { url: url.toString(), where: `PostgreSQL (${url.host})`, drop: () => withAdmin(values.postgres!, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}) };
}

const target = await freshDatabase();
const database = await openMigratedDatabase('billing', target.url);
const prisma = createBillingPrisma(database.adapter);
try {
  let started = performance.now();
  for (let first = 0; first < invoices; first += chunk) {
    const world = buildWorld({ firstCustomer: first, customers: Math.min(chunk, invoices - first), now: PINNED_NOW, invoiceEveryCustomer: true });
    await prisma.$transaction((tx) => loadWorldSlice('billing', tx, world), { timeout: 600_000 });
  }
  await prisma.$executeRawUnsafe('ANALYZE');
  const loadSeconds = (performance.now() - started) / 1000;
  const lines = await prisma.invoiceLine.count();
  console.log(`${target.where}: loaded ${invoices} invoices of ${MONTH} (${lines} lines) in ${loadSeconds.toFixed(1)} s`);

  // Recipients were recorded at issue: the export never asks sales.
  const subgraph = buildBillingServer(prisma, { clock: () => PINNED_NOW, recipients: { recipientsOf: () => Promise.reject(new Error('sales is not asked')) } });
  const specialist = identityOf('bench', ['billing-specialist']);
  const QUERY = 'query ($month: String!, $first: Int, $offset: Int) { eInvoiceFiles(month: $month, first: $first, offset: $offset) { fileName xml } }';
  const page = async (offset: number) => {
    const response = await subgraph.server.executeOperation({ query: QUERY, variables: { month: MONTH, first: PAGE, offset } }, { contextValue: { ...(await subgraph.context()), identity: specialist } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    if (errors) throw new Error(`eInvoiceFiles failed: ${errors.map((error) => error.message).join('; ')}`);
    return JSON.parse(JSON.stringify(data)).eInvoiceFiles as { fileName: string; xml: string }[];
  };
  await page(0); // compiles the schema and warms the server, outside the timing

  started = performance.now();
  let files = 0;
  let bytes = 0;
  let slowestPage = 0;
  for (let offset = 0; ; offset += PAGE) {
    const pageStarted = performance.now();
    const got = await page(offset);
    slowestPage = Math.max(slowestPage, performance.now() - pageStarted);
    files += got.length;
    for (const file of got) bytes += Buffer.byteLength(file.xml);
    if (got.length < PAGE) break;
  }
  const exportMs = performance.now() - started;
  await subgraph.server.stop();
  console.log(`exported ${files} FatturaPA files through eInvoiceFiles(month: "${MONTH}") in ${(exportMs / 1000).toFixed(2)} s: ${(exportMs / files).toFixed(2)} ms/invoice, pages of ${PAGE} (slowest ${(slowestPage / 1000).toFixed(2)} s), ${(bytes / files / 1024).toFixed(1)} KiB each (${(bytes / 1024 / 1024).toFixed(1)} MiB in all)`);
  console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  if (files !== invoices) {
    console.error(`expected ${invoices} files, got ${files}`);
    process.exitCode = 1;
  }
} finally {
  await prisma.$disconnect();
  await database.close();
  await target.drop();
}
