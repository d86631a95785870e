import { Decimal } from 'decimal.js';
import { priceMoney, roundedMoney } from '../../shared/money.js';
import { checkedPage, pageOf } from '../../shared/pages.js';
import type { InvoiceLineResolvers } from '../generated/graphql.js';
import { CHARGES_PAGE } from '../invoicing/charges-page.js';

export const InvoiceLine: InvoiceLineResolvers = {
  // As the draft line shows it: minutes to 4 decimals (the column's scale, which Decimal's toString drops), calls whole.
  quantity: (line) => new Decimal(line.quantity.toString()).toFixed(line.unit === 'MINUTE' ? 4 : 0),
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
  vatRate: (line) => new Decimal(line.vatRate.toString()).toFixed(2),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
  vatExemption: (line) => line.vatLegalReference,
  charges: async (line, page, { loaders }) => {
    const checked = checkedPage(page, CHARGES_PAGE);
    return pageOf(await loaders.chargesOfLine.load(line.id), checked);
  },
};
