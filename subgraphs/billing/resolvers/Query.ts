import type { QueryResolvers } from '../generated/graphql.js';
import { eInvoicesOfMonth, E_INVOICE_FILE_PAGE } from '../invoicing/einvoice-transmission.js';
import { transmissionEInvoiceFile } from '../invoicing/einvoice-export.js';

export const Query: QueryResolvers = {
  invoice: (_parent, { id }, { loaders }) => loaders.invoice.load(id),
  invoiceByNumber: (_parent, { number }, { prisma }) => prisma.invoice.findUnique({ where: { number } }),
  creditNote: (_parent, { id }, { loaders }) => loaders.creditNote.load(id),
  billingIntegrationEvents: (_parent, args, { integrationEvents }) => integrationEvents.list(args),
  billingIntegrationEventCounts: (_parent, _args, { integrationEvents }) => integrationEvents.counts(),
  eInvoices: (_parent, { month, state, first, offset }, { prisma }) => eInvoicesOfMonth(prisma, { month, state, first, offset }),
  eInvoiceFiles: async (_parent, { month, first, offset }, context) => {
    const files = await eInvoicesOfMonth(context.prisma, { month, first, offset }, E_INVOICE_FILE_PAGE);
    return Promise.all(files.map((file) => transmissionEInvoiceFile(context, file)));
  },
};
