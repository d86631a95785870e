/** What every bookings resolver receives: the process's PrismaClient and this request's loaders. */
import type { CustomerDirectory } from './customer-directory.js';
import type { BookingsPrisma } from './database.js';
import { createLoaders, type BookingsLoaders } from './loaders.js';

export interface BookingsContext {
  prisma: BookingsPrisma;
  loaders: BookingsLoaders;
  customers: CustomerDirectory;
}

export function contextFactory(prisma: BookingsPrisma, customers: CustomerDirectory): () => Promise<BookingsContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma), customers });
}
