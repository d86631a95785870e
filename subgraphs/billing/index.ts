/** Starts the billing subgraph as its own process (port BILLING_PORT, database BILLING_DATABASE_URL). */
import { runSubgraph } from '../shared/main.js';
import { createBillingPrisma } from './database.js';
import { buildBillingServer } from './server.js';

await runSubgraph({
  name: 'billing',
  createClient: (database) => createBillingPrisma(database.adapter),
  buildServer: buildBillingServer,
});
