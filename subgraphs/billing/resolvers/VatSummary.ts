import { roundedMoney } from '../../shared/money.js';
import type { VatSummaryResolvers } from '../generated/graphql.js';

export const VatSummary: VatSummaryResolvers = {
  rate: (row) => row.vatRate,
  taxableAmount: (row) => roundedMoney(row.taxableAmount, row.currency),
  taxAmount: (row) => roundedMoney(row.taxAmount, row.currency),
};
