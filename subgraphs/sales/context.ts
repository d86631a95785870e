/** What every sales resolver receives: the process's PrismaClient and this request's loaders. */
import type { SalesPrisma } from './database.js';
import { createLoaders, type SalesLoaders } from './loaders.js';

export interface SalesContext {
  prisma: SalesPrisma;
  loaders: SalesLoaders;
  /** "Now" for this request: every customer's rates are read at the same instant. */
  requestedAt: Date;
}

export function contextFactory(prisma: SalesPrisma): () => Promise<SalesContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma), requestedAt: new Date() });
}
