/** Starts the sales subgraph as its own process (port SALES_PORT, database SALES_DATABASE_URL). */
import { runSubgraph } from '../shared/main.js';
import { createSalesPrisma } from './database.js';
import { buildSalesServer } from './server.js';

await runSubgraph({
  name: 'sales',
  createClient: (database) => createSalesPrisma(database.adapter),
  buildServer: buildSalesServer,
});
