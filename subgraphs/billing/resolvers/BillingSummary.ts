import { Decimal } from 'decimal.js';
import { roundedMoney } from '../../shared/money.js';
import type { BillingSummaryResolvers } from '../generated/graphql.js';

export const BillingSummary: BillingSummaryResolvers = {
  billedMinutes: (summary) => new Decimal(summary.billedSeconds).dividedBy(60).toFixed(2, Decimal.ROUND_HALF_UP),
  chargesToDate: (summary) => roundedMoney(summary.charges, summary.currency),
  draftInvoice: (summary) => summary.draftInvoice(),
};
