import type { BillingAccountResolvers } from '../generated/graphql.js';

export const BillingAccount: BillingAccountResolvers = {
  customer: (account) => ({ id: account.customerId }),
  openPeriod: (account, _args, { loaders }) => loaders.openPeriodOfAccount.load(account.id),
};
