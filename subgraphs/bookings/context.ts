/** What every bookings resolver receives: the process's PrismaClient and this request's loaders. */
import type { BookingsPrisma } from './database.js';
import { createLoaders, type BookingsLoaders } from './loaders.js';

export interface BookingsContext {
  prisma: BookingsPrisma;
  loaders: BookingsLoaders;
}

export function contextFactory(prisma: BookingsPrisma): () => Promise<BookingsContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma) });
}
