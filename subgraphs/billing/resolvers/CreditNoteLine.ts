import { Decimal } from 'decimal.js';
import { roundedMoney } from '../../shared/money.js';
import type { CreditNoteLineResolvers } from '../generated/graphql.js';

export const CreditNoteLine: CreditNoteLineResolvers = {
  invoiceLine: async (line, _args, { loaders }) => {
    const invoiceLine = await loaders.line.load(line.invoiceLineId);
    if (!invoiceLine) throw new Error(`Credit note line ${line.id} refers to missing invoice line ${line.invoiceLineId}`);
    return { ...invoiceLine, currency: line.currency };
  },
  amount: (line) => roundedMoney(line.amount, line.currency),
  vatRate: (line) => new Decimal(line.vatRate.toString()).toFixed(2),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
};
