import { billingAwaitingInvoiceOf, currentBillingOf } from '../current-billing.js';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  // Billing extends sales' customer: any id is a customer as far as billing is concerned.
  __resolveReference: ({ id }) => ({ id }),

  billingAccount: ({ id }, _args, { loaders }) => loaders.accountOfCustomer.load(id),

  currentBilling: ({ id }, _args, { loaders, requestedAt }) => currentBillingOf(id, loaders, requestedAt),

  billingAwaitingInvoice: ({ id }, _args, { loaders, requestedAt }) => billingAwaitingInvoiceOf(id, loaders, requestedAt),

  invoices: async ({ id }, { status }, { loaders }) => {
    const invoices = await loaders.invoicesOfCustomer.load(id);
    return status ? invoices.filter((invoice) => invoice.status === status) : invoices;
  },
};
