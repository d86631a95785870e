/** What every sales resolver receives: the process's PrismaClient and this request's loaders. */
import type { CallerContext } from '../shared/identity/roles.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { SalesPrisma } from './database.js';
import { createLoaders, type SalesLoaders } from './loaders.js';

export interface SalesContext extends CallerContext {
  prisma: SalesPrisma;
  loaders: SalesLoaders;
  /** "Now" for this request, read once from the service's clock: every customer's rates are read at the same instant. */
  requestedAt: Date;
}

export function contextFactory(prisma: SalesPrisma, clock: Clock = systemClock): () => Promise<SalesContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma), requestedAt: clock() });
}
