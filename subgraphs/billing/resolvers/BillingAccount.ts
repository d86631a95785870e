import { Decimal } from 'decimal.js';
import type { BillingAccountResolvers } from '../generated/graphql.js';

export const BillingAccount: BillingAccountResolvers = {
  customer: (account) => ({ id: account.customerId }),
  vatRate: (account) => new Decimal(account.vatRate.toString()).toFixed(2),
  openPeriod: (account, _args, { loaders }) => loaders.openPeriodOfAccount.load(account.id),
};
