import type { EInvoiceTransitionResolvers } from '../generated/graphql.js';
import { eInvoiceFileName } from '../einvoice/build.js';
import type { SdiNotification } from '../einvoice/notification.js';

/** What the notification said, as importSdiNotification stored it. */
const detailsOf = (change: { details: unknown }) => change.details as Pick<SdiNotification, 'messageId' | 'description' | 'outcome'> | null;

export const EInvoiceTransition: EInvoiceTransitionResolvers = {
  fileName: (change, _args, { eInvoicing }) => eInvoiceFileName({ issuer: eInvoicing.issuer, progressive: change.progressive }),
  at: (change) => change.occurredAt,
  messageId: (change) => detailsOf(change)?.messageId ?? null,
  description: (change) => detailsOf(change)?.description ?? null,
  outcome: (change) => detailsOf(change)?.outcome ?? null,
};
