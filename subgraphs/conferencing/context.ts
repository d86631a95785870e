/** What every conferencing resolver receives: the process's PrismaClient and this request's loaders. */
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { ConferencingPrisma } from './database.js';
import { createLoaders, type ConferencingLoaders } from './loaders.js';

export interface ConferencingContext {
  prisma: ConferencingPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: ConferencingLoaders;
}

export function contextFactory(prisma: ConferencingPrisma, integrationEvents: IntegrationEventLog): () => Promise<ConferencingContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma) });
}
