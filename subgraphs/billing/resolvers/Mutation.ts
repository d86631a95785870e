import { closeBillingPeriod, closeBillingPeriods } from '../invoicing/close-period.js';
import { issueCreditNote } from '../invoicing/credit-notes.js';
import { updateBillingAccountSettings } from '../invoicing/account-settings.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  closeBillingPeriod: (_parent, { customerId, endsOn }, { prisma, requestedAt, clock, recipients }) => closeBillingPeriod(prisma, customerId, requestedAt, clock, endsOn ?? undefined, recipients),
  closeBillingPeriods: (_parent, { endedOn }, { prisma, requestedAt, clock, recipients }) => closeBillingPeriods(prisma, endedOn, requestedAt, clock, recipients),
  issueCreditNote: (_parent, { input }, { prisma, clock }) => issueCreditNote(prisma, input, clock),
  updateBillingAccountSettings: (_parent, { customerId, input }, { prisma, requestedAt }) => updateBillingAccountSettings(prisma, customerId, input, requestedAt),
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
