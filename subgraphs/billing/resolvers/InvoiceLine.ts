import { Decimal } from 'decimal.js';
import { priceMoney, roundedMoney } from '../../shared/money.js';
import { checkedPage, pageOf } from '../../shared/pages.js';
import type { InvoiceLineResolvers } from '../generated/graphql.js';
import { CHARGES_PAGE } from '../invoicing/charges-page.js';

export const InvoiceLine: InvoiceLineResolvers = {
  quantity: (line) => (line.unit === 'MINUTE' ? line.quantity.toString() : new Decimal(line.quantity.toString()).toFixed(0)),
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
  vatRate: (line) => new Decimal(line.vatRate.toString()).toFixed(2),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
  charges: async (line, page, { loaders }) => {
    const checked = checkedPage(page, CHARGES_PAGE);
    return pageOf(await loaders.chargesOfLine.load(line.id), checked);
  },
};
