/**
 * Writes one subgraph's part of a demo world into its database: the demo seed on first start,
 * the test fixtures and the benchmark generator all load data this one way.
 */
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { elapsedSince } from '../../subgraphs/shared/progress.js';
import { bulkInsert, type RawExecutor } from './bulk-insert.js';
import { buildWorld, DEMO_CUSTOMERS, demoNow, type World } from './world.js';

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
    ['invoiceRecipients', 'InvoiceRecipient'],
    ['invoiceContracts', 'InvoiceContract'],
    ['numberCounters', 'DocumentNumberCounter'],
    ['eInvoiceFiles', 'EInvoiceTransmission'],
    ['eInvoiceHistory', 'EInvoiceTransition'],
  ],
  bookings: [['bookings', 'Booking']],
  conferencing: [
    ['reservations', 'BridgeReservation'],
    ['conferences', 'Conference'],
    ['legs', 'ParticipantLeg'],
  ],
  mailings: [['templates', 'LetterTemplate']],
};

/** After each table of a slice is written: which, how many rows, and how far through the slice. */
export type TableLoaded = (progress: { table: string; rows: number; tablesLoaded: number; tables: number }) => void;

export async function loadWorldSlice(subgraph: SubgraphName, db: RawExecutor, world: World, onTableLoaded: TableLoaded = () => {}): Promise<void> {
  const slice = world[subgraph] as Record<string, Record<string, unknown>[]>;
  const tables = TABLES[subgraph];
  const deferred: [string, Record<string, unknown>[]][] = [];
  for (const [index, [key, table]] of tables.entries()) {
    let rows = slice[key as string]!;
    // The database lets lines be added only to draft invoices, so invoices arrive as drafts
    // and are issued after their lines, the path a real invoice takes.
    if (table === 'Invoice') rows = rows.map((invoice) => ({ ...invoice, status: 'DRAFT' }));
    // An e-invoice file is made for an issued invoice: the files wait until the invoices are issued.
    if (table === 'EInvoiceTransmission' || table === 'EInvoiceTransition') {
      deferred.push([table, rows]);
      continue;
    }
    // Likewise a closed period's charges are frozen: its charges arrive while it is still UPCOMING.
    if (table === 'BillingPeriod') rows = rows.map((period) => (period.status === 'CLOSED' ? { ...period, status: 'UPCOMING' } : period));
    // A customer's notice contact is one of its own contacts, which are written after it.
    if (table === 'Customer') rows = rows.map((customer) => ({ ...customer, noticeContactId: null }));
    await bulkInsert(db, table, rows);
    onTableLoaded({ table, rows: rows.length, tablesLoaded: index + 1, tables: tables.length });
  }
  if (subgraph === 'sales') {
    for (const customer of world.sales.customers.filter((row) => row.noticeContactId)) {
      await db.$executeRawUnsafe(`UPDATE "Customer" SET "noticeContactId" = $1::uuid WHERE "id" = $2::uuid`, customer.noticeContactId, customer.id);
    }
  }
  if (subgraph === 'billing') {
    const closed = world.billing.periods.filter((period) => period.status === 'CLOSED').map((period) => period.id);
    if (closed.length) await db.$executeRawUnsafe(`UPDATE "BillingPeriod" SET "status" = 'CLOSED' WHERE "id" = ANY($1::uuid[])`, closed);
    for (const invoice of world.billing.invoices.filter((row) => row.status !== 'DRAFT')) {
      await db.$executeRawUnsafe(`UPDATE "Invoice" SET "status" = $1::"InvoiceStatus" WHERE "id" = $2::uuid`, invoice.status, invoice.id);
    }
    for (const [position, [table, rows]] of deferred.entries()) {
      await bulkInsert(db, table, rows);
      onTableLoaded({ table, rows: rows.length, tablesLoaded: tables.length - deferred.length + position + 1, tables: tables.length });
    }
  }
}

export interface TransactionalExecutor extends RawExecutor {
  $transaction<T>(work: (tx: RawExecutor) => Promise<T>): Promise<T>;
}

export interface SeedOptions {
  now?: Date;
  /** Told when loading starts, after each table, and when it is done (with the time it took). */
  log?: (line: string) => void;
}

/** Loads the demo world's slice into an empty database, all or nothing; false if it held data. */
export async function seedDemoWorld(subgraph: SubgraphName, db: TransactionalExecutor, { now = demoNow(), log = () => {} }: SeedOptions = {}): Promise<boolean> {
  const firstTable = TABLES[subgraph][0]![1];
  const existing = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${firstTable}" LIMIT 1`);
  if (existing.length) {
    log('holds data already: no demo data loaded');
    return false;
  }
  const started = performance.now();
  log(`loading the demo data (${DEMO_CUSTOMERS} customers, ${TABLES[subgraph].length} table${TABLES[subgraph].length === 1 ? '' : 's'})...`);
  const world = buildWorld({ customers: DEMO_CUSTOMERS, now });
  let rows = 0;
  await db.$transaction((tx) =>
    loadWorldSlice(subgraph, tx, world, (progress) => {
      rows += progress.rows;
      log(`loading the demo data: ${progress.table} ${progress.rows} row${progress.rows === 1 ? '' : 's'} (table ${progress.tablesLoaded}/${progress.tables})`);
    }),
  );
  log(`loaded the demo data (${rows} rows) in ${elapsedSince(started)}`);
  return true;
}
