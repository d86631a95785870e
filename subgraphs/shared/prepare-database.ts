/** Opens a subgraph's database and brings its schema up to date before anything serves. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../prisma/engine/migrations.js';
import type { SubgraphName } from '../catalog.js';
import { describeDatabaseUrl, openDatabase, type Database, type OpenOptions } from './database.js';
import { applyMigrationsInChildProcess } from './migration-process.js';
import { elapsedSince } from './progress.js';

function isNewEmbeddedDatabase(url: string): boolean {
  if (!url.startsWith('pglite:') || url === 'pglite:memory') return false;
  return !existsSync(path.join(url.slice('pglite:'.length), 'PG_VERSION'));
}

export interface MigrationOptions extends OpenOptions {
  /**
   * On a PostgreSQL server, apply the migrations from a child process (migration-process.ts), so
   * that the schema engine does not stay resident in a long-lived service. Embedded folders are
   * always migrated in this process.
   */
  inChildProcess?: boolean;
}

/** `log` gets one line as each step starts and one with its outcome and duration. */
export async function openMigratedDatabase(
  subgraph: SubgraphName,
  url: string,
  log: (line: string) => void = () => {},
  { inChildProcess = false, startFrom }: MigrationOptions = {},
): Promise<Database> {
  const where = describeDatabaseUrl(url);
  let started = performance.now();
  const creating = isNewEmbeddedDatabase(url);
  log(creating ? `creating ${where} (first start: PostgreSQL initialises its files, allow a minute)...` : `opening ${where}...`);
  const database = await openDatabase(url, { startFrom });
  log(`${creating ? 'created' : 'opened'} ${where} in ${elapsedSince(started)}`);
  try {
    started = performance.now();
    log('applying pending migrations...');
    const applied =
      inChildProcess && database.kind === 'postgres' ? await applyMigrationsInChildProcess(subgraph, url) : await applyMigrations(subgraph, database.adapter);
    log(
      applied.length
        ? `applied ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${elapsedSince(started)}: ${applied.join(', ')}`
        : `migrations up to date (checked in ${elapsedSince(started)})`,
    );
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
