import { Decimal } from 'decimal.js';
import type { BillingAccountResolvers } from '../generated/graphql.js';

export const BillingAccount: BillingAccountResolvers = {
  customer: (account) => ({ id: account.customerId }),
  vatRate: (account) => new Decimal(account.vatRate.toString()).toFixed(2),
  openPeriod: async (account, _args, { loaders }) => (await loaders.livePeriodsOfAccount.load(account.id)).find((period) => period.status === 'OPEN') ?? null,
};
