/** What every conferencing resolver receives: the process's PrismaClient and this request's loaders. */
import type { ConferencingPrisma } from './database.js';
import { createLoaders, type ConferencingLoaders } from './loaders.js';

export interface ConferencingContext {
  prisma: ConferencingPrisma;
  loaders: ConferencingLoaders;
}

export function contextFactory(prisma: ConferencingPrisma): () => Promise<ConferencingContext> {
  return async () => ({ prisma, loaders: createLoaders(prisma) });
}
