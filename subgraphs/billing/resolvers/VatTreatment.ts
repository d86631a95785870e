import { Decimal } from 'decimal.js';
import type { VatTreatmentResolvers } from '../generated/graphql.js';

export const VatTreatment: VatTreatmentResolvers = {
  rate: (treatment) => new Decimal(treatment.vatRate).toFixed(2),
  natura: (treatment) => (treatment.kind === 'ZERO_RATED' ? treatment.natura : null),
  legalReference: (treatment) => (treatment.kind === 'ZERO_RATED' ? treatment.legalReference : null),
};
