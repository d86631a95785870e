import type { EInvoiceStatusResolvers } from '../generated/graphql.js';
import { eInvoiceFileName } from '../einvoice/build.js';
import type { SdiError } from '../einvoice/notification.js';
import { markAnswerUncacheable } from '../../shared/answer-versions.js';
import { recipientAtRevision } from '../invoicing/recipients.js';

export const EInvoiceStatus: EInvoiceStatusResolvers = {
  fileName: (file, _args, { eInvoicing }) => eInvoiceFileName({ issuer: eInvoicing.issuer, progressive: file.progressive }),

  rejection: (file) => (file.rejection as SdiError[] | null) ?? [],

  recipient: async (file, _args, context) => {
    const { prisma, loaders, recipients, clock } = context;
    // The recipient may be read from sales: this answer is not billing's own data alone.
    markAnswerUncacheable(context);
    const invoiceId = file.invoiceId ?? (await loaders.creditNote.load(file.creditNoteId!))!.invoiceId;
    return recipientAtRevision(prisma, invoiceId, file.recipientRevision, recipients, clock());
  },

  history: async (file, _args, { loaders }) => {
    const files = await loaders.eInvoiceFilesOfDocument.load((file.invoiceId ?? file.creditNoteId)!);
    const histories = await Promise.all(files.map(async ({ id, progressive }) => (await loaders.eInvoiceHistoryOfFile.load(id)).map((change) => ({ ...change, progressive }))));
    return histories.flat();
  },

  invoice: (file, _args, { loaders }) => (file.invoiceId ? loaders.invoice.load(file.invoiceId) : null),
  creditNote: (file, _args, { loaders }) => (file.creditNoteId ? loaders.creditNote.load(file.creditNoteId) : null),
};
