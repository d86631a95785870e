import { closeBillingPeriod, closeBillingPeriods } from '../invoicing/close-period.js';
import { issueCreditNote } from '../invoicing/credit-notes.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  closeBillingPeriod: (_parent, { customerId }, { prisma, requestedAt }) => closeBillingPeriod(prisma, customerId, requestedAt),
  closeBillingPeriods: (_parent, { endedOn }, { prisma, requestedAt }) => closeBillingPeriods(prisma, endedOn, requestedAt),
  issueCreditNote: (_parent, { input }, { prisma, requestedAt }) => issueCreditNote(prisma, input, requestedAt),
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
