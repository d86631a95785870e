/**
 * The migration to VAT treatments converts what billing held before: a 22% account becomes
 * STANDARD 22, a reverse-charge account ZERO_RATED N2.1 (art. 7-ter), each with its settings
 * recorded from its first period; issued zero-rated lines and the credit notes on them get their
 * Natura, although issued documents are otherwise immutable. The migrations are run as SQL, the
 * ones before it first, on an empty database of the kind the suite runs on.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresAdminUrl, testDatabaseMode, withAdmin } from '../support/databases.js';

const MIGRATIONS = new URL('../../prisma/billing/migrations/', import.meta.url);
const MIGRATION = '20261206160908_vat_treatment_and_account_settings';

interface Sql {
  exec(sql: string): Promise<unknown>;
  rows<Row>(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

async function emptyDatabase(): Promise<Sql> {
  if (testDatabaseMode === 'pglite') {
    const pglite = new PGlite();
    return { exec: (sql) => pglite.exec(sql), rows: async (sql) => (await pglite.query(sql)).rows as never, close: () => pglite.close() };
  }
  const name = `integra_test_migration_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    exec: (sql) => client.query(sql),
    rows: async (sql) => (await client.query(sql)).rows,
    close: async () => {
      await client.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

const migrationSql = (folder: string) => readFileSync(new URL(`${folder}/migration.sql`, MIGRATIONS), 'utf8');

let db: Sql;
const standard = randomUUID();
const reverse = randomUUID();

beforeAll(async () => {
  db = await emptyDatabase();
  const before = readdirSync(MIGRATIONS).filter((folder) => /^\d{14}_/.test(folder) && folder < MIGRATION).sort();
  for (const folder of before) await db.exec(migrationSql(folder));
  // A standard and a reverse-charge account, each with an issued invoice; the reverse-charge one credited once.
  await db.exec(`
    INSERT INTO "BillingAccount" ("id", "customerId", "currency", "periodRule", "vatRate", "reverseCharge")
      VALUES ('${standard}', gen_random_uuid(), 'EUR', 'MONTHLY', 22, false), ('${reverse}', gen_random_uuid(), 'EUR', 'MONTHLY', 22, true);
    INSERT INTO "BillingPeriod" ("id", "accountId", "startsOn", "endsOn", "status")
      VALUES (gen_random_uuid(), '${standard}', '2026-10-01', '2026-10-31', 'CLOSED'), (gen_random_uuid(), '${reverse}', '2026-11-01', '2026-11-30', 'CLOSED');
    INSERT INTO "Invoice" ("id", "accountId", "number", "status", "currency", "netTotal", "taxTotal", "total")
      VALUES ('00000000-0000-4000-8000-000000000001', '${standard}', 'INV-2026-000001', 'DRAFT', 'EUR', 10, 2.20, 12.20),
             ('00000000-0000-4000-8000-000000000002', '${reverse}', 'INV-2026-000002', 'DRAFT', 'EUR', 10, 0, 10);
    INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "description", "service", "quantity", "unit", "unitPrice", "amount", "vatRate", "taxAmount", "vatExemption")
      VALUES ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 1, 'Recording', 'CONFERENCE_RECORDING', 4, 'CALL', 2.5, 10, 22, 2.20, NULL),
             ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000002', 1, 'Recording', 'CONFERENCE_RECORDING', 4, 'CALL', 2.5, 10, 0, 0, 'Reverse charge: VAT exempt');
    UPDATE "Invoice" SET "status" = 'ISSUED', "issuedAt" = '2026-12-01T09:00:00Z';
    BEGIN;
    INSERT INTO "CreditNote" ("id", "number", "invoiceId", "accountId", "reason", "currency", "netTotal", "taxTotal", "total", "issuedAt")
      VALUES ('00000000-0000-4000-8000-0000000000c1', 'CN-2026-000001', '00000000-0000-4000-8000-000000000002', '${reverse}', 'Refund', 'EUR', 2.5, 0, 2.5, '2026-12-02T09:00:00Z');
    INSERT INTO "CreditNoteLine" ("id", "creditNoteId", "invoiceLineId", "position", "description", "amount", "vatRate", "taxAmount")
      VALUES (gen_random_uuid(), '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000a2', 1, 'Refund', 2.5, 0, 0);
    COMMIT;
  `);
  await db.exec(migrationSql(MIGRATION));
});

afterAll(async () => {
  await db?.close();
});

const REFERENCE = 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72';

it('converts accounts: 22% to STANDARD 22, reverse charge to ZERO_RATED N2.1 under art. 7-ter, with their settings recorded from their first period', async () => {
  const accounts = await db.rows<Record<string, unknown>>(`SELECT "id", "vatTreatment", "vatRate"::text AS "vatRate", "natura", "vatLegalReference" FROM "BillingAccount" ORDER BY "vatTreatment"`);
  expect(accounts).toEqual([
    { id: standard, vatTreatment: 'STANDARD', vatRate: '22.00', natura: null, vatLegalReference: null },
    { id: reverse, vatTreatment: 'ZERO_RATED', vatRate: '0.00', natura: 'N2.1', vatLegalReference: REFERENCE },
  ]);
  const settings = await db.rows<Record<string, unknown>>(`SELECT "accountId", "effectiveFrom"::text AS "effectiveFrom", "vatTreatment", "natura" FROM "BillingAccountSettings" ORDER BY "effectiveFrom"`);
  expect(settings).toEqual([
    { accountId: standard, effectiveFrom: '2026-10-01', vatTreatment: 'STANDARD', natura: null },
    { accountId: reverse, effectiveFrom: '2026-11-01', vatTreatment: 'ZERO_RATED', natura: 'N2.1' },
  ]);
});

it('gives issued zero-rated lines, and the credit notes on them, their Natura and the law; lines with VAT stay without', async () => {
  expect(await db.rows(`SELECT "vatRate"::text AS "vatRate", "natura", "vatLegalReference", "vatEsigibilita" FROM "InvoiceLine" ORDER BY "vatRate"`)).toEqual([
    { vatRate: '0.00', natura: 'N2.1', vatLegalReference: REFERENCE, vatEsigibilita: 'I' },
    { vatRate: '22.00', natura: null, vatLegalReference: null, vatEsigibilita: 'I' },
  ]);
  expect(await db.rows(`SELECT "natura", "vatLegalReference" FROM "CreditNoteLine"`)).toEqual([{ natura: 'N2.1', vatLegalReference: REFERENCE }]);
});

it('keeps issued documents immutable afterwards', async () => {
  await expect(db.exec(`UPDATE "InvoiceLine" SET "natura" = 'N4' WHERE "vatRate" = 0`)).rejects.toThrow(/cannot be changed/);
  await expect(db.exec(`UPDATE "CreditNoteLine" SET "natura" = 'N4'`)).rejects.toThrow(/cannot be changed/);
});
