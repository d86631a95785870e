import { roundedMoney } from '../../shared/money.js';
import type { CreditNoteResolvers } from '../generated/graphql.js';
import { vatSummaryOf } from '../invoicing/vat.js';
import { creditNoteEInvoiceFile } from '../invoicing/einvoice-export.js';

export const CreditNote: CreditNoteResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.creditNote.load(id),

  invoice: async (note, _args, { loaders }) => {
    const invoice = await loaders.invoice.load(note.invoiceId);
    if (!invoice) throw new Error(`Credit note ${note.id} refers to missing invoice ${note.invoiceId}`);
    return invoice;
  },

  lines: async (note, _args, { loaders }) => (await loaders.linesOfCreditNote.load(note.id)).map((line) => ({ ...line, currency: note.currency })),

  vatSummary: async (note, _args, { loaders }) =>
    vatSummaryOf(await loaders.linesOfCreditNote.load(note.id), note.currency).map((row) => ({ ...row, currency: note.currency })),

  recipient: (note, _args, { loaders }) => loaders.recipientOfInvoice.load(note.invoiceId),

  netTotal: (note) => roundedMoney(note.netTotal, note.currency),
  taxTotal: (note) => roundedMoney(note.taxTotal, note.currency),
  total: (note) => roundedMoney(note.total, note.currency),

  eInvoiceStatus: async (note, _args, { loaders }) => {
    const latest = (await loaders.eInvoiceFilesOfDocument.load(note.id)).at(-1);
    if (!latest) throw new Error(`Credit note ${note.id} has no e-invoice file`);
    return latest;
  },

  eInvoice: (note, _args, context) => creditNoteEInvoiceFile(context, note),
};
