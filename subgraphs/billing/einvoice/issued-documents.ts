/**
 * From what billing issued to what a FatturaPA file says: `eInvoiceDocumentOf` maps an issued
 * invoice (TD01), `creditNoteEInvoiceDocumentOf` a credit note (TD04, naming its invoice in
 * DatiFattureCollegate). Pure: the caller reads the rows (the invoice, its lines, its recorded
 * recipient) and the issuer configuration, and supplies what billing does not hold yet.
 *
 * Nothing is recomputed: amounts, VAT per rate and the recipient are the stored ones, so a
 * document exported twice, years apart, is the same file.
 *
 * The VAT treatment is each line's own (its Natura, legal reference and EsigibilitaIVA, stored
 * when it was issued); `treatment` only stands in for lines that carry none (documents built by
 * hand in tests), defaulting to VAT due at once and no Natura, so a zero-rated line without one is
 * refused (CONFLICT) rather than exported with a guessed Natura. `progressive` (ProgressivoInvio,
 * which also names the file) is the document's file's, from its transmission.
 *
 * A document in another currency than EUR is written in euro at its invoice's exchange rate
 * (invoicing/euro-exchange-rates.ts): each amount converted and rounded to the cent, the VAT per
 * rate computed again in euro on the converted taxable amount, and the conversion stated in
 * Causale; one issued before rates were recorded is refused (CONFLICT).
 */
import { Decimal } from 'decimal.js';
import { conflict } from '../../shared/errors.js';
import type { EInvoicingConfig } from '../config.js';
import { isoDay, localDate } from '../invoicing/periods.js';
import { ISSUER_TIME_ZONE } from '../invoicing/numbering.js';
import { creditedVatOfRate, rateKey, vatOfRate, vatSummaryOf } from '../invoicing/vat.js';
import { inEuro } from '../invoicing/euro-exchange-rates.js';
import { contractReferenceOf } from '../invoicing/invoice-contracts.js';
import { FIELD_LIMITS } from './check-document.js';
import type { EInvoiceDelivery, EInvoiceDocument, EInvoiceLine, EInvoiceRecipient, EsigibilitaIVA, Natura } from './document.js';

type Decimalish = { toString(): string };

/** The VAT terms billing stored on an issued line (null or absent on a line built without them). */
export interface StoredLineVatTerms {
  natura?: string | null;
  vatLegalReference?: string | null;
  vatEsigibilita?: string | null;
}

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

export interface IssuedInvoiceLine extends StoredLineVatTerms {
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
  /** Units of `currency` per euro at issue; null (or absent) in EUR. */
  euroExchangeRate?: Decimalish | null;
  /** The billing period the invoice is for (DataInizioPeriodo, DataFinePeriodo on each line). */
  period?: { startsOn: Date; endsOn: Date } | null;
  /** The contract recorded at issue (InvoiceContract), named in DatiContratto when it has a CIG or CUP. */
  contract?: RecordedContract | null;
  lines: IssuedInvoiceLine[];
}

/** The contract as the invoice recorded it (an InvoiceContract row). */
export interface RecordedContract {
  number: string;
  startsOn: Date;
  cig: string | null;
  cup: string | null;
}

export interface IssuedCreditNote {
  id: string;
  number: string;
  currency: string;
  issuedAt: Date;
  reason: string;
  lines: ({ description: string; amount: Decimalish; vatRate: Decimalish; taxAmount: Decimalish } & StoredLineVatTerms)[];
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
  const euro = euroConversionOf(`Invoice ${invoice.number}`, invoice.currency, invoice.euroExchangeRate);
  const date = exportDate(invoice.issuedAt);
  const period = invoice.period ? { periodStart: isoDay(invoice.period.startsOn), periodEnd: isoDay(invoice.period.endsOn) } : {};
  const lines = invoice.lines.map((line): EInvoiceLine => {
    // Per minute, the exact minutes billed (seconds / 60 to 8 decimals), so Quantita × PrezzoUnitario is the amount as SdI recomputes it.
    const quantity = line.unit === 'MINUTE' ? new Decimal(line.billedSeconds).dividedBy(60).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toString() : line.quantity.toString();
    const amount = euro.amount(line.amount);
    return {
      description: line.description,
      quantity,
      unit: UNITS[line.unit] ?? line.unit.slice(0, 10),
      unitPrice: euro.unitPrice(line.unitPrice, quantity, amount),
      amount,
      vatRate: new Decimal(line.vatRate.toString()).toFixed(2),
      natura: naturaOf(`Invoice ${invoice.number}`, line, treatment),
      ...period,
    };
  });
  return {
    issuer: config.issuer,
    progressive,
    recipient: eInvoiceRecipientOf(recipient),
    kind: 'TD01',
    number: invoice.number,
    date,
    currency: 'EUR',
    ...contractOf(invoice.contract),
    ...(euro.statement ? { reason: euro.statement } : {}),
    lines,
    vatSummary: summaryOf(invoice.lines, treatment, euro),
    payment: { iban: config.iban, dueDate: addDays(date, config.paymentDays) },
  };
}

