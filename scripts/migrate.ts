/**
 * Migrations without the native Prisma engine (it cannot be downloaded offline):
 *   npm run migrate                      apply pending migrations to every subgraph's database
 *   npm run migrate -- new <subgraph> <name>
 *                                        write a migration from the change in schema.prisma
 *   npm run migrate -- check             fail if any schema.prisma has changes with no migration
 * Databases come from the same variables the services read (SALES_DATABASE_URL, ...).
 */
import { applyMigrations, pendingSchemaChange, writeMigration } from '../prisma/engine/migrations.js';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs/catalog.js';
import { readSubgraphConfig } from '../subgraphs/shared/config.js';
import { describeDatabaseUrl, openDatabase } from '../subgraphs/shared/database.js';

const [command = 'deploy', subgraphArg, nameArg] = process.argv.slice(2);

function subgraphNamed(name: string | undefined): SubgraphName {
  const entry = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!entry) throw new Error(`Name a subgraph: ${SUBGRAPHS.map((subgraph) => subgraph.name).join(', ')}`);
  return entry.name;
}

/** Diffing replays the history in a scratch database, so an in-memory one is enough. */
async function withScratchDatabase<T>(work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase('pglite:memory');
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

if (command === 'deploy') {
  for (const { name } of SUBGRAPHS) {
    const url = readSubgraphConfig(name).databaseUrl;
    const database = await openDatabase(url).catch((error: Error) => {
      // An embedded database in use by a running service, most likely: its message says which.
      console.error(`${name}: cannot open ${describeDatabaseUrl(url)}: ${error.message}`);
      process.exit(1);
    });
    try {
      const applied = await applyMigrations(name, database.adapter);
      console.log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } finally {
      await database.close();
    }
  }
} else if (command === 'new') {
  const subgraph = subgraphNamed(subgraphArg);
  if (!nameArg) throw new Error('Give the migration a name: npm run migrate -- new <subgraph> <name>');
  const sql = await withScratchDatabase((database) => pendingSchemaChange(subgraph, database.adapter));
  if (!sql) console.log(`${subgraph}: schema.prisma matches the migrations; nothing to write`);
  else console.log(`${subgraph}: wrote ${await writeMigration(subgraph, nameArg, sql)}`);
} else if (command === 'check') {
  let stale = 0;
  for (const { name } of SUBGRAPHS) {
    const sql = await withScratchDatabase((database) => pendingSchemaChange(name, database.adapter));
    if (sql) {
      stale += 1;
      console.error(`${name}: schema.prisma has changes no migration contains; run npm run migrate -- new ${name} <name>\n${sql}`);
    } else console.log(`${name}: migrations match schema.prisma`);
  }
  process.exitCode = stale ? 1 : 0;
} else {
  throw new Error(`Unknown command "${command}": use deploy, new or check`);
}
