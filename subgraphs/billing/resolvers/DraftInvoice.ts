import { roundedMoney } from '../../shared/money.js';
import type { DraftInvoiceResolvers } from '../generated/graphql.js';
import { vatSummaryOf } from '../invoicing/vat.js';
import { amountDue } from '../invoicing/invoice-lines.js';

export const DraftInvoice: DraftInvoiceResolvers = {
  netTotal: (draft) => roundedMoney(draft.totals.netTotal, draft.currency),
  taxTotal: (draft) => roundedMoney(draft.totals.taxTotal, draft.currency),
  total: (draft) => roundedMoney(draft.totals.total, draft.currency),
  amountDue: (draft) => roundedMoney(amountDue(draft.totals.total, draft.lines, draft.currency), draft.currency),
  vatSummary: (draft) => vatSummaryOf(draft.lines, draft.currency).map((row) => ({ ...row, currency: draft.currency })),
};
