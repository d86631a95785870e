import type { PaymentTermsResolvers } from '../generated/graphql.js';

export const PaymentTerms: PaymentTermsResolvers = {
  days: (terms) => terms.paymentTermsDays,
  endOfMonth: (terms) => terms.paymentTermsEndOfMonth,
};
