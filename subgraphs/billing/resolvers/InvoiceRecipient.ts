import type { InvoiceRecipientResolvers } from '../generated/graphql.js';

export const InvoiceRecipient: InvoiceRecipientResolvers = {
  // A public body is reached through its office code, which sales keeps as its SdI recipient code.
  publicOfficeCode: (recipient) => (recipient.fiscalCategory === 'ITALIAN_PUBLIC_BODY' ? recipient.sdiRecipientCode : null),
  // Invoice.recipient is the row recorded at issue; a file's recipient (EInvoiceStatus.recipient) says which revision it is.
  revision: (recipient) => ('revision' in recipient && typeof recipient.revision === 'number' ? recipient.revision : 1),
};
