import { billingAwaitingInvoiceOf, currentBillingOf } from '../current-billing.js';
import { checkedPage, pageOf } from '../../shared/pages.js';
import type { CustomerResolvers } from '../generated/graphql.js';

/** Four years of monthly invoices in the first page. */
const INVOICES_PAGE = { defaultSize: 50, maxSize: 500 };

export const Customer: CustomerResolvers = {
  // Billing extends sales' customer: any id is a customer as far as billing is concerned.
  __resolveReference: ({ id }) => ({ id }),

  billingAccount: ({ id }, _args, { loaders }) => loaders.accountOfCustomer.load(id),

  currentBilling: ({ id }, _args, { loaders, requestedAt }) => currentBillingOf(id, loaders, requestedAt),

  billingAwaitingInvoice: ({ id }, _args, { loaders, requestedAt }) => billingAwaitingInvoiceOf(id, loaders, requestedAt),

  invoices: async ({ id }, { status, ...page }, { loaders }) => {
    const checked = checkedPage(page, INVOICES_PAGE);
    const invoices = await loaders.invoicesOfCustomer.load(id);
    return pageOf(status ? invoices.filter((invoice) => invoice.status === status) : invoices, checked);
  },
};
