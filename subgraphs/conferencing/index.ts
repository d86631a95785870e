/** Starts the conferencing subgraph as its own process (port CONFERENCING_PORT, database CONFERENCING_DATABASE_URL, the BRIDGE_ limits). */
import { ConfigError } from '../shared/config.js';
import { runSubgraph } from '../shared/main.js';
import { startObservability } from '../shared/observability/process.js';
import { readBridgeLimits, type BridgeLimits } from './config.js';
import { createConferencingPrisma } from './database.js';
import { buildConferencingServer } from './server.js';

let limits: BridgeLimits;
try {
  limits = readBridgeLimits();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  startObservability('conferencing').logger.fatal(error.message);
  process.exit(1);
}

await runSubgraph({
  name: 'conferencing',
  createClient: (database) => createConferencingPrisma(database.adapter),
  buildServer: (prisma, { production }) => buildConferencingServer(prisma, { production, limits }),
});
