import { priceMoney, roundedMoney } from '../../shared/money.js';
import type { InvoiceLineResolvers } from '../generated/graphql.js';

export const InvoiceLine: InvoiceLineResolvers = {
  quantity: (line) => line.quantity.toString(),
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
};
