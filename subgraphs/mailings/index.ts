/**
 * Starts the mailings subgraph as its own process (port MAILINGS_PORT, database
 * MAILINGS_DATABASE_URL); it reads customers from sales (SALES_URL) and figures from billing
 * (BILLING_URL) when a campaign runs, and resumes campaigns a crash interrupted, its own or
 * another mailings instance's on the same database.
 */
import { ConfigError, readSubgraphConfig } from '../shared/config.js';
import { runSubgraph } from '../shared/main.js';
import { startObservability } from '../shared/observability/process.js';
import { subgraphCustomerSource } from './audience/sales-audience.js';
import { instanceName, type RunnerInstance } from './campaigns/campaign-lease.js';
import { readMailingsConfig, type MailingsConfig } from './config.js';
import { createMailingsPrisma } from './database.js';
import { buildMailingsServer } from './server.js';

let config: MailingsConfig;
let instance: RunnerInstance | undefined;
try {
  config = readMailingsConfig();
  // Who this process is beyond itself: the instance listening at this address, on this database.
  const { host, port, databaseUrl } = readSubgraphConfig('mailings');
  instance = { name: instanceName(host, port), ownsDatabase: databaseUrl.startsWith('pglite:') };
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  startObservability('mailings').logger.fatal(error.message);
  process.exit(1);
}

await runSubgraph({
  name: 'mailings',
  createClient: (database) => createMailingsPrisma(database.adapter),
  buildServer: (prisma, serving) =>
    buildMailingsServer(prisma, {
      ...serving,
      customers: subgraphCustomerSource(config.salesUrl, config.billingUrl, { credentials: serving.credentials }),
      outputDir: config.outputDir,
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      sender: config.sender,
      publicUrl: config.publicUrl,
      templateRenderMs: config.templateRenderMs,
      renderMemoryMb: config.renderMemoryMb,
      downloadKey: config.downloadKey,
      downloadLinkMinutes: config.downloadLinkMinutes,
      leaseMs: config.campaignLeaseMs,
      instance,
    }),
});
