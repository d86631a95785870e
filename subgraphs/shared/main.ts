/**
 * The start-up sequence every subgraph process shares: read the configuration, migrate,
 * seed an empty database with the demo data if asked, listen. A bad configuration stops the
 * process with a message naming the variable; a failure to start exits non-zero.
 */
import type { BaseContext } from '@apollo/server';
import { seedDemoWorld, type TransactionalExecutor } from '../../prisma/demo/load-world.js';
import type { SubgraphName } from '../catalog.js';
import { ConfigError, readSubgraphConfig, type SubgraphConfig } from './config.js';
import { describeDatabaseUrl, type Database } from './database.js';
import { listen } from './listen.js';
import { openMigratedDatabase } from './prepare-database.js';
import type { SubgraphServer } from './subgraph-server.js';

export interface SubgraphProcess<Client, Context extends BaseContext> {
  name: SubgraphName;
  createClient(database: Database): Client;
  buildServer(client: Client, options: { production: boolean }): SubgraphServer<Context>;
}

export async function runSubgraph<Client extends TransactionalExecutor & { $disconnect(): Promise<void> }, Context extends BaseContext>(
  definition: SubgraphProcess<Client, Context>,
): Promise<void> {
  let config: SubgraphConfig;
  try {
    config = readSubgraphConfig(definition.name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${definition.name}: ${error.message}`);
    process.exit(1);
  }
  const log = (line: string) => console.log(line);
  const database = await openMigratedDatabase(definition.name, config.databaseUrl, log).catch((error: unknown) => {
    console.error(`${definition.name}: cannot open ${describeDatabaseUrl(config.databaseUrl)}: ${(error as Error).message}`);
    process.exit(1);
  });
  const client = definition.createClient(database);
  if (config.seedDemoData && (await seedDemoWorld(definition.name, client))) log(`${definition.name}: loaded the demo data`);
  // PGlite runs no autovacuum, so nothing else refreshes the planner's statistics; without
  // them a rates lookup on 100,000 customers scans whole tables (75 ms instead of 2 ms).
  if (database.kind === 'pglite') await client.$executeRawUnsafe('ANALYZE');
  const running = await listen(definition.buildServer(client, { production: config.production }), config.port);
  log(`${definition.name}: serving ${running.url} (${describeDatabaseUrl(config.databaseUrl)})`);
  process.send?.({ ready: definition.name, url: running.url });

  const shutdown = async () => {
    await running.stop();
    await client.$disconnect();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
