import { roundedMoney } from '../../shared/money.js';
import type { InvoiceResolvers } from '../generated/graphql.js';
import { vatSummaryOf } from '../invoicing/vat.js';
import { amountDue } from '../invoicing/invoice-lines.js';
import { invoiceEInvoiceFile } from '../invoicing/einvoice-export.js';

export const Invoice: InvoiceResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.invoice.load(id),

  customer: async (invoice, _args, { loaders }) => {
    const account = await loaders.account.load(invoice.accountId);
    if (!account) throw new Error(`Invoice ${invoice.id} refers to missing account ${invoice.accountId}`);
    return { id: account.customerId };
  },

  period: (invoice, _args, { loaders }) => (invoice.periodId ? loaders.period.load(invoice.periodId) : null),

  lines: async (invoice, _args, { loaders }) =>
    (await loaders.linesOfInvoice.load(invoice.id)).map((line) => ({ ...line, currency: invoice.currency })),

  netTotal: (invoice) => roundedMoney(invoice.netTotal, invoice.currency),
  taxTotal: (invoice) => roundedMoney(invoice.taxTotal, invoice.currency),
  total: (invoice) => roundedMoney(invoice.total, invoice.currency),
  amountDue: async (invoice, _args, { loaders }) => roundedMoney(amountDue(invoice.total, await loaders.linesOfInvoice.load(invoice.id), invoice.currency), invoice.currency),

  euroExchangeRate: (invoice) => invoice.euroExchangeRate?.toString() ?? null,
  vatSummary: async (invoice, _args, { loaders }) =>
    vatSummaryOf(await loaders.linesOfInvoice.load(invoice.id), invoice.currency).map((row) => ({ ...row, currency: invoice.currency })),

  creditNotes: (invoice, _args, { loaders }) => loaders.creditNotesOfInvoice.load(invoice.id),

  recipient: (invoice, _args, { loaders }) => loaders.recipientOfInvoice.load(invoice.id),
  contract: (invoice, _args, { loaders }) => loaders.contractOfInvoice.load(invoice.id),
  eInvoiceStatus: async (invoice, _args, { loaders }) => (await loaders.eInvoiceFilesOfDocument.load(invoice.id)).at(-1) ?? null,
  eInvoice: (invoice, _args, context) => invoiceEInvoiceFile(context, invoice),
};
