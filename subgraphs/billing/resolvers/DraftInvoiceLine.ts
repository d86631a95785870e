import { priceMoney, roundedMoney } from '../../shared/money.js';
import type { DraftInvoiceLineResolvers } from '../generated/graphql.js';
import { draftLineKey } from '../loaders.js';

export const DraftInvoiceLine: DraftInvoiceLineResolvers = {
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
  charges: (line, _args, { loaders }) => loaders.chargesOfDraftLine.load(draftLineKey(line.periodId, line.service, line.unit, line.unitPrice)),
};
