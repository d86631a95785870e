import type { EInvoiceStatusResolvers } from '../generated/graphql.js';
import { eInvoiceFileName } from '../einvoice/build.js';
import type { SdiError } from '../einvoice/notification.js';

export const EInvoiceStatus: EInvoiceStatusResolvers = {
  fileName: (file, _args, { eInvoicing }) => eInvoiceFileName({ issuer: eInvoicing.issuer, progressive: file.progressive }),

  rejection: (file) => (file.rejection as SdiError[] | null) ?? [],

  history: async (file, _args, { loaders }) => {
    const files = await loaders.eInvoiceFilesOfDocument.load((file.invoiceId ?? file.creditNoteId)!);
    const histories = await Promise.all(files.map(async ({ id, progressive }) => (await loaders.eInvoiceHistoryOfFile.load(id)).map((change) => ({ ...change, progressive }))));
    return histories.flat();
  },

  invoice: (file, _args, { loaders }) => (file.invoiceId ? loaders.invoice.load(file.invoiceId) : null),
  creditNote: (file, _args, { loaders }) => (file.creditNoteId ? loaders.creditNote.load(file.creditNoteId) : null),
};
