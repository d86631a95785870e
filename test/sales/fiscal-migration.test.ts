/**
 * The customer_fiscal_data migration on customers entered before it: each gets the fiscal
 * category its data implies, and customers abroad SdI's recipient code XXXXXXX. Run as plain
 * SQL, the migrations before it first, on PGlite or a fresh PostgreSQL database.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readMigrationList } from '../../prisma/engine/migrations.js';
import { postgresAdminUrl, testDatabaseMode, withAdmin } from '../support/databases.js';

interface Sql {
  exec(sql: string): Promise<unknown>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

async function scratchDatabase(): Promise<Sql> {
  if (testDatabaseMode === 'pglite') {
    const db = new PGlite();
    return { exec: (sql) => db.exec(sql), rows: async <T>(sql: string) => (await db.query<T>(sql)).rows, close: () => db.close() };
  }
  const name = `integra_test_fiscal_migration_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    exec: (sql) => client.query(sql),
    rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    close: async () => {
      await client.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

let db: Sql;
let fiscalMigration: string;

beforeAll(async () => {
  db = await scratchDatabase();
  const { migrationDirectories } = await readMigrationList('sales');
  const index = migrationDirectories.findIndex((directory) => directory.path.endsWith('_customer_fiscal_data'));
  const sqlOf = (directory: (typeof migrationDirectories)[number]) => (directory.migrationFile.content as { value: string }).value;
  for (const directory of migrationDirectories.slice(0, index)) await db.exec(sqlOf(directory));
  fiscalMigration = sqlOf(migrationDirectories[index]!);
});

afterAll(() => db?.close());

it('gives existing customers the fiscal category their VAT number and segment imply', async () => {
  const customer = (id: number, vatNumber: string, segment: string, country: string) =>
    `('00000000-0000-0000-0000-00000000000${id}', 'Cliente ${id}', '${vatNumber}', '${segment}', 'c${id}@example.it', 'Via Roma 1', '20121', 'Milano', '${country}', now())`;
  await db.exec(`INSERT INTO "Customer" ("id", "legalName", "vatNumber", "segment", "email", "addressStreet", "addressPostalCode", "addressCity", "addressCountry", "updatedAt") VALUES
    ${[
      customer(1, 'IT12345678903', 'ENTERPRISE', 'IT'),
      customer(2, 'IT80012345676', 'PUBLIC_SECTOR', 'IT'),
      customer(3, 'DE123456789', 'SMALL_BUSINESS', 'DE'),
      customer(4, 'EL123456789', 'ENTERPRISE', 'GR'),
      customer(5, 'CHE123456789', 'ENTERPRISE', 'CH'),
      customer(6, 'GB123456789', 'PUBLIC_SECTOR', 'GB'),
    ].join(',\n')}`);
  await db.exec(fiscalMigration);
  const rows = await db.rows<{ legalName: string; fiscalCategory: string; sdiRecipientCode: string | null }>(
    `SELECT "legalName", "fiscalCategory", "sdiRecipientCode" FROM "Customer" ORDER BY "legalName"`,
  );
  expect(rows).toEqual([
    { legalName: 'Cliente 1', fiscalCategory: 'ITALIAN_BUSINESS', sdiRecipientCode: null },
    { legalName: 'Cliente 2', fiscalCategory: 'ITALIAN_PUBLIC_BODY', sdiRecipientCode: null },
    { legalName: 'Cliente 3', fiscalCategory: 'EU_BUSINESS', sdiRecipientCode: 'XXXXXXX' },
    { legalName: 'Cliente 4', fiscalCategory: 'EU_BUSINESS', sdiRecipientCode: 'XXXXXXX' },
    { legalName: 'Cliente 5', fiscalCategory: 'NON_EU_BUSINESS', sdiRecipientCode: 'XXXXXXX' },
    { legalName: 'Cliente 6', fiscalCategory: 'NON_EU_BUSINESS', sdiRecipientCode: 'XXXXXXX' },
  ]);
  // From now on the database itself refuses a business without a VAT number.
  await expect(db.exec(`UPDATE "Customer" SET "vatNumber" = NULL WHERE "legalName" = 'Cliente 1'`)).rejects.toThrow(/Customer_vatNumber_unless_person_or_public_body/);
  await db.exec(`UPDATE "Customer" SET "vatNumber" = NULL WHERE "legalName" = 'Cliente 2'`);
});
