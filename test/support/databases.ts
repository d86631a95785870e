/**
 * Where a test's databases live. `npm test` runs the suite twice: with in-memory PGlite
 * (INTEGRA_TEST_DATABASE unset or "pglite") and against a PostgreSQL server
 * (INTEGRA_TEST_DATABASE=postgres), where each test database is created fresh and dropped after.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readMigrationList } from '../../prisma/engine/migrations.js';
import { projectRoot, type SubgraphName } from '../../subgraphs/catalog.js';
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

/**
 * Each subgraph's migrated, empty in-memory database, as files: a new PGlite cluster costs about
 * two seconds of initdb, one started from these files a third of that. Every test file runs in a
 * process of its own, so the files are kept on disk, under a name that changes with the
 * subgraph's migrations and the PGlite version; written whole and then renamed, so a process
 * never reads another's half-written files.
 */
const SNAPSHOT_FOLDER = path.join(tmpdir(), 'integra-test-snapshots');
const migratedSnapshots = new Map<SubgraphName, Promise<Blob>>();

async function snapshotFileOf(subgraph: SubgraphName): Promise<string> {
  const { migrationDirectories } = await readMigrationList(subgraph);
  const pglite = JSON.parse(await readFile(path.join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const migrations = migrationDirectories.map(({ path: name, migrationFile }) => [name, migrationFile.content.tag === 'ok' ? migrationFile.content.value : null]);
  const key = createHash('sha256').update(JSON.stringify([pglite.version, migrations])).digest('hex').slice(0, 16);
  return path.join(SNAPSHOT_FOLDER, `${subgraph}-${key}.tar`);
}

async function newSnapshot(subgraph: SubgraphName, file: string): Promise<Blob> {
  const database = await openMigratedDatabase(subgraph, 'pglite:memory');
  let snapshot: Blob;
  try {
    snapshot = await database.snapshot!();
  } finally {
    await database.close();
  }
  try {
    await mkdir(SNAPSHOT_FOLDER, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, file);
  } catch {
    // No room on disk: this process keeps it in memory, the next makes its own.
  }
  return snapshot;
}

function migratedSnapshotOf(subgraph: SubgraphName): Promise<Blob> {
  let snapshot = migratedSnapshots.get(subgraph);
  if (!snapshot) {
    snapshot = (async () => {
      const file = await snapshotFileOf(subgraph);
      const kept = await readFile(file).catch(() => null);
      return kept ? new Blob([new Uint8Array(kept)]) : newSnapshot(subgraph, file);
    })();
    // A failed snapshot is not kept: the next test tries again and reports its own error.
    snapshot.catch(() => migratedSnapshots.delete(subgraph));
    migratedSnapshots.set(subgraph, snapshot);
  }
  return snapshot;
}

/** An in-memory database started from the migrated snapshot; from a new cluster if the kept files cannot be read. */
async function openFromSnapshot(subgraph: SubgraphName): Promise<Database> {
  // Migrated again from the snapshot, which finds nothing pending: the same path as a fresh one.
  try {
    return await openMigratedDatabase(subgraph, 'pglite:memory', undefined, { startFrom: await migratedSnapshotOf(subgraph) });
  } catch {
    migratedSnapshots.delete(subgraph);
    await rm(await snapshotFileOf(subgraph), { force: true });
    return openMigratedDatabase(subgraph, 'pglite:memory');
  }
}

/** A new, empty, migrated database for one subgraph; `close()` also drops it on PostgreSQL. */
export async function createTestDatabase(subgraph: SubgraphName): Promise<TestDatabase> {
  if (testDatabaseMode === 'pglite') {
    const database = await openFromSnapshot(subgraph);
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
