/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`. Created in the context
 * function and never shared across requests.
 */
import { loaderById } from '../shared/batching.js';
import type { MailingsPrisma } from './database.js';

export function createLoaders(prisma: MailingsPrisma) {
  return {
    template: loaderById((ids) => prisma.letterTemplate.findMany({ where: { id: { in: ids } } })),
    campaign: loaderById((ids) => prisma.campaign.findMany({ where: { id: { in: ids } } })),
  };
}

export type MailingsLoaders = ReturnType<typeof createLoaders>;
