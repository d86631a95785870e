import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  invoice: (_parent, { id }, { loaders }) => loaders.invoice.load(id),
  invoiceByNumber: (_parent, { number }, { prisma }) => prisma.invoice.findUnique({ where: { number } }),
  creditNote: (_parent, { id }, { loaders }) => loaders.creditNote.load(id),
  billingIntegrationEvents: (_parent, args, { integrationEvents }) => integrationEvents.list(args),
  billingIntegrationEventCounts: (_parent, _args, { integrationEvents }) => integrationEvents.counts(),
};
