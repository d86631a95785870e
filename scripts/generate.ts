/**
 * `npm run generate -- --customers 100000 [--dir bench-data]`: a large demo world for
 * benchmarks, written chunk by chunk into fresh databases (one per subgraph), so memory stays
 * flat whatever the size. With SALES_DATABASE_URL etc. set, it fills those databases instead,
 * which must be empty.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadWorldSlice } from '../prisma/demo/load-world.js';
import { buildWorld, demoNow } from '../prisma/demo/world.js';
import { createBillingPrisma } from '../subgraphs/billing/database.js';
import { createBookingsPrisma } from '../subgraphs/bookings/database.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { createConferencingPrisma } from '../subgraphs/conferencing/database.js';
import { createSalesPrisma } from '../subgraphs/sales/database.js';
import { catalogEntry } from '../subgraphs/catalog.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import { lockFolder } from '../subgraphs/shared/folder-lock.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    dir: { type: 'string', default: 'bench-data' },
    chunk: { type: 'string', default: '1000' },
  },
});
const customers = Number(values.customers);
const chunk = Number(values.chunk);
if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive whole number, got ${values.customers}`);
const dir = path.resolve(projectRoot, values.dir!);

function databaseUrlOf(name: SubgraphName): string {
  const configured = process.env[`${catalogEntry(name).envPrefix}_DATABASE_URL`];
  if (configured) return configured;
  const folder = path.join(dir, name);
  // A folder a running service holds is refused (FolderLockedError names the process), never wiped.
  if (existsSync(folder)) lockFolder(folder).release();
  rmSync(folder, { recursive: true, force: true });
  return `pglite:${folder}`;
}

const started = performance.now();
const databases = Object.fromEntries(
  await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await openMigratedDatabase(name, databaseUrlOf(name))] as const)),
) as Record<SubgraphName, Awaited<ReturnType<typeof openMigratedDatabase>>>;
const sales = createSalesPrisma(databases.sales.adapter);
const billing = createBillingPrisma(databases.billing.adapter);
const bookings = createBookingsPrisma(databases.bookings.adapter);
const conferencing = createConferencingPrisma(databases.conferencing.adapter);
if (await sales.customer.findFirst()) throw new Error('The sales database already holds customers; give --dir a new folder or empty databases');

const now = demoNow();
let rows = 0;
for (let first = 0; first < customers; first += chunk) {
  const world = buildWorld({ firstCustomer: first, customers: Math.min(chunk, customers - first), now });
  await Promise.all([
    loadWorldSlice('sales', sales, world),
    loadWorldSlice('billing', billing, world),
    loadWorldSlice('bookings', bookings, world),
    loadWorldSlice('conferencing', conferencing, world),
  ]);
  for (const tables of Object.values(world)) for (const table of Object.values(tables) as unknown[][]) rows += table.length;
  const done = Math.min(first + chunk, customers);
  if (done % (chunk * 10) === 0 || done === customers) {
    const seconds = (performance.now() - started) / 1000;
    console.log(`${done} customers, ${rows} rows, ${seconds.toFixed(0)} s (${Math.round(rows / seconds)} rows/s)`);
  }
}

// Fresh planner statistics, so the first benchmark queries use the indexes.
for (const client of [sales, billing, bookings, conferencing]) await client.$executeRawUnsafe('ANALYZE');
await Promise.all([sales.$disconnect(), billing.$disconnect(), bookings.$disconnect(), conferencing.$disconnect()]);
for (const database of Object.values(databases)) await database.close();
console.log(`Generated ${customers} customers (${rows} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s into ${process.env.SALES_DATABASE_URL ? 'the configured databases' : path.relative(projectRoot, dir)}`);
