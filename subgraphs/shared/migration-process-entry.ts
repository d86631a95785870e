/** The child process of migration-process.ts: applies one subgraph's migrations and reports the outcome to its parent. */
import { applyMigrations } from '../../prisma/engine/migrations.js';
import type { SubgraphName } from '../catalog.js';
import { openDatabase } from './database.js';

const subgraph = process.argv[2] as SubgraphName;
const url = process.env.INTEGRA_MIGRATION_DATABASE_URL ?? '';
const report = (outcome: { applied?: string[]; failure?: string }) => new Promise<void>((resolve) => process.send!(outcome, () => resolve()));

try {
  const database = await openDatabase(url);
  try {
    await report({ applied: await applyMigrations(subgraph, database.adapter) });
  } finally {
    await database.close();
  }
} catch (error) {
  await report({ failure: (error as Error)?.message ?? String(error) });
}
process.disconnect?.();
