/**
 * Refuses, before any XML is built, a document SdI would reject for its form: field lengths and
 * alphabets of Schema_VFPR12_v1.2.3, Italian fiscal codes with their check characters, the
 * recipient's delivery channel, decimals of every amount, Natura exactly where the rate is zero.
 * Every problem is reported at once, each naming its field (`recipient.name`, `lines[2].natura`).
 */
import { Decimal } from 'decimal.js';
import { GraphQLError } from 'graphql';
import { codiceFiscaleProblem, ibanProblem, partitaIvaProblem } from './fiscal-codes.js';
import { NATURE, REGIMI_FISCALI, type DecimalInput, type EInvoiceAddress, type EInvoiceDocument, type EInvoiceIssuer } from './document.js';

export interface EInvoiceIssue {
  field: string;
  message: string;
}

// FatturaPA's "Latin" strings allow Basic Latin and the Latin-1 Supplement; control characters
// would be refused by SdI or break the line they are printed on.
export const LATIN1_PRINTABLE = /^[\u0020-\u007E\u00A0-\u00FF]*$/;
const ASCII_PRINTABLE = /^[\u0020-\u007E]*$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const FIELD_LIMITS = {
  name: 80,
  street: 60,
  city: 60,
  streetNumber: 8,
  description: 1000,
  legalReference: 100,
  number: 20,
  unit: 10,
  reasonBlock: 200,
  reasonBlocks: 10,
  reaNumber: 20,
  /** CodiceCIG and CodiceCUP (a CIG has 10 characters, a CUP 15). */
  procurementCode: 15,
} as const;

