import { dateScalars } from '../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { BillingAccount } from './BillingAccount.js';
import { BillingAccountSettings } from './BillingAccountSettings.js';
import { BillingPeriodCloseOutcome } from './BillingPeriodCloseOutcome.js';
import { BillingSummary } from './BillingSummary.js';
import { CreditNote } from './CreditNote.js';
import { CreditNoteLine } from './CreditNoteLine.js';
import { DraftInvoice } from './DraftInvoice.js';
import { DraftInvoiceLine } from './DraftInvoiceLine.js';
import { Customer } from './Customer.js';
import { EInvoiceStatus } from './EInvoiceStatus.js';
import { EInvoiceTransition } from './EInvoiceTransition.js';
import { Invoice } from './Invoice.js';
import { InvoiceLine } from './InvoiceLine.js';
import { InvoiceRecipient } from './InvoiceRecipient.js';
import { Mutation } from './Mutation.js';
import { PaymentTerms } from './PaymentTerms.js';
import { Query } from './Query.js';
import { UsageCharge } from './UsageCharge.js';
import { VatSummary } from './VatSummary.js';
import { VatTreatment } from './VatTreatment.js';

export const resolvers: Resolvers = {
  ...dateScalars,
  Query,
  Mutation,
  Customer,
  BillingAccount,
  BillingAccountSettings,
  PaymentTerms,
  VatTreatment,
  BillingPeriodCloseOutcome,
  BillingSummary,
  DraftInvoice,
  DraftInvoiceLine,
  Invoice,
  InvoiceLine,
  InvoiceRecipient,
  UsageCharge,
  CreditNote,
  CreditNoteLine,
  VatSummary,
  EInvoiceStatus,
  EInvoiceTransition,
};
