import type { EInvoiceTransitionResolvers } from '../generated/graphql.js';
import { eInvoiceFileName } from '../einvoice/build.js';

export const EInvoiceTransition: EInvoiceTransitionResolvers = {
  fileName: (change, _args, { eInvoicing }) => eInvoiceFileName({ issuer: eInvoicing.issuer, progressive: change.progressive }),
  at: (change) => change.occurredAt,
  messageId: (change) => (change.details as { messageId?: string } | null)?.messageId ?? null,
};
