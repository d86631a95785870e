/**
 * Writes one subgraph's part of a demo world into its database: the demo seed on first start,
 * the test fixtures and the benchmark generator all load data this one way.
 */
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { bulkInsert, type RawExecutor } from './bulk-insert.js';
import { buildWorld, DEMO_CUSTOMERS, type World } from './world.js';

/** Each subgraph's tables in an order that satisfies their foreign keys. */
const TABLES: { [S in SubgraphName]: [keyof World[S], string][] } = {
  sales: [
    ['customers', 'Customer'],
    ['contacts', 'Contact'],
    ['contracts', 'Contract'],
    ['rates', 'ContractRate'],
  ],
  billing: [
    ['accounts', 'BillingAccount'],
    ['periods', 'BillingPeriod'],
    ['charges', 'UsageCharge'],
    ['invoices', 'Invoice'],
    ['invoiceLines', 'InvoiceLine'],
  ],
  bookings: [['bookings', 'Booking']],
  conferencing: [
    ['reservations', 'BridgeReservation'],
    ['conferences', 'Conference'],
    ['legs', 'ParticipantLeg'],
  ],
};

export async function loadWorldSlice(subgraph: SubgraphName, db: RawExecutor, world: World): Promise<void> {
  const slice = world[subgraph] as Record<string, Record<string, unknown>[]>;
  for (const [key, table] of TABLES[subgraph]) {
    let rows = slice[key as string]!;
    // The database lets lines be added only to draft invoices, so invoices arrive as drafts
    // and are issued after their lines, the path a real invoice takes.
    if (table === 'Invoice') rows = rows.map((invoice) => ({ ...invoice, status: 'DRAFT' }));
    await bulkInsert(db, table, rows);
  }
  if (subgraph === 'billing') {
    for (const invoice of world.billing.invoices.filter((row) => row.status !== 'DRAFT')) {
      await db.$executeRawUnsafe(`UPDATE "Invoice" SET "status" = $1::"InvoiceStatus" WHERE "id" = $2::uuid`, invoice.status, invoice.id);
    }
  }
}

export interface TransactionalExecutor extends RawExecutor {
  $transaction<T>(work: (tx: RawExecutor) => Promise<T>): Promise<T>;
}

/** Loads the demo world's slice into an empty database, all or nothing; false if it held data. */
export async function seedDemoWorld(subgraph: SubgraphName, db: TransactionalExecutor, now = new Date()): Promise<boolean> {
  const firstTable = TABLES[subgraph][0]![1];
  const existing = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${firstTable}" LIMIT 1`);
  if (existing.length) return false;
  const world = buildWorld({ customers: DEMO_CUSTOMERS, now });
  await db.$transaction((tx) => loadWorldSlice(subgraph, tx, world));
  return true;
}
