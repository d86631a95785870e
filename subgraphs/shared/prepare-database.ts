/** Opens a subgraph's database and brings its schema up to date before anything serves. */
import { applyMigrations } from '../../prisma/engine/migrations.js';
import type { SubgraphName } from '../catalog.js';
import { openDatabase, type Database } from './database.js';

export async function openMigratedDatabase(
  subgraph: SubgraphName,
  url: string,
  log: (line: string) => void = () => {},
): Promise<Database> {
  const database = await openDatabase(url);
  try {
    const applied = await applyMigrations(subgraph, database.adapter);
    if (applied.length) log(`${subgraph}: applied migrations ${applied.join(', ')}`);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
