import { closeBillingPeriod, closeBillingPeriods } from '../invoicing/close-period.js';
import { issueCreditNote } from '../invoicing/credit-notes.js';
import { updateBillingAccountSettings } from '../invoicing/account-settings.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  closeBillingPeriod: (_parent, { customerId, endsOn }, { prisma, requestedAt, clock }) => closeBillingPeriod(prisma, customerId, requestedAt, clock, endsOn ?? undefined),
  closeBillingPeriods: (_parent, { endedOn }, { prisma, requestedAt, clock }) => closeBillingPeriods(prisma, endedOn, requestedAt, clock),
  issueCreditNote: (_parent, { input }, { prisma, clock }) => issueCreditNote(prisma, input, clock),
  updateBillingAccountSettings: (_parent, { customerId, input }, { prisma, requestedAt }) => updateBillingAccountSettings(prisma, customerId, input, requestedAt),
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
