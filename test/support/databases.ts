/**
 * Where a test's databases live. `npm test` runs the suite twice: with in-memory PGlite
 * (INTEGRA_TEST_DATABASE unset or "pglite") and against a PostgreSQL server
 * (INTEGRA_TEST_DATABASE=postgres), where each test database is created fresh and dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import type { Database } from '../../subgraphs/shared/database.js';

export const testDatabaseMode = process.env.INTEGRA_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';
export const postgresAdminUrl = process.env.INTEGRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends Database {
  url: string;
}

/** A new, empty, migrated database for one subgraph; `close()` also drops it on PostgreSQL. */
export async function createTestDatabase(subgraph: SubgraphName): Promise<TestDatabase> {
  if (testDatabaseMode === 'pglite') {
    const database = await openMigratedDatabase(subgraph, 'pglite:memory');
    return { ...database, url: 'pglite:memory' };
  }
  const name = `integra_test_${subgraph}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const drop = () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  const database = await openMigratedDatabase(subgraph, url.toString()).catch(async (error: unknown) => {
    await drop();
    throw error;
  });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await drop();
    },
  };
}