class IssueCollector {
  readonly issues: EInvoiceIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  text(field: string, value: string | undefined, maxLength: number, alphabet: 'latin1' | 'ascii', required = true): void {
    if (value === undefined) {
      if (required) this.add(field, 'is required');
      return;
    }
    if (value.trim() === '') return this.add(field, 'must not be blank');
    const length = [...value].length;
    if (length > maxLength) this.add(field, `is ${length} characters long; FatturaPA allows at most ${maxLength}`);
    const allowed = alphabet === 'latin1' ? LATIN1_PRINTABLE : ASCII_PRINTABLE;
    if (!allowed.test(value)) {
      const offending = [...value].find((character) => !allowed.test(character))!;
      const codePoint = `U+${offending.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      this.add(field, `contains "${offending}" (${codePoint}); FatturaPA allows only ${alphabet === 'latin1' ? 'printable Latin-1 characters (Western European letters, digits, punctuation)' : 'printable ASCII characters'} here`);
    }
  }

  date(field: string, value: string | undefined): void {
    if (value === undefined) return this.add(field, 'is required');
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      this.add(field, `must be a date as YYYY-MM-DD, got "${value}"`);
    }
  }

  /** A decimal within FatturaPA's digits: `maxDecimals` after the point, 11 (12 for quantities) before. */
  decimal(field: string, value: DecimalInput | undefined, { maxDecimals, integerDigits = 11, allowNegative = false }: { maxDecimals: number; integerDigits?: number; allowNegative?: boolean }): Decimal | null {
    if (value === undefined) {
      this.add(field, 'is required');
      return null;
    }
    let parsed: Decimal;
    try {
      parsed = new Decimal(value);
    } catch {
      this.add(field, `must be a decimal number, got "${String(value)}"`);
      return null;
    }
    if (!parsed.isFinite()) this.add(field, `must be a finite number, got "${String(value)}"`);
    else if (parsed.isNegative() && !parsed.isZero() && !allowNegative) this.add(field, `must not be negative, got ${parsed.toString()}`);
    else if (parsed.decimalPlaces() > maxDecimals) this.add(field, `has ${parsed.decimalPlaces()} decimals; FatturaPA allows ${maxDecimals} here (round it where it is computed, not in the file)`);
    else if (parsed.abs().truncated().toFixed(0).length > integerDigits) this.add(field, `is too large for FatturaPA (at most ${integerDigits} digits before the point)`);
    else return parsed;
    return null;
  }

  address(field: string, address: EInvoiceAddress): void {
    this.text(`${field}.street`, address.street, FIELD_LIMITS.street, 'latin1');
    this.text(`${field}.streetNumber`, address.streetNumber, FIELD_LIMITS.streetNumber, 'ascii', false);
    this.text(`${field}.city`, address.city, FIELD_LIMITS.city, 'latin1');
    if (!/^[A-Z]{2}$/.test(address.country)) return this.add(`${field}.country`, `must be a two-letter ISO 3166 country code in capitals (IT, DE), got "${address.country}"`);
    if (address.country === 'IT') {
      if (!/^\d{5}$/.test(address.postalCode ?? '')) this.add(`${field}.postalCode`, `an Italian CAP is 5 digits, got "${address.postalCode ?? ''}"`);
      if (address.province !== undefined && !/^[A-Z]{2}$/.test(address.province)) this.add(`${field}.province`, `must be the two-letter province code in capitals (RM, MI), got "${address.province}"`);
    } else {
      if (address.province !== undefined) this.add(`${field}.province`, 'is for Italian addresses only');
      // A foreign postcode goes before the city in Comune, which must still fit.
      if (address.postalCode !== undefined) this.text(`${field}.postalCode`, `${address.postalCode} ${address.city}`, FIELD_LIMITS.city, 'latin1');
    }
  }
}

/** Every problem that would stop the document from becoming a valid FatturaPA file; empty when none. */
export function eInvoiceDocumentIssues(document: EInvoiceDocument): EInvoiceIssue[] {
  const check = new IssueCollector();
  const { issuer, recipient } = document;

  checkIssuer(check, issuer);

  if (!/^[A-Za-z0-9]{5}$/.test(document.progressive)) check.add('progressive', `must be 5 letters or digits (it names the file IT<VAT number>_<progressive>.xml), got "${document.progressive}"`);

  check.text('recipient.name', recipient.name, FIELD_LIMITS.name, 'latin1');
  check.address('recipient.address', recipient.address);
  const recipientVat = recipient.vatNumber;
  if (!recipientVat && !recipient.fiscalCode) check.add('recipient.vatNumber', 'a recipient needs a VAT number or a codice fiscale');
  if (recipientVat) {
    if (!/^[A-Z]{2}$/.test(recipientVat.country)) check.add('recipient.vatNumber.country', `must be a two-letter country code in capitals, got "${recipientVat.country}"`);
    else if (recipientVat.country === 'IT') {
      const problem = partitaIvaProblem(recipientVat.code);
      if (problem) check.add('recipient.vatNumber.code', problem);
    } else if (!/^[A-Za-z0-9+*]{1,28}$/.test(recipientVat.code)) {
      check.add('recipient.vatNumber.code', `must be the VAT number without its country prefix, 1 to 28 letters and digits, got "${recipientVat.code}"`);
    }
  }
  if (recipient.fiscalCode !== undefined) {
    const problem = codiceFiscaleProblem(recipient.fiscalCode);
    if (problem) check.add('recipient.fiscalCode', problem);
  }
  const italian = recipient.address.country === 'IT';
  const { delivery } = recipient;
  switch (delivery.channel) {
    case 'recipientCode':
      if (!/^[A-Z0-9]{7}$/.test(delivery.code) || delivery.code === '0000000' || delivery.code === 'XXXXXXX') {
        check.add('recipient.delivery.code', `must be the 7-character SdI recipient code in capitals (0000000 is for PEC or no channel, XXXXXXX for abroad), got "${delivery.code}"`);
      }
      break;
    case 'pec':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(delivery.address) || delivery.address.length > 256 || !ASCII_PRINTABLE.test(delivery.address)) {
        check.add('recipient.delivery.address', `must be a PEC e-mail address, got "${delivery.address}"`);
      }
      break;
    case 'publicOffice':
      if (!/^[A-Z0-9]{6}$/.test(delivery.officeCode)) check.add('recipient.delivery.officeCode', `must be the public body's 6-character CodiceUnivocoUfficio in capitals (from IndicePA), got "${delivery.officeCode}"`);
      break;
    case 'abroad':
      break;
  }
  if (delivery.channel === 'abroad' ? italian : !italian) {
    check.add('recipient.delivery', delivery.channel === 'abroad' ? 'the XXXXXXX code is for recipients outside Italy, and this address is in Italy' : 'a recipient outside Italy is reached by no SdI channel: use the "abroad" delivery (XXXXXXX)');
  }

  if (document.kind !== 'TD01' && document.kind !== 'TD04') check.add('kind', `must be TD01 (invoice) or TD04 (credit note), got "${String(document.kind)}"`);
  check.text('number', document.number, FIELD_LIMITS.number, 'ascii');
  if (!/\d/.test(document.number)) check.add('number', 'must contain a digit, as SdI requires of a document number');
  check.date('date', document.date);
  if (document.currency !== 'EUR') check.add('currency', `must be EUR: convert the amounts to euro before the file is made, got "${String(document.currency)}"`);
  if (document.kind === 'TD04') {
    if (!document.linkedInvoice) check.add('linkedInvoice', 'a credit note (TD04) names the invoice it corrects');
    else {
      check.text('linkedInvoice.number', document.linkedInvoice.number, FIELD_LIMITS.number, 'ascii');
      check.date('linkedInvoice.date', document.linkedInvoice.date);
    }
  }
  if (document.contract) {
    check.text('contract.number', document.contract.number, FIELD_LIMITS.number, 'ascii');
    check.date('contract.date', document.contract.date);
    check.text('contract.cig', document.contract.cig, FIELD_LIMITS.procurementCode, 'ascii', false);
    check.text('contract.cup', document.contract.cup, FIELD_LIMITS.procurementCode, 'ascii', false);
  }
  if (document.reason !== undefined) check.text('reason', document.reason, FIELD_LIMITS.reasonBlock * FIELD_LIMITS.reasonBlocks, 'latin1');

  if (document.lines.length === 0) check.add('lines', 'a document has at least one line');
  if (document.lines.length > 9999) check.add('lines', `FatturaPA numbers at most 9999 lines, got ${document.lines.length}`);
  const ratesOfLines = new Set<string>();
  document.lines.forEach((line, index) => {
    const field = `lines[${index}]`;
    check.text(`${field}.description`, line.description, FIELD_LIMITS.description, 'latin1');
    check.decimal(`${field}.quantity`, line.quantity, { maxDecimals: 8, integerDigits: 12 });
    check.text(`${field}.unit`, line.unit, FIELD_LIMITS.unit, 'ascii', false);
    check.decimal(`${field}.unitPrice`, line.unitPrice, { maxDecimals: 8, allowNegative: true });
    check.decimal(`${field}.amount`, line.amount, { maxDecimals: 2, allowNegative: true });
    const rate = checkRateAndNatura(check, field, line.vatRate, line.natura);
    if (rate) ratesOfLines.add(rateKey(rate, line.natura));
    if (line.periodStart !== undefined || line.periodEnd !== undefined) {
      check.date(`${field}.periodStart`, line.periodStart);
      check.date(`${field}.periodEnd`, line.periodEnd);
    }
  });

  if (document.vatSummary.length === 0) check.add('vatSummary', 'a document has at least one VAT summary (DatiRiepilogo)');
  const ratesOfSummary = new Set<string>();
  document.vatSummary.forEach((summary, index) => {
    const field = `vatSummary[${index}]`;
    const rate = checkRateAndNatura(check, field, summary.vatRate, summary.natura);
    if (rate) {
      const key = rateKey(rate, summary.natura);
      if (ratesOfSummary.has(key)) check.add(field, `a second summary for the rate ${key}; there is one per rate and Natura`);
      ratesOfSummary.add(key);
      if (!ratesOfLines.has(key)) check.add(field, `no line has the rate ${key}`);
    }
    check.decimal(`${field}.taxableAmount`, summary.taxableAmount, { maxDecimals: 2, allowNegative: true });
    check.decimal(`${field}.vat`, summary.vat, { maxDecimals: 2, allowNegative: true });
    if (!['I', 'D', 'S'].includes(summary.esigibilita)) check.add(`${field}.esigibilita`, `must be I (immediate), D (deferred) or S (split payment), got "${String(summary.esigibilita)}"`);
    if (summary.esigibilita === 'S' && delivery.channel !== 'publicOffice') check.add(`${field}.esigibilita`, 'split payment (S) applies only to public bodies');
    if (summary.natura !== undefined && summary.legalReference === undefined) check.add(`${field}.legalReference`, `is required with Natura ${summary.natura}: the law under which no VAT is charged`);
    check.text(`${field}.legalReference`, summary.legalReference, FIELD_LIMITS.legalReference, 'latin1', false);
  });
  for (const key of ratesOfLines) if (!ratesOfSummary.has(key)) check.add('vatSummary', `lines have the rate ${key} but no summary does`);

  if (document.payment) {
    const problem = ibanProblem(document.payment.iban);
    if (problem) check.add('payment.iban', problem);
    check.date('payment.dueDate', document.payment.dueDate);
  }
  return check.issues;
}

function checkIssuer(check: IssueCollector, issuer: EInvoiceIssuer): void {
  const vatNumberProblem = partitaIvaProblem(issuer.vatNumber);
  if (vatNumberProblem) check.add('issuer.vatNumber', vatNumberProblem);
  if (issuer.fiscalCode !== undefined) {
    const problem = codiceFiscaleProblem(issuer.fiscalCode);
    if (problem) check.add('issuer.fiscalCode', problem);
  }
  check.text('issuer.name', issuer.name, FIELD_LIMITS.name, 'latin1');
  if (!(REGIMI_FISCALI as readonly string[]).includes(issuer.regime)) check.add('issuer.regime', `must be one of ${REGIMI_FISCALI.join(', ')} (there is no RF03), got "${issuer.regime}"`);
  check.address('issuer.registeredOffice', issuer.registeredOffice);
  if (issuer.registeredOffice.country !== 'IT') check.add('issuer.registeredOffice.country', 'the issuer of an Italian e-invoice has its registered office in Italy (IT)');
  if (issuer.rea) {
    if (!/^[A-Z]{2}$/.test(issuer.rea.office)) check.add('issuer.rea.office', `must be the two-letter province of the Chamber of Commerce (RM), got "${issuer.rea.office}"`);
    check.text('issuer.rea.number', issuer.rea.number, FIELD_LIMITS.reaNumber, 'ascii');
    if (issuer.rea.shareCapital !== undefined) check.decimal('issuer.rea.shareCapital', issuer.rea.shareCapital, { maxDecimals: 2 });
  }
}

/** The problems of the issuer's data alone (billing's configuration, checked at start-up). */
export function eInvoiceIssuerIssues(issuer: EInvoiceIssuer): EInvoiceIssue[] {
  const check = new IssueCollector();
  checkIssuer(check, issuer);
  return check.issues;
}

function checkRateAndNatura(check: IssueCollector, field: string, vatRate: DecimalInput, natura: string | undefined): Decimal | null {
  const rate = check.decimal(`${field}.vatRate`, vatRate, { maxDecimals: 2, integerDigits: 3 });
  if (natura !== undefined && !(NATURE as readonly string[]).includes(natura)) {
    check.add(`${field}.natura`, `must be one of ${NATURE.join(', ')} (N2, N3 and N6 alone are no longer valid), got "${natura}"`);
  }
  if (!rate) return null;
  if (rate.greaterThan(100)) check.add(`${field}.vatRate`, `must be a percentage up to 100, got ${rate.toString()}`);
  if (rate.isZero() && natura === undefined) check.add(`${field}.natura`, 'is required when the VAT rate is 0: say why no VAT is charged (N2.1 outside Italian VAT, N4 exempt, ...)');
  if (!rate.isZero() && natura !== undefined) check.add(`${field}.natura`, `is only for a VAT rate of 0, and the rate is ${rate.toString()}`);
  return rate;
}

function rateKey(rate: Decimal, natura: string | undefined): string {
  return natura ? `${rate.toFixed(2)}% ${natura}` : `${rate.toFixed(2)}%`;
}

/** Throws one BAD_USER_INPUT error listing every problem (the first in the message) when the document cannot make a valid file. */
export function assertEInvoiceDocument(document: EInvoiceDocument): void {
  const issues = eInvoiceDocumentIssues(document);
  if (issues.length === 0) return;
  const [first] = issues as [EInvoiceIssue];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new GraphQLError(`The e-invoice cannot be made: ${first.field} ${first.message}${more}`, {
    extensions: { code: 'BAD_USER_INPUT', field: first.field, issues },
  });
}