/** A credit note goes to its invoice's recipient and names the invoice it corrects. */
export function creditNoteEInvoiceDocumentOf(
  note: IssuedCreditNote,
  invoice: { number: string; issuedAt: Date; euroExchangeRate?: Decimalish | null; contract?: RecordedContract | null; lines?: TaxedStoredLine[]; creditNotes?: { id: string; lines: TaxedStoredLine[] }[] },
  recipient: RecordedRecipient,
  { config, progressive, treatment = DEFAULT_EXPORT_VAT_TREATMENT }: ExportTerms,
): EInvoiceDocument {
  // A correction is converted at the rate of the operation it corrects: its invoice's.
  const euro = euroConversionOf(`Credit note ${note.number}`, note.currency, invoice.euroExchangeRate);
  const euroVat = euro.statement && invoice.lines && invoice.creditNotes ? euroVatOfCreditNotes(invoice.lines, invoice.creditNotes, euro).get(note.id) : undefined;
  const lines = note.lines.map((line): EInvoiceLine => ({
    description: line.description,
    quantity: '1',
    unitPrice: euro.amount(line.amount),
    amount: euro.amount(line.amount),
    vatRate: new Decimal(line.vatRate.toString()).toFixed(2),
    natura: naturaOf(`Credit note ${note.number}`, line, treatment),
  }));
  return {
    issuer: config.issuer,
    progressive,
    recipient: eInvoiceRecipientOf(recipient),
    kind: 'TD04',
    number: note.number,
    date: exportDate(note.issuedAt),
    currency: 'EUR',
    ...contractOf(invoice.contract),
    linkedInvoice: { number: invoice.number, date: exportDate(invoice.issuedAt) },
    reason: euro.statement ? `${note.reason}. ${euro.statement}` : note.reason,
    lines,
    vatSummary: summaryOf(note.lines, treatment, euro, euroVat),
  };
}

/** DatiContratto, when the invoice's contract has a CIG or CUP; a credit note names its invoice's. */
function contractOf(contract: RecordedContract | null | undefined): Pick<EInvoiceDocument, 'contract'> {
  const reference = contractReferenceOf(contract ?? null);
  return reference ? { contract: reference } : {};
}

/** The CessionarioCommittente of a recorded recipient, with the delivery channel its codes imply. */
export function eInvoiceRecipientOf(recipient: RecordedRecipient): EInvoiceRecipient {
  const vatNumber = recipient.vatNumber ? { country: recipient.vatNumber.slice(0, 2), code: recipient.vatNumber.slice(2) } : undefined;
  return {
    ...(vatNumber ? { vatNumber } : {}),
    ...(recipient.fiscalCode ? { fiscalCode: recipient.fiscalCode } : {}),
    name: recipient.legalName,
    address: {
      street: fiscalStreetOf(recipient),
      postalCode: recipient.postalCode,
      city: recipient.city,
      ...(recipient.country === 'IT' && recipient.province ? { province: recipient.province } : {}),
      country: recipient.country,
    },
    delivery: deliveryOf(recipient),
  };
}

/**
 * Indirizzo holds one line of at most 60 characters: the second address line (a building, a
 * floor) is added when it fits, and otherwise left out, as a postal detail the fiscal address
 * does not need; the street itself is checked to fit when the customer is saved.
 */
