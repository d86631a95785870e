import { priceMoney, roundedMoney } from '../../shared/money.js';
import { checkedPage, pageOf } from '../../shared/pages.js';
import type { DraftInvoiceLineResolvers } from '../generated/graphql.js';
import { CHARGES_PAGE } from '../invoicing/charges-page.js';
import { draftLineKey } from '../loaders.js';

export const DraftInvoiceLine: DraftInvoiceLineResolvers = {
  unitPrice: (line) => priceMoney(line.unitPrice, line.currency),
  amount: (line) => roundedMoney(line.amount, line.currency),
  taxAmount: (line) => roundedMoney(line.taxAmount, line.currency),
  vatExemption: (line) => line.vatLegalReference,
  charges: async (line, page, { loaders }) => {
    const checked = checkedPage(page, CHARGES_PAGE);
    return pageOf(await loaders.chargesOfDraftLine.load(draftLineKey(line.periodId, line.service, line.unit, line.unitPrice)), checked);
  },
};
