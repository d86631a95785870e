/** What every billing resolver receives: the process's PrismaClient and this request's loaders. */
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { BillingPrisma } from './database.js';
import { createLoaders, type BillingLoaders } from './loaders.js';

export interface BillingContext {
  prisma: BillingPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: BillingLoaders;
}

export function contextFactory(prisma: BillingPrisma, integrationEvents: IntegrationEventLog): () => Promise<BillingContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma) });
}
