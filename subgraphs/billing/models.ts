/** Parent values of billing's GraphQL types that are not plain Prisma rows. */
import type { Decimal } from 'decimal.js';
import type { InvoiceLineDraft, InvoiceTotals } from './invoicing/invoice-lines.js';
import type { VatSummaryRow } from './invoicing/vat.js';
import type { VatTreatment } from './invoicing/vat-treatment.js';
import type { SettingsColumns } from './invoicing/account-settings.js';
import type { BillingPeriod, CreditNoteLine, EInvoiceTransition, Invoice, InvoiceLine } from './generated/prisma/client.js';

/** A customer is sales' entity; billing knows only its id. */
export interface CustomerRef {
  id: string;
}

/** Another subgraph's entity (a conference, a booking, a contract rate), known here by its id. */
export interface EntityRef {
  id: string;
}

export interface BillingPeriodClosingParent {
  closedPeriod: BillingPeriod;
  invoice: Invoice | null;
  openPeriod: BillingPeriod;
}

export interface BillingPeriodCloseOutcomeParent {
  customerId: string;
  period: BillingPeriod;
  status: 'INVOICED' | 'NOTHING_TO_INVOICE' | 'FAILED';
  closing: BillingPeriodClosingParent | null;
  failure: string | null;
}

export type CreditNoteLineParent = CreditNoteLine & { currency: string };

export interface BillingSummaryParent {
  period: BillingPeriod | null;
  /** The current period's first and last day, with or without a row; null without an account. */
  startsOn: Date | null;
  endsOn: Date | null;
  calls: number;
  legs: number;
  billedSeconds: number;
  /** Net total of the draft lines, at the minor unit. */
  charges: Decimal | { toString(): string };
  currency: string;
  lastUsageAt: Date | null;
  /** Computed only when a query asks for it. */
  draftInvoice(): Promise<DraftInvoiceParent | null>;
}

export interface DraftInvoiceParent {
  period: BillingPeriod;
  currency: string;
  vatTreatment: VatTreatment;
  lines: DraftInvoiceLineParent[];
  totals: InvoiceTotals;
}

export type DraftInvoiceLineParent = InvoiceLineDraft & { periodId: string; currency: string };

export type InvoiceLineParent = InvoiceLine & { currency: string };

export type { VatTreatment as VatTreatmentParent } from './invoicing/vat-treatment.js';

/** Payment terms, as an account or a version of its settings holds them. */
export type PaymentTermsParent = Pick<SettingsColumns, 'paymentTermsDays' | 'paymentTermsEndOfMonth'>;

export type VatSummaryParent = VatSummaryRow & { currency: string };

/** A change of an e-invoice file's state, with the file's progressive (its name). */
export type EInvoiceTransitionParent = EInvoiceTransition & { progressive: string };
