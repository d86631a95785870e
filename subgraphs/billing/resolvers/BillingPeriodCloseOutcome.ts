import type { BillingPeriodCloseOutcomeResolvers } from '../generated/graphql.js';

export const BillingPeriodCloseOutcome: BillingPeriodCloseOutcomeResolvers = {
  customer: (outcome) => ({ id: outcome.customerId }),
};