function fiscalStreetOf(recipient: Pick<RecordedRecipient, 'street' | 'street2'>): string {
  const joined = recipient.street2 ? `${recipient.street}, ${recipient.street2}` : recipient.street;
  return [...joined].length <= FIELD_LIMITS.street ? joined : recipient.street;
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

type TaxedStoredLine = { amount: Decimalish; vatRate: Decimalish; taxAmount: Decimalish } & StoredLineVatTerms;

/** The line's stored terms; the document-wide stand-in only for what the line does not carry. */
function vatTermsOf(line: TaxedStoredLine, treatment: ExportVatTreatment): { esigibilita: EsigibilitaIVA; natura?: Natura; legalReference?: string } {
  const esigibilita = (line.vatEsigibilita ?? treatment.esigibilita) as EsigibilitaIVA;
  if (!new Decimal(line.vatRate.toString()).isZero()) return { esigibilita };
  if (line.natura) return { esigibilita, natura: line.natura as Natura, ...(line.vatLegalReference ? { legalReference: line.vatLegalReference } : {}) };
  return treatment.zeroRate ? { esigibilita, ...treatment.zeroRate } : { esigibilita };
}

function naturaOf(what: string, line: TaxedStoredLine, treatment: ExportVatTreatment): Natura | undefined {
  if (!new Decimal(line.vatRate.toString()).isZero()) return undefined;
  const { natura } = vatTermsOf(line, treatment);
  if (!natura) {
    throw conflict(`${what} has a zero-rated line without a Natura (N1 to N7) and legal reference, which FatturaPA needs: it cannot be exported. Set the account's VAT treatment (updateBillingAccountSettings, ZERO_RATED with its natura and legalReference) before its next invoice; this document is corrected by a credit note.`);
  }
  return natura;
}

/**
 * The euro VAT per rate each credit note of an invoice outside the euro credits, in issue order:
 * counted as billing counts it in the invoice's currency (creditedVatOfRate), on the euro amounts,
 * so the euro VAT credited on a rate never exceeds the euro VAT its invoice's file charged.
 */
function euroVatOfCreditNotes(invoiceLines: TaxedStoredLine[], notes: { id: string; lines: TaxedStoredLine[] }[], euro: EuroConversion): Map<string, Map<string, Decimal>> {
  const taxableByRate = (lines: TaxedStoredLine[]) => {
    const sums = new Map<string, { vatRate: string; taxable: Decimal }>();
    for (const line of lines) {
      const key = rateKey({ vatRate: line.vatRate.toString(), natura: line.natura ?? null, vatEsigibilita: line.vatEsigibilita ?? 'I' });
      const sum = sums.get(key) ?? { vatRate: line.vatRate.toString(), taxable: new Decimal(0) };
      sums.set(key, { ...sum, taxable: sum.taxable.plus(euro.amount(line.amount)) });
    }
    return sums;
  };
  const charged = new Map([...taxableByRate(invoiceLines)].map(([key, { vatRate, taxable }]) => [key, { taxableAmount: taxable, taxAmount: vatOfRate(taxable, vatRate, 'EUR') }]));
  const creditedBefore = new Map<string, { taxableAmount: Decimal; taxAmount: Decimal }>();
  const byNote = new Map<string, Map<string, Decimal>>();
  for (const note of notes) {
    const vatByRate = new Map<string, Decimal>();
    for (const [key, { vatRate, taxable }] of taxableByRate(note.lines)) {
      const before = creditedBefore.get(key) ?? { taxableAmount: new Decimal(0), taxAmount: new Decimal(0) };
      const vat = creditedVatOfRate({ vatRate, net: taxable, charged: charged.get(key) ?? { taxableAmount: 0, taxAmount: 0 }, creditedBefore: before, currency: 'EUR' });
      vatByRate.set(key, vat);
      creditedBefore.set(key, { taxableAmount: before.taxableAmount.plus(taxable), taxAmount: before.taxAmount.plus(vat) });
    }
    byNote.set(note.id, vatByRate);
  }
  return byNote;
}

function summaryOf(lines: TaxedStoredLine[], treatment: ExportVatTreatment, euro: EuroConversion, euroVat?: ReadonlyMap<string, Decimal>): EInvoiceDocument['vatSummary'] {
  const withTerms = lines.map((line) => {
    const terms = vatTermsOf(line, treatment);
    return { amount: euro.amount(line.amount), vatRate: line.vatRate.toString(), taxAmount: line.taxAmount.toString(), natura: terms.natura ?? null, vatLegalReference: terms.legalReference ?? null, vatEsigibilita: terms.esigibilita };
  });
  return vatSummaryOf(withTerms, 'EUR').map((row) => ({
    vatRate: row.vatRate,
    taxableAmount: row.taxableAmount,
    // The VAT billing stored is in the document's currency; in euro it is counted again, per rate.
    vat: euro.statement
      ? (euroVat?.get(rateKey({ vatRate: row.vatRate, natura: row.natura, vatEsigibilita: row.esigibilita })) ?? vatOfRate(row.taxableAmount, row.vatRate, 'EUR')).toFixed(2)
      : row.taxAmount,
    esigibilita: row.esigibilita as EsigibilitaIVA,
    ...(row.natura ? { natura: row.natura as Natura, ...(row.legalReference ? { legalReference: row.legalReference } : {}) } : {}),
  }));
}

/** How a document's amounts become the file's euro amounts, and what Causale says about it (null in EUR). */
interface EuroConversion {
  amount(value: Decimalish): string;
  unitPrice(value: Decimalish, quantity: string, euroAmount: string): string;
  statement: string | null;
}

const EURO: EuroConversion = { amount: (value) => new Decimal(value.toString()).toFixed(2), unitPrice: (value) => value.toString(), statement: null };

function euroConversionOf(what: string, currency: string, perEuro: Decimalish | null | undefined): EuroConversion {
  if (currency === 'EUR') return EURO;
  if (perEuro == null) {
    throw conflict(`${what} is in ${currency} and was issued before billing recorded euro exchange rates: its FatturaPA file cannot state its VAT in euro. Correct it by a credit note and invoice again with the rate (closeBillingPeriod's euroExchangeRates).`, { currency });
  }
  const rate = new Decimal(perEuro.toString());
  return {
    amount: (value) => inEuro(value.toString(), rate).toFixed(2),
    // The converted line amount over its quantity, not the converted price: the line was rounded in
    // its own currency before conversion, and SdI wants Quantita × PrezzoUnitario = PrezzoTotale.
    unitPrice: (value, quantity, euroAmount) =>
      (new Decimal(quantity).isZero() ? new Decimal(value.toString()).dividedBy(rate) : new Decimal(euroAmount).dividedBy(quantity)).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed(),
    statement: `Importi in euro al cambio di ${rate.toFixed()} ${currency} per 1 EUR del giorno di emissione (art. 13 DPR 633/72); documento emesso in ${currency}`,
  };
}

function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
