/** What every billing resolver receives: the process's PrismaClient and this request's loaders. */
import type { BillingPrisma } from './database.js';
import { createLoaders, type BillingLoaders } from './loaders.js';

export interface BillingContext {
  prisma: BillingPrisma;
  loaders: BillingLoaders;
}

export function contextFactory(prisma: BillingPrisma): () => Promise<BillingContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma) });
}
