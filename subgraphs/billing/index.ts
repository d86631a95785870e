/**
 * Starts the billing subgraph as its own process (port BILLING_PORT, database
 * BILLING_DATABASE_URL); it rates the call records it receives with the rates sales (SALES_URL) holds.
 */
import { readSubgraphUrl } from '../shared/config.js';
import { runSubgraph } from '../shared/main.js';
import { createBillingPrisma } from './database.js';
import { billingEventHandlers } from './event-handlers.js';
import { buildBillingServer } from './server.js';

await runSubgraph({
  name: 'billing',
  createClient: (database) => createBillingPrisma(database.adapter),
  buildServer: (prisma, serving) =>
    buildBillingServer(prisma, { ...serving, eventHandlers: billingEventHandlers({ salesUrl: readSubgraphUrl('sales'), credentials: serving.credentials }) }),
});
