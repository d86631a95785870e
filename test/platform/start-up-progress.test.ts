/** A first start says what it is doing: which database, migrating, seeding how far, and how long each took. */
import { describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../prisma/demo/load-world.js';
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import { createTestDatabase } from '../support/databases.js';

describe('start-up progress', { timeout: 120_000 }, () => {
  it('tells which database opens, that migrations are applied, which ones, and how long it took', async () => {
    const lines: string[] = [];
    const database = await openMigratedDatabase('sales', 'pglite:memory', (line) => lines.push(line));
    await database.close();
    expect(lines[0]).toBe('opening embedded PGlite (memory)...');
    expect(lines[1]).toMatch(/^opened embedded PGlite \(memory\) in \d+\.\d s$/);
    expect(lines[2]).toBe('applying pending migrations...');
    expect(lines[3]).toMatch(/^applied \d+ migrations? in \d+\.\d s: \d+_init/);
  });

  it('tells how far the demo data has loaded, table by table, and then that an existing database is left alone', async () => {
    const database = await createTestDatabase('billing');
    const client = createBillingPrisma(database.adapter);
    try {
      const lines: string[] = [];
      expect(await seedDemoWorld('billing', client, { log: (line) => lines.push(line) })).toBe(true);
      expect(lines[0]).toMatch(/^loading the demo data \(\d+ customers, 10 tables\)\.\.\.$/);
      expect(lines.slice(1, 11).map((line) => line.replace(/ \d+ rows?/, ' N rows'))).toEqual([
        'loading the demo data: BillingAccount N rows (table 1/10)',
        'loading the demo data: BillingPeriod N rows (table 2/10)',
        'loading the demo data: UsageCharge N rows (table 3/10)',
        'loading the demo data: Invoice N rows (table 4/10)',
        'loading the demo data: InvoiceLine N rows (table 5/10)',
        'loading the demo data: InvoiceRecipient N rows (table 6/10)',
        'loading the demo data: InvoiceContract N rows (table 7/10)',
        'loading the demo data: DocumentNumberCounter N rows (table 8/10)',
        'loading the demo data: EInvoiceTransmission N rows (table 9/10)',
        'loading the demo data: EInvoiceTransition N rows (table 10/10)',
      ]);
      expect(lines[11]).toMatch(/^loaded the demo data \(\d+ rows\) in \d+\.\d s$/);

      const again: string[] = [];
      expect(await seedDemoWorld('billing', client, { log: (line) => again.push(line) })).toBe(false);
      expect(again).toEqual(['holds data already: no demo data loaded']);
    } finally {
      await client.$disconnect();
      await database.close();
    }
  });
});
