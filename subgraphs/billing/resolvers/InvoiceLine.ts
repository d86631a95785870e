import { Decimal } from 'decimal.js';
import { priceMoney, roundedMoney } from '../../shared/money.js';
import type { InvoiceLineResolvers } from '../generated/graphql.js';

export const InvoiceLine: InvoiceLineResolvers = {
  quantity: (line) => (line.unit === 'MINUTE' ? line.quantity.toString() : new Decimal(line.quantity.toString()).toFixed(0)),
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
  vatRate: (line) => new Decimal(line.vatRate.toString()).toFixed(2),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
  charges: (line, _args, { loaders }) => loaders.chargesOfLine.load(line.id),
};
