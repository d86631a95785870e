/** What every bookings resolver receives: the process's PrismaClient and this request's loaders. */
import type { CallerContext } from '../shared/identity/roles.js';
import type { CustomerDirectory } from './customer-directory.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { BookingsPrisma } from './database.js';
import { createLoaders, type BookingsLoaders } from './loaders.js';

export interface BookingsContext extends CallerContext {
  prisma: BookingsPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: BookingsLoaders;
  customers: CustomerDirectory;
  /** "Now" for this request, read once from the service's clock: a booking must start after it. */
  requestedAt: Date;
}

export function contextFactory(
  prisma: BookingsPrisma,
  integrationEvents: IntegrationEventLog,
  customers: CustomerDirectory,
  clock: Clock = systemClock,
): () => Promise<BookingsContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma), customers, requestedAt: clock() });
}
