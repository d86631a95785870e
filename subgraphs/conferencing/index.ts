/** Starts the conferencing subgraph as its own process (port CONFERENCING_PORT, database CONFERENCING_DATABASE_URL). */
import { runSubgraph } from '../shared/main.js';
import { createConferencingPrisma } from './database.js';
import { buildConferencingServer } from './server.js';

await runSubgraph({
  name: 'conferencing',
  createClient: (database) => createConferencingPrisma(database.adapter),
  buildServer: buildConferencingServer,
});
