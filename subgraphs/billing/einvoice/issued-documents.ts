/**
 * From what billing issued to what a FatturaPA file says: `eInvoiceDocumentOf` maps an issued
 * invoice (TD01), `creditNoteEInvoiceDocumentOf` a credit note (TD04, naming its invoice in
 * DatiFattureCollegate). Pure: the caller reads the rows (the invoice, its lines, its recorded
 * recipient) and the issuer configuration, and supplies what billing does not hold yet.
 *
 * Nothing is recomputed: amounts, VAT per rate and the recipient are the stored ones, so a
 * document exported twice, years apart, is the same file.
 *
 * Temporary, until billing stores them per account and per document (issue 15):
 * - `progressive` (ProgressivoInvio, which also names the file) is a parameter;
 * - the VAT treatment is a parameter defaulting to VAT due at once (esigibilità I) and no Natura,
 *   so a zero-rated line without a treatment is refused (CONFLICT) rather than exported with a
 *   Natura guessed from the old reverse-charge flag.
 */
import { Decimal } from 'decimal.js';
import { conflict } from '../../shared/errors.js';
import type { EInvoicingConfig } from '../config.js';
import { isoDay, localDate } from '../invoicing/periods.js';
import { ISSUER_TIME_ZONE } from '../invoicing/numbering.js';
import { vatSummaryOf } from '../invoicing/vat.js';
import type { EInvoiceDelivery, EInvoiceDocument, EInvoiceLine, EInvoiceRecipient, EsigibilitaIVA, Natura } from './document.js';

type Decimalish = { toString(): string };

/** The recipient as the invoice recorded it (an InvoiceRecipient row). */
export interface RecordedRecipient {
  fiscalCategory: string;
  legalName: string;
  vatNumber: string | null;
  fiscalCode: string | null;
  sdiRecipientCode: string | null;
  pecAddress: string | null;
  street: string;
  street2: string | null;
  postalCode: string;
  city: string;
  province: string | null;
  country: string;
}

export interface IssuedInvoiceLine {
  description: string;
  quantity: Decimalish;
  unit: string;
  billedSeconds: number;
  unitPrice: Decimalish;
  amount: Decimalish;
  vatRate: Decimalish;
  taxAmount: Decimalish;
}

export interface IssuedInvoice {
  id: string;
  number: string | null;
  status: string;
  currency: string;
  issuedAt: Date | null;
  /** The billing period the invoice is for (DataInizioPeriodo, DataFinePeriodo on each line). */
  period?: { startsOn: Date; endsOn: Date } | null;
  lines: IssuedInvoiceLine[];
}

export interface IssuedCreditNote {
  id: string;
  number: string;
  currency: string;
  issuedAt: Date;
  reason: string;
  lines: { description: string; amount: Decimalish; vatRate: Decimalish; taxAmount: Decimalish }[];
}

/** How the document's VAT is due, and why a zero rate charges none; one treatment per document. */
export interface ExportVatTreatment {
  esigibilita: EsigibilitaIVA;
  /** Required when a line is zero-rated, with the law that says why. */
  zeroRate?: { natura: Natura; legalReference: string };
}

/** Temporary default: VAT due at once, and no reason known for a zero rate. */
export const DEFAULT_EXPORT_VAT_TREATMENT: ExportVatTreatment = { esigibilita: 'I' };

export interface ExportTerms {
  config: EInvoicingConfig;
  /** ProgressivoInvio: up to 5 letters or digits, unique among the issuer's files. */
  progressive: string;
  treatment?: ExportVatTreatment;
}

/** FatturaPA's units are free text of at most 10 characters; billing's are names of its own. */
const UNITS: Record<string, string> = { MINUTE: 'min', CALL: 'chiamata' };

const exportDate = (at: Date) => localDate(at, ISSUER_TIME_ZONE);

export function eInvoiceDocumentOf(invoice: IssuedInvoice, recipient: RecordedRecipient, { config, progressive, treatment = DEFAULT_EXPORT_VAT_TREATMENT }: ExportTerms): EInvoiceDocument {
  if (invoice.status === 'DRAFT' || !invoice.number || !invoice.issuedAt) throw conflict(`Invoice ${invoice.id} is a draft: only an issued invoice has a FatturaPA file.`, { invoiceId: invoice.id });
  inEuro(`Invoice ${invoice.number}`, invoice.currency);
  const date = exportDate(invoice.issuedAt);
  const period = invoice.period ? { periodStart: isoDay(invoice.period.startsOn), periodEnd: isoDay(invoice.period.endsOn) } : {};
  const lines = invoice.lines.map((line): EInvoiceLine => ({
    description: line.description,
    // Per minute, the exact minutes billed (seconds / 60 to 8 decimals), so Quantita × PrezzoUnitario is the amount as SdI recomputes it.
    quantity: line.unit === 'MINUTE' ? new Decimal(line.billedSeconds).dividedBy(60).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toString() : line.quantity.toString(),
    unit: UNITS[line.unit] ?? line.unit.slice(0, 10),
    unitPrice: line.unitPrice.toString(),
    amount: new Decimal(line.amount.toString()).toFixed(2),
    vatRate: new Decimal(line.vatRate.toString()).toFixed(2),
    natura: naturaOf(`Invoice ${invoice.number}`, line.vatRate, treatment),
    ...period,
  }));
  return {
    issuer: config.issuer,
    progressive,
    recipient: eInvoiceRecipientOf(recipient),
    kind: 'TD01',
    number: invoice.number,
    date,
    currency: 'EUR',
    lines,
    vatSummary: summaryOf(invoice.lines, treatment),
    payment: { iban: config.iban, dueDate: addDays(date, config.paymentDays) },
  };
}

