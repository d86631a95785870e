import { Decimal } from 'decimal.js';
import type { BillingAccountResolvers } from '../generated/graphql.js';
import { treatmentOfRow } from '../invoicing/vat-treatment.js';

export const BillingAccount: BillingAccountResolvers = {
  customer: (account) => ({ id: account.customerId }),
  vatRate: (account) => new Decimal(account.vatRate.toString()).toFixed(2),
  vatTreatment: (account) => treatmentOfRow(account),
  paymentTerms: (account) => account,
  openPeriod: async (account, _args, { loaders }) => (await loaders.livePeriodsOfAccount.load(account.id)).find((period) => period.status === 'OPEN') ?? null,
  upcomingSettings: async (account, _args, { loaders }) => {
    const open = (await loaders.livePeriodsOfAccount.load(account.id)).find((period) => period.status === 'OPEN');
    const [newest] = await loaders.settingsOfAccount.load(account.id);
    return open && newest && newest.effectiveFrom.getTime() > open.startsOn.getTime() ? newest : null;
  },
  settingsHistory: (account, _args, { loaders }) => loaders.settingsOfAccount.load(account.id),
};
