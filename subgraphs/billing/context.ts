/** What every billing resolver receives: the process's PrismaClient, this request's loaders and its clock. */
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { BillingPrisma } from './database.js';
import { createLoaders, type BillingLoaders } from './loaders.js';

export interface BillingContext {
  prisma: BillingPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: BillingLoaders;
  /** "Now" for this request: when a period counts as over, the date an invoice is issued. */
  requestedAt: Date;
}

/** `clock` is the real one in production; tests and the demo pin it. */
export function contextFactory(prisma: BillingPrisma, integrationEvents: IntegrationEventLog, clock: () => Date = () => new Date()): () => Promise<BillingContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma), requestedAt: clock() });
}
