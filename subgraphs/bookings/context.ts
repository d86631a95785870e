/** What every bookings resolver receives: the process's PrismaClient and this request's loaders. */
import type { CustomerDirectory } from './customer-directory.js';
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { BookingsPrisma } from './database.js';
import { createLoaders, type BookingsLoaders } from './loaders.js';

export interface BookingsContext {
  prisma: BookingsPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: BookingsLoaders;
  customers: CustomerDirectory;
}

export function contextFactory(prisma: BookingsPrisma, integrationEvents: IntegrationEventLog, customers: CustomerDirectory): () => Promise<BookingsContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma), customers });
}
