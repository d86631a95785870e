import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CustomerRef, InvoiceLineParent, BillingSummaryParent, DraftInvoiceParent, DraftInvoiceLineParent, BillingPeriodClosingParent, BillingPeriodCloseOutcomeParent, VatSummaryParent, VatTreatmentParent, PaymentTermsParent, CreditNoteLineParent, EInvoiceTransitionParent, EntityRef } from '../models.js';
import type { BillingAccount as BillingAccountRow, BillingPeriod as BillingPeriodRow, Invoice as InvoiceRow, BillingAccountSettings as BillingAccountSettingsRow, UsageCharge as UsageChargeRow, CreditNote as CreditNoteRow, InvoiceRecipient as InvoiceRecipientRow, InvoiceContract as InvoiceContractRow, EInvoiceTransmission as EInvoiceTransmissionRow } from './prisma/client.js';
import type { BillingContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, ISO 8601 (2026-11-27). */
  Date: { input: Date; output: Date | string; }
  /** An instant in time, ISO 8601 with offset (2026-11-27T09:30:00Z). */
  DateTime: { input: Date; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type BillingAccount = {
  __typename?: 'BillingAccount';
  currency: Scalars['String']['output'];
  customer: Customer;
  /** Where the customer pays by bank transfer, as in force for the open period. */
  iban?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  openPeriod?: Maybe<BillingPeriod>;
  /** The payment terms in force for the open period. */
  paymentTerms: PaymentTerms;
  periodRule: BillingPeriodRule;
  /** Every version of the settings, newest first (the upcoming one included). */
  settingsHistory: Array<BillingAccountSettings>;
  /** IANA time zone the periods are cut in (Europe/Rome by default). */
  timeZone: Scalars['String']['output'];
  /** The settings that apply from the next period on, if a change is waiting; null otherwise. */
  upcomingSettings?: Maybe<BillingAccountSettings>;
  /**
   * VAT percentage charged on every line, such as "22.00".
   * @deprecated Use vatTreatment.rate.
   */
  vatRate: Scalars['String']['output'];
  /** How the open period's invoice is taxed (a change waits in upcomingSettings until the next period). */
  vatTreatment: VatTreatment;
};

/** One version of an account's settings, in force from the first day of a period. */
export type BillingAccountSettings = {
  __typename?: 'BillingAccountSettings';
  /** The first day of the period the settings apply from. */
  effectiveFrom: Scalars['Date']['output'];
  iban?: Maybe<Scalars['String']['output']>;
  paymentTerms: PaymentTerms;
  periodRule: BillingPeriodRule;
  /** When the version was recorded. */
  recordedAt: Scalars['DateTime']['output'];
  timeZone: Scalars['String']['output'];
  vatTreatment: VatTreatment;
};

export type BillingAccountSettingsInput = {
  /**
   * Where the customer pays by bank transfer: an IBAN (spaces allowed, checked by its mod-97
   * check digits; an Italian one has 27 characters). null removes it.
   */
  iban?: InputMaybe<Scalars['String']['input']>;
  paymentTerms?: InputMaybe<PaymentTermsInput>;
  periodRule?: InputMaybe<BillingPeriodRule>;
  /** An IANA time zone the account's periods are cut in, such as Europe/Rome. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
  vatTreatment?: InputMaybe<VatTreatmentInput>;
};

export type BillingPeriod = {
  __typename?: 'BillingPeriod';
  endsOn: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  startsOn: Scalars['Date']['output'];
  status: BillingPeriodStatus;
};

/** What the month-end run did with one account's period. */
export type BillingPeriodCloseOutcome = {
  __typename?: 'BillingPeriodCloseOutcome';
  /** The closing, unless FAILED. */
  closing?: Maybe<BillingPeriodClosing>;
  customer: Customer;
  /** Why the period could not be closed; null unless FAILED. */
  failure?: Maybe<Scalars['String']['output']>;
  /** The period that was due: closed, or still open when FAILED. */
  period: BillingPeriod;
  status: BillingPeriodCloseStatus;
};

export type BillingPeriodCloseStatus =
  /** Not closed: see failure. The period is still open. */
  | 'FAILED'
  /** Closed, and its invoice issued. */
  | 'INVOICED'
  /** Closed without an invoice: the period had no charges. */
  | 'NOTHING_TO_INVOICE';

export type BillingPeriodClosing = {
  __typename?: 'BillingPeriodClosing';
  closedPeriod: BillingPeriod;
  /** Null when the period had no charges. */
  invoice?: Maybe<Invoice>;
  /** The period usage now lands in. */
  openPeriod: BillingPeriod;
};

export type BillingPeriodRule =
  | 'MONTHLY'
  | 'QUARTERLY';

export type BillingPeriodStatus =
  /** Invoiced; its charges never change. */
  | 'CLOSED'
  /** Usage lands here; at most one per account. */
  | 'OPEN'
  /** A later period usage already fell in; it opens when the open one closes. */
  | 'UPCOMING';

export type BillingSummary = {
  __typename?: 'BillingSummary';
  /** billedSeconds / 60 as a decimal string with 2 decimals. */
  billedMinutes: Scalars['String']['output'];
  /** Connection time after rounding up to each rate's billing increment. */
  billedSeconds: Scalars['Int']['output'];
  /** Conferences rated in the period. */
  calls: Scalars['Int']['output'];
  /**
   * Net amount of the invoice the period would get if it were issued now: the same lines, rounded
   * the same way (per line, half-up to the currency's minor unit), so it is what the invoice will say.
   */
  chargesToDate: Money;
  /**
   * The invoice the period will get, as it stands now: the charges rated so far in its lines, with
   * VAT and totals computed by the same functions as at issue. It is numbered only when the period
   * closes (closeBillingPeriod). Null when the period has no row yet (no call has fallen in it).
   */
  draftInvoice?: Maybe<DraftInvoice>;
  /** The period's last day, in the account's time zone (null only when the customer has no billing account). */
  endsOn?: Maybe<Scalars['Date']['output']>;
  lastUsageAt?: Maybe<Scalars['DateTime']['output']>;
  /** Participant legs rated in the period. */
  legs: Scalars['Int']['output'];
  /**
   * The period the figures are for: OPEN, or UPCOMING when the open one has ended but is not yet
   * closed. Null when the customer has no billing account, or no call has fallen in the period yet.
   */
  period?: Maybe<BillingPeriod>;
  /** The period's first day (null only when the customer has no billing account). */
  startsOn?: Maybe<Scalars['Date']['output']>;
};

export type Booking = {
  __typename?: 'Booking';
  id: Scalars['ID']['output'];
};

export type Conference = {
  __typename?: 'Conference';
  id: Scalars['ID']['output'];
};

export type Contract = {
  __typename?: 'Contract';
  id: Scalars['ID']['output'];
};

export type ContractRate = {
  __typename?: 'ContractRate';
  id: Scalars['ID']['output'];
};

/** A correction of an issued invoice, which itself never changes. */
export type CreditNote = {
  __typename?: 'CreditNote';
  /** Its FatturaPA file (TD04, naming its invoice), the latest one. */
  eInvoice: EInvoiceFile;
  /** Its e-invoice file (TD04) with SdI. */
  eInvoiceStatus: EInvoiceStatus;
  id: Scalars['ID']['output'];
  invoice: Invoice;
  issuedAt: Scalars['DateTime']['output'];
  lines: Array<CreditNoteLine>;
  netTotal: Money;
  number: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  /** Its invoice's recipient, as recorded when the invoice was issued: a credit note goes to whom the invoice went. */
  recipient?: Maybe<InvoiceRecipient>;
  /** Sum of the VAT credited per rate (vatSummary). */
  taxTotal: Money;
  total: Money;
  /**
   * Per VAT rate: net credited and VAT credited. Over all the credit notes of an invoice, the VAT
   * credited on a rate is round_half_up(net credited so far × rate), never more than the VAT the
   * invoice charged on that rate.
   */
  vatSummary: Array<VatSummary>;
};

export type CreditNoteLine = {
  __typename?: 'CreditNoteLine';
  /** Net amount credited. */
  amount: Money;
  description: Scalars['String']['output'];
  invoiceLine: InvoiceLine;
  /** The credited invoice line's Natura, kept as issued. */
  natura?: Maybe<Scalars['String']['output']>;
  position: Scalars['Int']['output'];
  /** The line's share of the VAT the credit note credits on its rate. */
  taxAmount: Money;
  vatLegalReference?: Maybe<Scalars['String']['output']>;
  vatRate: Scalars['String']['output'];
};

export type CreditNoteLineInput = {
  /**
   * Net amount to credit, a positive decimal at the invoice currency's minor unit (12.30 EUR,
   * 1230 JPY), at most what is left of the line after earlier credit notes.
   */
  amount: Scalars['String']['input'];
  invoiceLineId: Scalars['ID']['input'];
};

export type Customer = {
  __typename?: 'Customer';
  /** The customer's billing account, or null if billing has none for this customer yet. */
  billingAccount?: Maybe<BillingAccount>;
  /**
   * The OPEN period once its last day is over, until it is closed and invoiced: the figures of the
   * invoice that is about to be issued. Null when no period is waiting (or billing cannot be reached).
   */
  billingAwaitingInvoice?: Maybe<BillingSummary>;
  /**
   * The figures of the current billing period so far: what a salesperson asks billing for. The
   * current period is the one today falls in (in the account's time zone): the OPEN period, or,
   * between a period's last day and its close, the period after it, where today's calls land
   * (UPCOMING, or without a row before its first call). Null only when billing cannot be reached.
   */
  currentBilling?: Maybe<BillingSummary>;
  id: Scalars['ID']['output'];
  /**
   * Invoices newest first, a page at a time: `first` 1 to 500 (default 50), after skipping `offset`.
   * Null only when billing cannot be reached.
   */
  invoices?: Maybe<Array<Invoice>>;
};


export type CustomerInvoicesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<InvoiceStatus>;
};

/** An open period's invoice before issue: it changes as usage is rated, and has no number yet. */
export type DraftInvoice = {
  __typename?: 'DraftInvoice';
  /** What the customer will pay: total, less the VAT under split payment (see Invoice.amountDue). */
  amountDue: Money;
  lines: Array<DraftInvoiceLine>;
  /** Sum of the lines' net amounts (what currentBilling.chargesToDate says). */
  netTotal: Money;
  period: BillingPeriod;
  /** Sum of the VAT per rate (vatSummary). */
  taxTotal: Money;
  total: Money;
  /** Per VAT rate: taxable amount and VAT, as the invoice will say. */
  vatSummary: Array<VatSummary>;
  /** The VAT treatment in force for the draft's period: what the invoice will say. */
  vatTreatment: VatTreatment;
};

/** A line of a draft invoice: computed like InvoiceLine, from the charges rated so far. */
export type DraftInvoiceLine = {
  __typename?: 'DraftInvoiceLine';
  amount: Money;
  billedSeconds: Scalars['Int']['output'];
  /**
   * The rated usage in the line, each traceable to its leg, conference, booking and contract rate,
   * oldest first, a page at a time: `first` 1 to 1,000 (default 100), after skipping `offset`.
   */
  charges: Array<UsageCharge>;
  description: Scalars['String']['output'];
  /** FatturaPA Natura code of a zero-rated line, null when VAT is charged. */
  natura?: Maybe<Scalars['String']['output']>;
  position: Scalars['Int']['output'];
  quantity: Scalars['String']['output'];
  service: Scalars['String']['output'];
  /** The line's share of its rate's VAT, as on InvoiceLine.taxAmount. */
  taxAmount: Money;
  unit: Scalars['String']['output'];
  unitPrice: Money;
  /** @deprecated Use vatLegalReference. */
  vatExemption?: Maybe<Scalars['String']['output']>;
  /** The law that says why no VAT is charged, with natura. */
  vatLegalReference?: Maybe<Scalars['String']['output']>;
  vatRate: Scalars['String']['output'];
};


/** A line of a draft invoice: computed like InvoiceLine, from the charges rated so far. */
export type DraftInvoiceLineChargesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * A FatturaPA file as SdI takes it, built from what billing stored when the document was issued
 * (its lines with their VAT treatment, the recipient recorded at issue, the file's progressive) and
 * validated against the official schema before it is returned: the same document gives the same
 * bytes every time. A document whose stored data cannot make a valid file is refused (CONFLICT,
 * with the schema's reasons in extensions.issues).
 */
export type EInvoiceFile = {
  __typename?: 'EInvoiceFile';
  /** IT<issuer's VAT number>_<progressive>.xml. */
  fileName: Scalars['String']['output'];
  /** Where the file is with SdI. */
  state: EInvoiceState;
  /** The FatturaPA XML (FPR12, or FPA12 for a public body), UTF-8. */
  xml: Scalars['String']['output'];
};

/** Where an e-invoice file stands with SdI (the Sistema di Interscambio). */
export type EInvoiceState =
  /** Delivered, and the public body accepted it (NotificaEsito EC01). */
  | 'ACCEPTED'
  /** SdI delivered it to the recipient (RicevutaConsegna). */
  | 'DELIVERED'
  /** SdI could not deliver it (NotificaMancataConsegna; for a public body, then AttestazioneTrasmissioneFattura): the file is valid and the document stands, in the recipient's reserved area. */
  | 'NOT_DELIVERABLE'
  /** Delivered, and the public body refused it (NotificaEsito EC02): the invoice stands and is corrected by a credit note, never sent again or voided. */
  | 'REFUSED'
  /** SdI rejected it (NotificaScarto, see rejection): fiscally never issued; send it again (resendEInvoice) or void the invoice. */
  | 'REJECTED'
  /** Handed to SdI, no answer yet. */
  | 'SENT'
  /** Delivered, and the public body did not answer within 15 days (NotificaDecorrenzaTermini): SdI's process is over. */
  | 'TERMS_EXPIRED'
  /** Issued; the file is not yet handed to SdI. */
  | 'TO_SEND';

/** The latest FatturaPA file of an issued invoice or credit note, and the history of all its files. */
export type EInvoiceStatus = {
  __typename?: 'EInvoiceStatus';
  /** 1 for the file made at issue, then one more per resend after a rejection. */
  attempt: Scalars['Int']['output'];
  /** The document, when it is a credit note. */
  creditNote?: Maybe<CreditNote>;
  /** IT<issuer's VAT number>_<progressive>.xml, unique per file: a file sent again gets a new name. */
  fileName: Scalars['String']['output'];
  /** Every change of every file of the document, oldest first. */
  history: Array<EInvoiceTransition>;
  /** The document, when it is an invoice. */
  invoice?: Maybe<Invoice>;
  /** The recipient this file is addressed to: the one recorded at issue (revision 1), or one taken again from sales to correct a rejected file. */
  recipient: InvoiceRecipient;
  /** SdI's reasons when REJECTED (ListaErrori), empty otherwise. */
  rejection: Array<SdiError>;
  /** SdI's identifier of the file (IdentificativoSdI), once known. */
  sdiIdentifier?: Maybe<Scalars['String']['output']>;
  /** When the file was marked sent. */
  sentAt?: Maybe<Scalars['DateTime']['output']>;
  state: EInvoiceState;
  updatedAt: Scalars['DateTime']['output'];
};

/** A change of an e-invoice file's state: who made it, when, from which notification. */
export type EInvoiceTransition = {
  __typename?: 'EInvoiceTransition';
  /** Who: the person who marked it sent or imported the notification; billing for a file made at issue. */
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** What the notification said in words: SdI's Descrizione or Note, or the public body's reason with NotificaEsito. */
  description?: Maybe<Scalars['String']['output']>;
  fileName: Scalars['String']['output'];
  /** Null when the file was created (at issue, or on resend). */
  fromState?: Maybe<EInvoiceState>;
  /** The notification's MessageId. */
  messageId?: Maybe<Scalars['String']['output']>;
  notification?: Maybe<SdiNotificationType>;
  /** NotificaEsito's EsitoCommittente: EC01 (accepted) or EC02 (refused). */
  outcome?: Maybe<Scalars['String']['output']>;
  /** The notification's IdentificativoSdI. */
  sdiIdentifier?: Maybe<Scalars['String']['output']>;
  toState: EInvoiceState;
};

/**
 * How many units of a currency one euro buys on the issue day (ECB convention: JPY 161.2, BHD
 * 0.4105), for invoices in that currency: their FatturaPA files state euro amounts converted at it.
 */
export type EuroExchangeRateInput = {
  /** ISO 4217 code other than EUR (JPY, BHD, USD). */
  currency: Scalars['String']['input'];
  /** Units of `currency` per 1 EUR: a positive decimal with at most 8 decimals, such as "161.2". */
  perEuro: Scalars['String']['input'];
};

/** How many of a subgraph's integration events are in one direction and status. */
export type IntegrationEventCount = {
  __typename?: 'IntegrationEventCount';
  count: Scalars['Int']['output'];
  direction: IntegrationEventDirection;
  status: IntegrationEventStatus;
};

/** Which way an integration event went: SENT from this subgraph's outbox, or RECEIVED into its inbox. */
export type IntegrationEventDirection =
  | 'RECEIVED'
  | 'SENT';

/** An event between subgraphs (subgraphs/shared/events/contract.ts) as one subgraph holds it. */
export type IntegrationEventRecord = {
  __typename?: 'IntegrationEventRecord';
  /** Delivery attempts (sent) or times it was applied or replayed (received). */
  attempts: Scalars['Int']['output'];
  /** When it was delivered (sent) or applied (received). */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  direction: IntegrationEventDirection;
  /** Why the last attempt failed; for a PARKED event, what must be fixed before replaying it. */
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** When the next delivery attempt of a PENDING sent event is due. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the event happened (sent) or arrived (received). */
  occurredAt: Scalars['DateTime']['output'];
  /** The event's payload, as JSON text. */
  payload: Scalars['String']['output'];
  /** The subgraph that recorded the event. */
  source: Scalars['String']['output'];
  status: IntegrationEventStatus;
  /** The booking, conference ... the event is about. */
  subject: Scalars['String']['output'];
  /** booking.scheduled, booking.cancelled, conference.ended */
  type: Scalars['String']['output'];
};

/**
 * Where an integration event stands. Sent: PENDING (waiting for its next delivery attempt),
 * DELIVERED, or PARKED (delivery kept failing; see error, then replay it). Received: APPLIED,
 * or PARKED (it could not be applied as it stands, such as a call without a rate; see error).
 */
export type IntegrationEventStatus =
  | 'APPLIED'
  | 'DELIVERED'
  | 'PARKED'
  | 'PENDING';

export type Invoice = {
  __typename?: 'Invoice';
  /**
   * What the customer pays: total, less the VAT under split payment (esigibilita S), which the
   * public body pays to the State itself. Equal to total for every other treatment.
   */
  amountDue: Money;
  /**
   * The customer's contract in force for the invoiced period, as sales held it when the invoice was
   * issued; it never changes. Its file (and its credit notes') names it in DatiContratto when it has
   * a CIG or CUP. Null for a draft, an invoice issued before contracts were recorded, or a customer
   * with no contract over the period.
   */
  contract?: Maybe<InvoiceContract>;
  /** Corrections of this invoice, oldest first. */
  creditNotes: Array<CreditNote>;
  customer: Customer;
  /** Its FatturaPA file (TD01): the latest, after any resend; null for a draft. */
  eInvoice?: Maybe<EInvoiceFile>;
  /** Its e-invoice file with SdI; null for a draft. */
  eInvoiceStatus?: Maybe<EInvoiceStatus>;
  /**
   * For an invoice not in EUR: units of its currency per euro, as given when it was issued. Its
   * FatturaPA file (and its credit notes') states every amount, and the VAT per rate, in euro at
   * this rate. Null for a euro invoice.
   */
  euroExchangeRate?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  issuedAt?: Maybe<Scalars['DateTime']['output']>;
  lines: Array<InvoiceLine>;
  /** Sum of the lines' net amounts. */
  netTotal: Money;
  /** Assigned when the invoice is issued. */
  number?: Maybe<Scalars['String']['output']>;
  /** When payment is due, from the account's payment terms at issue. */
  paymentDueOn?: Maybe<Scalars['Date']['output']>;
  /** Where to pay, as the account said at issue. */
  paymentIban?: Maybe<Scalars['String']['output']>;
  period?: Maybe<BillingPeriod>;
  /**
   * Who the invoice is addressed to, as the customer's fiscal data stood when it was issued; it never
   * changes (the customer's own data, through `customer`, may have changed since). Null for a draft,
   * and for an invoice issued before recipients were recorded until its first export reads it.
   */
  recipient?: Maybe<InvoiceRecipient>;
  status: InvoiceStatus;
  /** Sum of the VAT per rate (vatSummary), which is also the sum of the lines' shares. */
  taxTotal: Money;
  /** Gross: netTotal + taxTotal. */
  total: Money;
  /** Per VAT rate: taxable amount (the sum of its lines' net amounts) and the VAT on it. */
  vatSummary: Array<VatSummary>;
};

/** The contract an invoice names, as sales held it when the invoice was issued. */
export type InvoiceContract = {
  __typename?: 'InvoiceContract';
  /** Codice Identificativo di Gara (CodiceCIG): a public body pays only an invoice naming it. */
  cig?: Maybe<Scalars['String']['output']>;
  /** The contract is exempt from CIG tracing. */
  cigExempt: Scalars['Boolean']['output'];
  /** Codice Unico di Progetto (CodiceCUP). */
  cup?: Maybe<Scalars['String']['output']>;
  /** Sales' contract number (IdDocumento in the file). */
  number: Scalars['String']['output'];
  recordedAt: Scalars['DateTime']['output'];
  /** The contract's first day (Data in the file). */
  startsOn: Scalars['Date']['output'];
};

/**
 * One service at one price. Its net amount is recomputable from the line: per minute,
 * unitPrice × billedSeconds / 60; per call, unitPrice × quantity; rounded half-up once to the
 * currency's minor unit. VAT is computed per rate, not per line (see Invoice.vatSummary).
 */
export type InvoiceLine = {
  __typename?: 'InvoiceLine';
  /** Net amount. */
  amount: Money;
  /** Connection time billed, for per-minute lines (0 for per-call lines): the exact quantity. */
  billedSeconds: Scalars['Int']['output'];
  /**
   * The rated usage the line bills, each traceable to its conference, booking and contract rate,
   * oldest first, a page at a time: `first` 1 to 1,000 (default 100), after skipping `offset`.
   */
  charges: Array<UsageCharge>;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** FatturaPA Natura code of a zero-rated line (N2.1, N4 ...), null when VAT is charged. Kept as issued. */
  natura?: Maybe<Scalars['String']['output']>;
  position: Scalars['Int']['output'];
  /** Minutes (4 decimals, for reading) or calls. */
  quantity: Scalars['String']['output'];
  service: Scalars['String']['output'];
  /**
   * The line's share of its rate's VAT, for reading: the VAT of a rate (vatSummary) spread over its
   * lines in proportion to their net amounts. Not amount × vatRate rounded: VAT is due per rate.
   */
  taxAmount: Money;
  unit: Scalars['String']['output'];
  unitPrice: Money;
  /**
   * Why no VAT is charged, or null.
   * @deprecated Use vatLegalReference.
   */
  vatExemption?: Maybe<Scalars['String']['output']>;
  /** The law that says why no VAT is charged (RiferimentoNormativo), with natura. */
  vatLegalReference?: Maybe<Scalars['String']['output']>;
  /** VAT percentage, "0.00" when zero-rated (see natura). */
  vatRate: Scalars['String']['output'];
};


/**
 * One service at one price. Its net amount is recomputable from the line: per minute,
 * unitPrice × billedSeconds / 60; per call, unitPrice × quantity; rounded half-up once to the
 * currency's minor unit. VAT is computed per rate, not per line (see Invoice.vatSummary).
 */
export type InvoiceLineChargesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * The recipient of an invoice and its credit notes (FatturaPA's CessionarioCommittente): the customer's
 * fiscal data as sales held it when the invoice was issued, kept with the invoice and never changed.
 */
export type InvoiceRecipient = {
  __typename?: 'InvoiceRecipient';
  city: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2 country code. */
  country: Scalars['String']['output'];
  /** ITALIAN_BUSINESS, ITALIAN_PUBLIC_BODY, EU_BUSINESS, NON_EU_BUSINESS or PRIVATE_PERSON (sales' FiscalCategory at issue). */
  fiscalCategory: Scalars['String']['output'];
  /** Codice fiscale. */
  fiscalCode?: Maybe<Scalars['String']['output']>;
  legalName: Scalars['String']['output'];
  /** The certified e-mail (PEC) SdI delivers to. */
  pecAddress?: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  province?: Maybe<Scalars['String']['output']>;
  /** A public body's office code (CodiceUnivocoUfficio, 6 characters); null for any other recipient. */
  publicOfficeCode?: Maybe<Scalars['String']['output']>;
  /** When the data was read from sales: when the invoice was issued, or its first export for an older invoice. */
  recordedAt: Scalars['DateTime']['output'];
  /** False for an invoice issued before recipients were recorded, whose recipient was read at its first export, and for a later revision. */
  recordedAtIssue: Scalars['Boolean']['output'];
  /** 1: recorded at issue; 2, 3, ...: read again from sales to send a rejected file again corrected (resendEInvoice with refreshRecipient). */
  revision: Scalars['Int']['output'];
  /** CodiceDestinatario: 7 characters, 0000000 with a PEC, XXXXXXX abroad; a public body's office code (see publicOfficeCode). */
  sdiRecipientCode?: Maybe<Scalars['String']['output']>;
  /** The legal address, line by line as sales stored it. */
  street: Scalars['String']['output'];
  street2?: Maybe<Scalars['String']['output']>;
  /** With its country prefix (IT01234567897); null for a private person or a public body with only a codice fiscale. */
  vatNumber?: Maybe<Scalars['String']['output']>;
};

export type InvoiceStatus =
  | 'DRAFT'
  | 'ISSUED'
  | 'VOID';

export type IssueCreditNoteInput = {
  invoiceId: Scalars['ID']['input'];
  /** At least one line; each invoice line at most once. */
  lines: Array<CreditNoteLineInput>;
  /** Why the invoice is corrected, printed on the credit note. One line, at most 500 characters. */
  reason: Scalars['String']['input'];
};

/** An amount of money as a decimal string (never a float) in an ISO 4217 currency. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Closes the customer's open billing period once its last day is over in the account's time
   * zone: issues its invoice (numbered INV-<year>-<6 digits>, without gaps per year; no invoice
   * when the period has no charges), freezes the period's charges and opens the next period.
   * CONFLICT while the period is still running or when there is no open period.
   *
   * `endsOn` closes it early, ending it on that day: for a final invoice when a contract ends, or
   * to invoice what has been used so far. It must lie between the period's first day and today
   * (in the account's time zone) and not before the day of its last rated usage; the rest of the
   * planned period opens as the next period, so periods stay back to back. Usage rated after the
   * close lands on the open period, as any late usage does.
   *
   * An account billed in another currency than EUR is invoiced in it, but Italian VAT is stated in
   * euro: `euroExchangeRates` must then give the rate of the issue day for its currency (such as
   * the ECB reference rate), which the invoice keeps. CONFLICT naming the currency without it.
   */
  closeBillingPeriod: BillingPeriodClosing;
  /**
   * The month-end run: closes, one account at a time, every open period whose last day is
   * `endedOn` or earlier and is over in its account's time zone, issuing their invoices in the
   * order of their accounts' ids. Each account is closed in its own transaction, so one that
   * fails does not stop the others. Returns what became of each account due, in that order:
   * INVOICED, NOTHING_TO_INVOICE, or FAILED with the reason (its period stays open; a second run
   * closes what the first left open). `euroExchangeRates` as for closeBillingPeriod: an account in
   * a currency without a rate FAILS, naming it.
   */
  closeBillingPeriods: Array<BillingPeriodCloseOutcome>;
  /**
   * Imports a notification file SdI sent about one of our files, as SdI wrote it (at most 512 KiB:
   * `xml` is the one argument allowed more than 10,000 characters): RicevutaConsegna (DELIVERED),
   * NotificaScarto (REJECTED, with SdI's error codes) or NotificaMancataConsegna (NOT_DELIVERABLE:
   * the file is valid and the document stands; it waits in the recipient's reserved area); for an
   * invoice to a public body, NotificaEsito (EC01: ACCEPTED; EC02: REFUSED, corrected by a credit
   * note), NotificaDecorrenzaTermini (TERMS_EXPIRED) and AttestazioneTrasmissioneFattura (delivery
   * impossible: NOT_DELIVERABLE, recorded in the history). The file is found by NomeFile. BAD_USER_INPUT (field `xml`)
   * for a file that is not well-formed, has a DOCTYPE, is not one of those notifications or does
   * not match SdI's schema (MessaggiTypes v1.1), each saying why. The same notification again
   * (IdentificativoSdI and type) changes nothing. CONFLICT for a file we did not issue, a file whose
   * SdI identifier differs, or an answer that cannot follow the file's state (a rejection after a
   * delivery, a public-sector notification about a file not addressed to a public body). The
   * notification's signature is not verified: import only what SdI's channel received.
   */
  importSdiNotification: EInvoiceStatus;
  /**
   * Corrects an issued invoice: credits part or all of some of its lines (net amounts; VAT per
   * rate, see CreditNote.vatSummary). The invoice itself never changes. Numbered CN-<year>-<6 digits>, its own
   * series without gaps.
   */
  issueCreditNote: CreditNote;
  /**
   * Records the e-invoice file of an issued invoice or credit note (`id`) as handed to SdI: TO_SEND
   * -> SENT, with SdI's IdentificativoSdI when known (1 to 12 digits). Again on a SENT file it
   * changes nothing (or adds the identifier it lacked). CONFLICT once SdI has answered.
   */
  markEInvoiceSent: EInvoiceStatus;
  /**
   * Replays a PARKED integration event of this subgraph once its cause is fixed: a sent one is
   * delivered again (PENDING), a received one is applied again now (APPLIED, or still PARKED with
   * the new error). NOT_FOUND for an unknown id, CONFLICT for an event that is not PARKED.
   */
  replayBillingIntegrationEvent: IntegrationEventRecord;
  /**
   * Sends the invoice or credit note `id` again after SdI rejected its file: the same document,
   * same number and date, corrected where the rejection said, as a new file (TO_SEND, a new
   * progressive and file name: SdI refuses a name it has seen). CONFLICT unless the latest file is
   * REJECTED, or for a VOID invoice.
   *
   * `refreshRecipient: true` addresses the new file to the customer as sales holds it now, after
   * the specialist corrected what SdI refused (CodiceDestinatario 00311/00312, the customer's VAT
   * number 00305, ...) with updateCustomer. The new file is built and checked against the official
   * schema and SdI's arithmetic first: a recipient that still cannot make a valid file is refused
   * (CONFLICT naming `field`, and `customerField`, the customer's field in sales) with nothing
   * written. The rejected file keeps the recipient it was sent with (EInvoiceStatus.recipient); a
   * credit note's file names the recipient its invoice's file was sent with. Without it, the new
   * file names the same recipient as the rejected one.
   */
  resendEInvoice: EInvoiceStatus;
  /**
   * Changes the customer's billing settings: VAT treatment, payment terms, IBAN, time zone, period
   * rule (fields left out keep their value). The change applies from the next period, the one
   * after the OPEN period, which keeps the settings it started with; until then it is the account's
   * upcomingSettings, and a second change before then replaces it. An account without an open
   * period takes the change at once. BAD_USER_INPUT names the field (input.vatTreatment.natura,
   * input.iban ...) and nothing is written; NOT_FOUND when billing has no account for the customer.
   */
  updateBillingAccountSettings: BillingAccount;
  /**
   * Voids an issued invoice (ISSUED -> VOID), only when SdI rejected its file (fiscally it was never
   * issued) and no credit note refers to it; the period may then be invoiced again. CONFLICT for a
   * delivered invoice (DELIVERED, NOT_DELIVERABLE), which stands and is corrected by a credit note
   * (TD04), for one SdI has not answered yet, or with credit notes.
   */
  voidInvoice: Invoice;
};


export type MutationCloseBillingPeriodArgs = {
  customerId: Scalars['ID']['input'];
  endsOn?: InputMaybe<Scalars['Date']['input']>;
  euroExchangeRates?: InputMaybe<Array<EuroExchangeRateInput>>;
};


export type MutationCloseBillingPeriodsArgs = {
  endedOn: Scalars['Date']['input'];
  euroExchangeRates?: InputMaybe<Array<EuroExchangeRateInput>>;
};


export type MutationImportSdiNotificationArgs = {
  xml: Scalars['String']['input'];
};


export type MutationIssueCreditNoteArgs = {
  input: IssueCreditNoteInput;
};


export type MutationMarkEInvoiceSentArgs = {
  id: Scalars['ID']['input'];
  sdiIdentifier?: InputMaybe<Scalars['String']['input']>;
};


export type MutationReplayBillingIntegrationEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResendEInvoiceArgs = {
  id: Scalars['ID']['input'];
  refreshRecipient?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationUpdateBillingAccountSettingsArgs = {
  customerId: Scalars['ID']['input'];
  input: BillingAccountSettingsInput;
};


export type MutationVoidInvoiceArgs = {
  id: Scalars['ID']['input'];
};

export type ParticipantLeg = {
  __typename?: 'ParticipantLeg';
  id: Scalars['ID']['output'];
};

/** When an invoice is due: `days` after its issue date, or at the end of the month those days end in. */
export type PaymentTerms = {
  __typename?: 'PaymentTerms';
  days: Scalars['Int']['output'];
  endOfMonth: Scalars['Boolean']['output'];
};

export type PaymentTermsInput = {
  /** Days after the issue date, 0 to 365. */
  days: Scalars['Int']['input'];
  /** Due at the end of the month the days end in ("30 days end of month"). */
  endOfMonth?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** How many of this subgraph's integration events are in each direction and status. */
  billingIntegrationEventCounts: Array<IntegrationEventCount>;
  /**
   * This subgraph's integration events, newest first: those it sent and received, or of one
   * direction or status (PARKED: the ones waiting for a person, with their error). first: 1 to 500.
   */
  billingIntegrationEvents: Array<IntegrationEventRecord>;
  /** The credit note with this id, or null if there is none. */
  creditNote?: Maybe<CreditNote>;
  /**
   * The FatturaPA files themselves of the invoices and credit notes issued in `month` (YYYY-MM, in
   * the issuer's time zone): the latest file of each document, in issue order, each with its XML as
   * `Invoice.eInvoice` gives it. `first` 1 to 200 (default 50), after skipping `offset`.
   */
  eInvoiceFiles: Array<EInvoiceFile>;
  /**
   * The e-invoice files of the invoices and credit notes issued in `month` (YYYY-MM, in the
   * issuer's time zone, Europe/Rome): the latest file of each document, in issue order, of one
   * state if given (what is left to send, what SdI rejected). `first` 1 to 500 (default 100),
   * after skipping `offset`.
   */
  eInvoices: Array<EInvoiceStatus>;
  /** The invoice with this id, or null if there is none. */
  invoice?: Maybe<Invoice>;
  /** The invoice with this number (such as INV-2026-000123), or null if there is none. */
  invoiceByNumber?: Maybe<Invoice>;
};


export type QueryBillingIntegrationEventsArgs = {
  direction?: InputMaybe<IntegrationEventDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<IntegrationEventStatus>;
};


export type QueryCreditNoteArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEInvoiceFilesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  month: Scalars['String']['input'];
  offset?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEInvoicesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  month: Scalars['String']['input'];
  offset?: InputMaybe<Scalars['Int']['input']>;
  state?: InputMaybe<EInvoiceState>;
};


export type QueryInvoiceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryInvoiceByNumberArgs = {
  number: Scalars['String']['input'];
};

/** One error of a NotificaScarto, such as 00404 (duplicated invoice). */
export type SdiError = {
  __typename?: 'SdiError';
  code: Scalars['String']['output'];
  description: Scalars['String']['output'];
};

/** The SdI notification a change of state was recorded from. */
export type SdiNotificationType =
  | 'ATTESTAZIONE_TRASMISSIONE_FATTURA'
  | 'NOTIFICA_DECORRENZA_TERMINI'
  | 'NOTIFICA_ESITO'
  | 'NOTIFICA_MANCATA_CONSEGNA'
  | 'NOTIFICA_SCARTO'
  | 'RICEVUTA_CONSEGNA';

/** One piece of rated usage: a participant leg, or a per-conference charge such as recording. */
export type UsageCharge = {
  __typename?: 'UsageCharge';
  /** Charge before any rounding to the minor unit (6 decimals). */
  amount: Money;
  /** seconds rounded up to the rate's billing increment. */
  billedSeconds: Scalars['Int']['output'];
  billingIncrementSeconds: Scalars['Int']['output'];
  booking?: Maybe<Booking>;
  conference: Conference;
  contract?: Maybe<Contract>;
  id: Scalars['ID']['output'];
  /** The participant leg rated, or null for a per-conference charge. */
  leg?: Maybe<ParticipantLeg>;
  /** The id of leg, readable without asking conferencing. */
  legId?: Maybe<Scalars['ID']['output']>;
  /** When the usage happened (the leg joined, the conference started). */
  occurredAt: Scalars['DateTime']['output'];
  /** The sales contract rate applied. */
  rate?: Maybe<ContractRate>;
  /** Connection time as recorded by the bridge. */
  seconds: Scalars['Int']['output'];
  service: Scalars['String']['output'];
  unit: Scalars['String']['output'];
  unitPrice: Money;
};

/**
 * One line of a document's VAT summary (FatturaPA's DatiRiepilogo): per VAT rate, the sum of the
 * net amounts of its lines and the VAT on it, computed once, half-up to the minor unit. The
 * document's taxTotal is the sum of these taxAmounts.
 */
export type VatSummary = {
  __typename?: 'VatSummary';
  /** FatturaPA EsigibilitaIVA: I (VAT due now) or S (split payment: the public body pays the VAT to the State). */
  esigibilita: Scalars['String']['output'];
  /** The law that says why no VAT is charged (RiferimentoNormativo), with natura. */
  legalReference?: Maybe<Scalars['String']['output']>;
  /** FatturaPA Natura code (N1 to N7) of a zero rate; null when VAT is charged. */
  natura?: Maybe<Scalars['String']['output']>;
  /** VAT percentage, such as 22.00. */
  rate: Scalars['String']['output'];
  /** VAT on taxableAmount (Imposta). */
  taxAmount: Money;
  /** Sum of the net amounts of the lines at this rate (ImponibileImporto). */
  taxableAmount: Money;
};

export type VatTreatment = {
  __typename?: 'VatTreatment';
  /** FatturaPA EsigibilitaIVA: I (VAT due now), S (split payment). */
  esigibilita: Scalars['String']['output'];
  kind: VatTreatmentKind;
  /** The law that says why no VAT is charged (RiferimentoNormativo), when ZERO_RATED. */
  legalReference?: Maybe<Scalars['String']['output']>;
  /** FatturaPA Natura code when ZERO_RATED (N1, N2.1, N2.2, N3.1 to N3.6, N4, N5, N6.1 to N6.9, N7), else null. */
  natura?: Maybe<Scalars['String']['output']>;
  /** VAT percentage, such as "22.00"; "0.00" when ZERO_RATED. */
  rate: Scalars['String']['output'];
};

export type VatTreatmentInput = {
  kind: VatTreatmentKind;
  /** ZERO_RATED only: the law, at most 100 printable Latin-1 characters, such as "Operazione esente, art. 10 DPR 633/72". */
  legalReference?: InputMaybe<Scalars['String']['input']>;
  /** ZERO_RATED only: the FatturaPA Natura code. N2, N3 and N6 alone are refused (retired in 2021). */
  natura?: InputMaybe<Scalars['String']['input']>;
  /** Percentage for STANDARD and SPLIT_PAYMENT: 22 (the default), 10, 5 or 4. Leave out for ZERO_RATED. */
  rate?: InputMaybe<Scalars['String']['input']>;
};

/**
 * How an account's invoices are taxed. STANDARD: Italian VAT at a rate (22, or reduced 10, 5, 4).
 * ZERO_RATED: no VAT, with the FatturaPA Natura code and the law that says why (a service to an EU
 * business: N2.1, art. 7-ter DPR 633/72; an exempt service: N4). SPLIT_PAYMENT: for public bodies,
 * VAT at a rate that the body pays to the State itself (EsigibilitaIVA S): the invoice states the
 * VAT in its total, and amountDue, what the customer pays, is the net.
 */
export type VatTreatmentKind =
  | 'SPLIT_PAYMENT'
  | 'STANDARD'
  | 'ZERO_RATED';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  CreditNote: CreditNote;
  Customer: Customer;
  Invoice: Invoice;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  CreditNote:
    ( { __typename: 'CreditNote' }
    & GraphQLRecursivePick<FederationTypes['CreditNote'], {"id":true}> );
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
  Invoice:
    ( { __typename: 'Invoice' }
    & GraphQLRecursivePick<FederationTypes['Invoice'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BillingAccount: ResolverTypeWrapper<BillingAccountRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  BillingAccountSettings: ResolverTypeWrapper<BillingAccountSettingsRow>;
  BillingAccountSettingsInput: BillingAccountSettingsInput;
  BillingPeriod: ResolverTypeWrapper<BillingPeriodRow>;
  BillingPeriodCloseOutcome: ResolverTypeWrapper<BillingPeriodCloseOutcomeParent>;
  BillingPeriodCloseStatus: BillingPeriodCloseStatus;
  BillingPeriodClosing: ResolverTypeWrapper<BillingPeriodClosingParent>;
  BillingPeriodRule: BillingPeriodRule;
  BillingPeriodStatus: BillingPeriodStatus;
  BillingSummary: ResolverTypeWrapper<BillingSummaryParent>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Booking: ResolverTypeWrapper<EntityRef>;
  Conference: ResolverTypeWrapper<EntityRef>;
  Contract: ResolverTypeWrapper<EntityRef>;
  ContractRate: ResolverTypeWrapper<EntityRef>;
  CreditNote: ResolverTypeWrapper<CreditNoteRow>;
  CreditNoteLine: ResolverTypeWrapper<CreditNoteLineParent>;
  CreditNoteLineInput: CreditNoteLineInput;
  Customer: ResolverTypeWrapper<CustomerRef>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DraftInvoice: ResolverTypeWrapper<DraftInvoiceParent>;
  DraftInvoiceLine: ResolverTypeWrapper<DraftInvoiceLineParent>;
  EInvoiceFile: ResolverTypeWrapper<EInvoiceFile>;
  EInvoiceState: EInvoiceState;
  EInvoiceStatus: ResolverTypeWrapper<EInvoiceTransmissionRow>;
  EInvoiceTransition: ResolverTypeWrapper<EInvoiceTransitionParent>;
  EuroExchangeRateInput: EuroExchangeRateInput;
  IntegrationEventCount: ResolverTypeWrapper<IntegrationEventCount>;
  IntegrationEventDirection: IntegrationEventDirection;
  IntegrationEventRecord: ResolverTypeWrapper<IntegrationEventRecord>;
  IntegrationEventStatus: IntegrationEventStatus;
  Invoice: ResolverTypeWrapper<InvoiceRow>;
  InvoiceContract: ResolverTypeWrapper<InvoiceContractRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  InvoiceLine: ResolverTypeWrapper<InvoiceLineParent>;
  InvoiceRecipient: ResolverTypeWrapper<InvoiceRecipientRow>;
  InvoiceStatus: InvoiceStatus;
  IssueCreditNoteInput: IssueCreditNoteInput;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ParticipantLeg: ResolverTypeWrapper<EntityRef>;
  PaymentTerms: ResolverTypeWrapper<PaymentTermsParent>;
  PaymentTermsInput: PaymentTermsInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SdiError: ResolverTypeWrapper<SdiError>;
  SdiNotificationType: SdiNotificationType;
  UsageCharge: ResolverTypeWrapper<UsageChargeRow>;
  VatSummary: ResolverTypeWrapper<VatSummaryParent>;
  VatTreatment: ResolverTypeWrapper<VatTreatmentParent>;
  VatTreatmentInput: VatTreatmentInput;
  VatTreatmentKind: VatTreatmentKind;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BillingAccount: BillingAccountRow;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  BillingAccountSettings: BillingAccountSettingsRow;
  BillingAccountSettingsInput: BillingAccountSettingsInput;
  BillingPeriod: BillingPeriodRow;
  BillingPeriodCloseOutcome: BillingPeriodCloseOutcomeParent;
  BillingPeriodClosing: BillingPeriodClosingParent;
  BillingSummary: BillingSummaryParent;
  Int: Scalars['Int']['output'];
  Booking: EntityRef;
  Conference: EntityRef;
  Contract: EntityRef;
  ContractRate: EntityRef;
  CreditNote: CreditNoteRow;
  CreditNoteLine: CreditNoteLineParent;
  CreditNoteLineInput: CreditNoteLineInput;
  Customer: CustomerRef;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  DraftInvoice: DraftInvoiceParent;
  DraftInvoiceLine: DraftInvoiceLineParent;
  EInvoiceFile: EInvoiceFile;
  EInvoiceStatus: EInvoiceTransmissionRow;
  EInvoiceTransition: EInvoiceTransitionParent;
  EuroExchangeRateInput: EuroExchangeRateInput;
  IntegrationEventCount: IntegrationEventCount;
  IntegrationEventRecord: IntegrationEventRecord;
  Invoice: InvoiceRow;
  InvoiceContract: InvoiceContractRow;
  Boolean: Scalars['Boolean']['output'];
  InvoiceLine: InvoiceLineParent;
  InvoiceRecipient: InvoiceRecipientRow;
  IssueCreditNoteInput: IssueCreditNoteInput;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  ParticipantLeg: EntityRef;
  PaymentTerms: PaymentTermsParent;
  PaymentTermsInput: PaymentTermsInput;
  Query: Record<PropertyKey, never>;
  SdiError: SdiError;
  UsageCharge: UsageChargeRow;
  VatSummary: VatSummaryParent;
  VatTreatment: VatTreatmentParent;
  VatTreatmentInput: VatTreatmentInput;
}>;

export type BillingAccountResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingAccount'] = ResolversParentTypes['BillingAccount']> = ResolversObject<{
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  iban?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openPeriod?: Resolver<Maybe<ResolversTypes['BillingPeriod']>, ParentType, ContextType>;
  paymentTerms?: Resolver<ResolversTypes['PaymentTerms'], ParentType, ContextType>;
  periodRule?: Resolver<ResolversTypes['BillingPeriodRule'], ParentType, ContextType>;
  settingsHistory?: Resolver<Array<ResolversTypes['BillingAccountSettings']>, ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  upcomingSettings?: Resolver<Maybe<ResolversTypes['BillingAccountSettings']>, ParentType, ContextType>;
  vatRate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vatTreatment?: Resolver<ResolversTypes['VatTreatment'], ParentType, ContextType>;
}>;

export type BillingAccountSettingsResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingAccountSettings'] = ResolversParentTypes['BillingAccountSettings']> = ResolversObject<{
  effectiveFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  iban?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paymentTerms?: Resolver<ResolversTypes['PaymentTerms'], ParentType, ContextType>;
  periodRule?: Resolver<ResolversTypes['BillingPeriodRule'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vatTreatment?: Resolver<ResolversTypes['VatTreatment'], ParentType, ContextType>;
}>;

export type BillingPeriodResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingPeriod'] = ResolversParentTypes['BillingPeriod']> = ResolversObject<{
  endsOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  startsOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BillingPeriodStatus'], ParentType, ContextType>;
}>;

export type BillingPeriodCloseOutcomeResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingPeriodCloseOutcome'] = ResolversParentTypes['BillingPeriodCloseOutcome']> = ResolversObject<{
  closing?: Resolver<Maybe<ResolversTypes['BillingPeriodClosing']>, ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  failure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['BillingPeriod'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BillingPeriodCloseStatus'], ParentType, ContextType>;
}>;

export type BillingPeriodClosingResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingPeriodClosing'] = ResolversParentTypes['BillingPeriodClosing']> = ResolversObject<{
  closedPeriod?: Resolver<ResolversTypes['BillingPeriod'], ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  openPeriod?: Resolver<ResolversTypes['BillingPeriod'], ParentType, ContextType>;
}>;

export type BillingSummaryResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['BillingSummary'] = ResolversParentTypes['BillingSummary']> = ResolversObject<{
  billedMinutes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  billedSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  calls?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  chargesToDate?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  draftInvoice?: Resolver<Maybe<ResolversTypes['DraftInvoice']>, ParentType, ContextType>;
  endsOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  lastUsageAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  legs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  period?: Resolver<Maybe<ResolversTypes['BillingPeriod']>, ParentType, ContextType>;
  startsOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
}>;

export type BookingResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Booking'] = ResolversParentTypes['Booking']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ConferenceResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Conference'] = ResolversParentTypes['Conference']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ContractResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Contract'] = ResolversParentTypes['Contract']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ContractRateResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['ContractRate'] = ResolversParentTypes['ContractRate']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CreditNoteResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['CreditNote'] = ResolversParentTypes['CreditNote'], FederationReferenceType extends FederationReferenceTypes['CreditNote'] = FederationReferenceTypes['CreditNote']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CreditNote']> | FederationReferenceType, FederationReferenceType, ContextType>;
  eInvoice?: Resolver<ResolversTypes['EInvoiceFile'], ParentType, ContextType>;
  eInvoiceStatus?: Resolver<ResolversTypes['EInvoiceStatus'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoice?: Resolver<ResolversTypes['Invoice'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['CreditNoteLine']>, ParentType, ContextType>;
  netTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['InvoiceRecipient']>, ParentType, ContextType>;
  taxTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatSummary?: Resolver<Array<ResolversTypes['VatSummary']>, ParentType, ContextType>;
}>;

export type CreditNoteLineResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['CreditNoteLine'] = ResolversParentTypes['CreditNoteLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  invoiceLine?: Resolver<ResolversTypes['InvoiceLine'], ParentType, ContextType>;
  natura?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  taxAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatLegalReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatRate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  billingAccount?: Resolver<Maybe<ResolversTypes['BillingAccount']>, ParentType, ContextType>;
  billingAwaitingInvoice?: Resolver<Maybe<ResolversTypes['BillingSummary']>, ParentType, ContextType>;
  currentBilling?: Resolver<Maybe<ResolversTypes['BillingSummary']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoices?: Resolver<Maybe<Array<ResolversTypes['Invoice']>>, ParentType, ContextType, RequireFields<CustomerInvoicesArgs, 'first' | 'offset'>>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DraftInvoiceResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['DraftInvoice'] = ResolversParentTypes['DraftInvoice']> = ResolversObject<{
  amountDue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['DraftInvoiceLine']>, ParentType, ContextType>;
  netTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['BillingPeriod'], ParentType, ContextType>;
  taxTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatSummary?: Resolver<Array<ResolversTypes['VatSummary']>, ParentType, ContextType>;
  vatTreatment?: Resolver<ResolversTypes['VatTreatment'], ParentType, ContextType>;
}>;

export type DraftInvoiceLineResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['DraftInvoiceLine'] = ResolversParentTypes['DraftInvoiceLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  billedSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  charges?: Resolver<Array<ResolversTypes['UsageCharge']>, ParentType, ContextType, RequireFields<DraftInvoiceLineChargesArgs, 'first' | 'offset'>>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  natura?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taxAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatExemption?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatLegalReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatRate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type EInvoiceFileResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['EInvoiceFile'] = ResolversParentTypes['EInvoiceFile']> = ResolversObject<{
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['EInvoiceState'], ParentType, ContextType>;
  xml?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type EInvoiceStatusResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['EInvoiceStatus'] = ResolversParentTypes['EInvoiceStatus']> = ResolversObject<{
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  creditNote?: Resolver<Maybe<ResolversTypes['CreditNote']>, ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['EInvoiceTransition']>, ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  recipient?: Resolver<ResolversTypes['InvoiceRecipient'], ParentType, ContextType>;
  rejection?: Resolver<Array<ResolversTypes['SdiError']>, ParentType, ContextType>;
  sdiIdentifier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sentAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['EInvoiceState'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type EInvoiceTransitionResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['EInvoiceTransition'] = ResolversParentTypes['EInvoiceTransition']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromState?: Resolver<Maybe<ResolversTypes['EInvoiceState']>, ParentType, ContextType>;
  messageId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notification?: Resolver<Maybe<ResolversTypes['SdiNotificationType']>, ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sdiIdentifier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  toState?: Resolver<ResolversTypes['EInvoiceState'], ParentType, ContextType>;
}>;

export type IntegrationEventCountResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['IntegrationEventCount'] = ResolversParentTypes['IntegrationEventCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IntegrationEventDirection'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationEventStatus'], ParentType, ContextType>;
}>;

export type IntegrationEventRecordResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['IntegrationEventRecord'] = ResolversParentTypes['IntegrationEventRecord']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IntegrationEventDirection'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationEventStatus'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type InvoiceResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Invoice'] = ResolversParentTypes['Invoice'], FederationReferenceType extends FederationReferenceTypes['Invoice'] = FederationReferenceTypes['Invoice']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Invoice']> | FederationReferenceType, FederationReferenceType, ContextType>;
  amountDue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  contract?: Resolver<Maybe<ResolversTypes['InvoiceContract']>, ParentType, ContextType>;
  creditNotes?: Resolver<Array<ResolversTypes['CreditNote']>, ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  eInvoice?: Resolver<Maybe<ResolversTypes['EInvoiceFile']>, ParentType, ContextType>;
  eInvoiceStatus?: Resolver<Maybe<ResolversTypes['EInvoiceStatus']>, ParentType, ContextType>;
  euroExchangeRate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  issuedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['InvoiceLine']>, ParentType, ContextType>;
  netTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  number?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paymentDueOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  paymentIban?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<Maybe<ResolversTypes['BillingPeriod']>, ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['InvoiceRecipient']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvoiceStatus'], ParentType, ContextType>;
  taxTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatSummary?: Resolver<Array<ResolversTypes['VatSummary']>, ParentType, ContextType>;
}>;

export type InvoiceContractResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['InvoiceContract'] = ResolversParentTypes['InvoiceContract']> = ResolversObject<{
  cig?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cigExempt?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  cup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startsOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
}>;

export type InvoiceLineResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['InvoiceLine'] = ResolversParentTypes['InvoiceLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  billedSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  charges?: Resolver<Array<ResolversTypes['UsageCharge']>, ParentType, ContextType, RequireFields<InvoiceLineChargesArgs, 'first' | 'offset'>>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  natura?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taxAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  vatExemption?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatLegalReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatRate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type InvoiceRecipientResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['InvoiceRecipient'] = ResolversParentTypes['InvoiceRecipient']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fiscalCategory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fiscalCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  legalName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pecAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  province?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  publicOfficeCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  recordedAtIssue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sdiRecipientCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  street?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vatNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  closeBillingPeriod?: Resolver<ResolversTypes['BillingPeriodClosing'], ParentType, ContextType, RequireFields<MutationCloseBillingPeriodArgs, 'customerId'>>;
  closeBillingPeriods?: Resolver<Array<ResolversTypes['BillingPeriodCloseOutcome']>, ParentType, ContextType, RequireFields<MutationCloseBillingPeriodsArgs, 'endedOn'>>;
  importSdiNotification?: Resolver<ResolversTypes['EInvoiceStatus'], ParentType, ContextType, RequireFields<MutationImportSdiNotificationArgs, 'xml'>>;
  issueCreditNote?: Resolver<ResolversTypes['CreditNote'], ParentType, ContextType, RequireFields<MutationIssueCreditNoteArgs, 'input'>>;
  markEInvoiceSent?: Resolver<ResolversTypes['EInvoiceStatus'], ParentType, ContextType, RequireFields<MutationMarkEInvoiceSentArgs, 'id'>>;
  replayBillingIntegrationEvent?: Resolver<ResolversTypes['IntegrationEventRecord'], ParentType, ContextType, RequireFields<MutationReplayBillingIntegrationEventArgs, 'id'>>;
  resendEInvoice?: Resolver<ResolversTypes['EInvoiceStatus'], ParentType, ContextType, RequireFields<MutationResendEInvoiceArgs, 'id' | 'refreshRecipient'>>;
  updateBillingAccountSettings?: Resolver<ResolversTypes['BillingAccount'], ParentType, ContextType, RequireFields<MutationUpdateBillingAccountSettingsArgs, 'customerId' | 'input'>>;
  voidInvoice?: Resolver<ResolversTypes['Invoice'], ParentType, ContextType, RequireFields<MutationVoidInvoiceArgs, 'id'>>;
}>;

export type ParticipantLegResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['ParticipantLeg'] = ResolversParentTypes['ParticipantLeg']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type PaymentTermsResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['PaymentTerms'] = ResolversParentTypes['PaymentTerms']> = ResolversObject<{
  days?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  endOfMonth?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  billingIntegrationEventCounts?: Resolver<Array<ResolversTypes['IntegrationEventCount']>, ParentType, ContextType>;
  billingIntegrationEvents?: Resolver<Array<ResolversTypes['IntegrationEventRecord']>, ParentType, ContextType, RequireFields<QueryBillingIntegrationEventsArgs, 'first'>>;
  creditNote?: Resolver<Maybe<ResolversTypes['CreditNote']>, ParentType, ContextType, RequireFields<QueryCreditNoteArgs, 'id'>>;
  eInvoiceFiles?: Resolver<Array<ResolversTypes['EInvoiceFile']>, ParentType, ContextType, RequireFields<QueryEInvoiceFilesArgs, 'first' | 'month' | 'offset'>>;
  eInvoices?: Resolver<Array<ResolversTypes['EInvoiceStatus']>, ParentType, ContextType, RequireFields<QueryEInvoicesArgs, 'first' | 'month' | 'offset'>>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType, RequireFields<QueryInvoiceArgs, 'id'>>;
  invoiceByNumber?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType, RequireFields<QueryInvoiceByNumberArgs, 'number'>>;
}>;

export type SdiErrorResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['SdiError'] = ResolversParentTypes['SdiError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UsageChargeResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['UsageCharge'] = ResolversParentTypes['UsageCharge']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  billedSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  billingIncrementSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  booking?: Resolver<Maybe<ResolversTypes['Booking']>, ParentType, ContextType>;
  conference?: Resolver<ResolversTypes['Conference'], ParentType, ContextType>;
  contract?: Resolver<Maybe<ResolversTypes['Contract']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  leg?: Resolver<Maybe<ResolversTypes['ParticipantLeg']>, ParentType, ContextType>;
  legId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['ContractRate']>, ParentType, ContextType>;
  seconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type VatSummaryResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['VatSummary'] = ResolversParentTypes['VatSummary']> = ResolversObject<{
  esigibilita?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  natura?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taxAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  taxableAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type VatTreatmentResolvers<ContextType = BillingContext, ParentType extends ResolversParentTypes['VatTreatment'] = ResolversParentTypes['VatTreatment']> = ResolversObject<{
  esigibilita?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['VatTreatmentKind'], ParentType, ContextType>;
  legalReference?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  natura?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = BillingContext> = ResolversObject<{
  BillingAccount?: BillingAccountResolvers<ContextType>;
  BillingAccountSettings?: BillingAccountSettingsResolvers<ContextType>;
  BillingPeriod?: BillingPeriodResolvers<ContextType>;
  BillingPeriodCloseOutcome?: BillingPeriodCloseOutcomeResolvers<ContextType>;
  BillingPeriodClosing?: BillingPeriodClosingResolvers<ContextType>;
  BillingSummary?: BillingSummaryResolvers<ContextType>;
  Booking?: BookingResolvers<ContextType>;
  Conference?: ConferenceResolvers<ContextType>;
  Contract?: ContractResolvers<ContextType>;
  ContractRate?: ContractRateResolvers<ContextType>;
  CreditNote?: CreditNoteResolvers<ContextType>;
  CreditNoteLine?: CreditNoteLineResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  DraftInvoice?: DraftInvoiceResolvers<ContextType>;
  DraftInvoiceLine?: DraftInvoiceLineResolvers<ContextType>;
  EInvoiceFile?: EInvoiceFileResolvers<ContextType>;
  EInvoiceStatus?: EInvoiceStatusResolvers<ContextType>;
  EInvoiceTransition?: EInvoiceTransitionResolvers<ContextType>;
  IntegrationEventCount?: IntegrationEventCountResolvers<ContextType>;
  IntegrationEventRecord?: IntegrationEventRecordResolvers<ContextType>;
  Invoice?: InvoiceResolvers<ContextType>;
  InvoiceContract?: InvoiceContractResolvers<ContextType>;
  InvoiceLine?: InvoiceLineResolvers<ContextType>;
  InvoiceRecipient?: InvoiceRecipientResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  ParticipantLeg?: ParticipantLegResolvers<ContextType>;
  PaymentTerms?: PaymentTermsResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SdiError?: SdiErrorResolvers<ContextType>;
  UsageCharge?: UsageChargeResolvers<ContextType>;
  VatSummary?: VatSummaryResolvers<ContextType>;
  VatTreatment?: VatTreatmentResolvers<ContextType>;
}>;

