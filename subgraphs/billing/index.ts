/**
 * Starts the billing subgraph as its own process (port BILLING_PORT, database
 * BILLING_DATABASE_URL); it rates the call records it receives with the rates sales (SALES_URL) holds.
 */
import { ConfigError, readSubgraphUrl } from '../shared/config.js';
import { runSubgraph } from '../shared/main.js';
import { startObservability } from '../shared/observability/process.js';
import { readBillingConfig, type EInvoicingConfig } from './config.js';
import { createBillingPrisma } from './database.js';
import { billingEventHandlers } from './event-handlers.js';
import { buildBillingServer } from './server.js';
import { salesRecipients } from './invoicing/recipients.js';

// A value SdI would refuse stops the service now rather than at the first file.
let eInvoicing: EInvoicingConfig;
try {
  ({ eInvoicing } = readBillingConfig());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  startObservability('billing').logger.fatal(error.message);
  process.exit(1);
}

await runSubgraph({
  name: 'billing',
  createClient: (database) => createBillingPrisma(database.adapter),
  buildServer: (prisma, serving) =>
    buildBillingServer(prisma, {
      ...serving,
      eInvoicing,
      eventHandlers: billingEventHandlers({ salesUrl: readSubgraphUrl('sales'), credentials: serving.credentials }),
      recipients: salesRecipients(readSubgraphUrl('sales'), { credentials: serving.credentials }),
    }),
});
