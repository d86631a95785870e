/** What a served subgraph reports besides its GraphQL requests: its database, and its outbox and inbox when it has them. */
import type { BaseContext } from '@apollo/server';
import type { Database } from '../database.js';
import { observeEventTables } from '../events/delivery-metrics.js';
import type { RawQueryExecutor } from '../events/store.js';
import type { SubgraphServer } from '../subgraph-server.js';
import { observeDatabase } from './database-metrics.js';

export function observeSubgraphStorage<Context extends BaseContext>(server: SubgraphServer<Context>, database: Database, client: RawQueryExecutor): void {
  observeDatabase(server.metrics, database);
  if (server.events) observeEventTables(server.metrics, client);
}