/** A credit note goes to its invoice's recipient and names the invoice it corrects. */
export function creditNoteEInvoiceDocumentOf(
  note: IssuedCreditNote,
  invoice: { number: string; issuedAt: Date },
  recipient: RecordedRecipient,
  { config, progressive, treatment = DEFAULT_EXPORT_VAT_TREATMENT }: ExportTerms,
): EInvoiceDocument {
  inEuro(`Credit note ${note.number}`, note.currency);
  const lines = note.lines.map((line): EInvoiceLine => ({
    description: line.description,
    quantity: '1',
    unitPrice: new Decimal(line.amount.toString()).toFixed(2),
    amount: new Decimal(line.amount.toString()).toFixed(2),
    vatRate: new Decimal(line.vatRate.toString()).toFixed(2),
    natura: naturaOf(`Credit note ${note.number}`, line.vatRate, treatment),
  }));
  return {
    issuer: config.issuer,
    progressive,
    recipient: eInvoiceRecipientOf(recipient),
    kind: 'TD04',
    number: note.number,
    date: exportDate(note.issuedAt),
    currency: 'EUR',
    linkedInvoice: { number: invoice.number, date: exportDate(invoice.issuedAt) },
    reason: note.reason,
    lines,
    vatSummary: summaryOf(note.lines, treatment),
  };
}

/** The CessionarioCommittente of a recorded recipient, with the delivery channel its codes imply. */
export function eInvoiceRecipientOf(recipient: RecordedRecipient): EInvoiceRecipient {
  const vatNumber = recipient.vatNumber ? { country: recipient.vatNumber.slice(0, 2), code: recipient.vatNumber.slice(2) } : undefined;
  return {
    ...(vatNumber ? { vatNumber } : {}),
    ...(recipient.fiscalCode ? { fiscalCode: recipient.fiscalCode } : {}),
    name: recipient.legalName,
    address: {
      street: recipient.street2 ? `${recipient.street}, ${recipient.street2}` : recipient.street,
      postalCode: recipient.postalCode,
      city: recipient.city,
      ...(recipient.country === 'IT' && recipient.province ? { province: recipient.province } : {}),
      country: recipient.country,
    },
    delivery: deliveryOf(recipient),
  };
}

function deliveryOf(recipient: RecordedRecipient): EInvoiceDelivery {
  const code = recipient.sdiRecipientCode;
  if (recipient.fiscalCategory === 'ITALIAN_PUBLIC_BODY') {
    if (!code) throw conflict(`${recipient.legalName} is a public body without an office code (CodiceUnivocoUfficio) on record: its invoices cannot be sent to SdI.`);
    return { channel: 'publicOffice', officeCode: code };
  }
  if (recipient.country !== 'IT' || code === 'XXXXXXX') return { channel: 'abroad' };
  if (recipient.pecAddress) return { channel: 'pec', address: recipient.pecAddress };
  // No code and no PEC: SdI files it in the recipient's reserved area (0000000), as for a private person.
  return { channel: 'recipientCode', code: code ?? '0000000' };
}

function naturaOf(what: string, vatRate: Decimalish, treatment: ExportVatTreatment): Natura | undefined {
  if (!new Decimal(vatRate.toString()).isZero()) return undefined;
  if (!treatment.zeroRate) {
    throw conflict(`${what} has a zero-rated line, and FatturaPA needs its Natura (N1 to N7) and legal reference, which billing does not record yet: it cannot be exported until the account's VAT treatment says why no VAT is charged.`);
  }
  return treatment.zeroRate.natura;
}

function summaryOf(lines: { amount: Decimalish; vatRate: Decimalish; taxAmount: Decimalish }[], treatment: ExportVatTreatment): EInvoiceDocument['vatSummary'] {
  const rows = vatSummaryOf(lines.map((line) => ({ amount: line.amount.toString(), vatRate: line.vatRate.toString(), taxAmount: line.taxAmount.toString() })), 'EUR');
  return rows.map((row) => {
    const zero = new Decimal(row.vatRate).isZero() ? treatment.zeroRate : undefined;
    return {
      vatRate: row.vatRate,
      taxableAmount: row.taxableAmount,
      vat: row.taxAmount,
      esigibilita: treatment.esigibilita,
      ...(zero ? { natura: zero.natura, legalReference: zero.legalReference } : {}),
    };
  });
}

function inEuro(what: string, currency: string): void {
  if (currency !== 'EUR') throw conflict(`${what} is in ${currency}: a FatturaPA file states amounts in euro, and billing records no exchange rate to convert them.`, { currency });
}

function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
