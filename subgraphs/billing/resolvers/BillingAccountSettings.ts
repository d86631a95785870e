import type { BillingAccountSettingsResolvers } from '../generated/graphql.js';
import { treatmentOfRow } from '../invoicing/vat-treatment.js';

export const BillingAccountSettings: BillingAccountSettingsResolvers = {
  vatTreatment: (settings) => treatmentOfRow(settings),
  paymentTerms: (settings) => settings,
};
