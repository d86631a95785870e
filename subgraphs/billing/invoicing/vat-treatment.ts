/**
 * How an account's invoices are taxed, in FatturaPA's terms, and the checks a treatment passes
 * before it is stored. The Natura codes and EsigibilitaIVA are the e-invoice module's own
 * (einvoice/document.ts), so billing and the file it becomes share one list.
 *
 * - STANDARD: Italian VAT at a rate, 22 or reduced (10, 5, 4); due at once (EsigibilitaIVA I).
 * - ZERO_RATED: no VAT, with the Natura that says what kind of operation it is (N2.1 outside the
 *   scope of Italian VAT, such as a service to an EU business under art. 7-ter; N4 exempt ...) and
 *   the law (RiferimentoNormativo, at most 100 Latin-1 characters) printed on the invoice.
 * - SPLIT_PAYMENT: VAT at a rate that the public body pays to the State itself (EsigibilitaIVA S,
 *   art. 17-ter DPR 633/72): the invoice states it, the customer pays only the net.
 */
import { Decimal } from 'decimal.js';
import { NATURE, type EsigibilitaIVA, type Natura } from '../einvoice/document.js';
import { FIELD_LIMITS, LATIN1_PRINTABLE } from '../einvoice/check-document.js';

export type VatTreatmentKind = 'STANDARD' | 'ZERO_RATED' | 'SPLIT_PAYMENT';

export type VatTreatment =
  | { kind: 'STANDARD'; vatRate: string; esigibilita: 'I' }
  | { kind: 'SPLIT_PAYMENT'; vatRate: string; esigibilita: 'S' }
  | { kind: 'ZERO_RATED'; vatRate: '0'; natura: Natura; legalReference: string; esigibilita: 'I' };

export const STANDARD_VAT: VatTreatment = { kind: 'STANDARD', vatRate: '22', esigibilita: 'I' };
export const SPLIT_PAYMENT_VAT: VatTreatment = { kind: 'SPLIT_PAYMENT', vatRate: '22', esigibilita: 'S' };
/** A service to a business established abroad is outside the scope of Italian VAT: the customer accounts for it (reverse charge). */
export const OUTSIDE_SCOPE_SERVICE: VatTreatment = {
  kind: 'ZERO_RATED',
  vatRate: '0',
  natura: 'N2.1',
  legalReference: 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72',
  esigibilita: 'I',
};
export const EXEMPT_SERVICE: VatTreatment = { kind: 'ZERO_RATED', vatRate: '0', natura: 'N4', legalReference: 'Operazione esente, art. 10 DPR 633/72', esigibilita: 'I' };

/** The ordinary rate and the reduced ones (Tabella A, DPR 633/72). */
export const ITALIAN_VAT_RATES = ['22', '10', '5', '4'] as const;

/** Natura codes FatturaPA's schema still lists but that have been refused on invoices since 2021. */
const RETIRED_NATURE: Record<string, string> = { N2: 'N2.1 or N2.2', N3: 'N3.1 to N3.6', N6: 'N6.1 to N6.9' };

export const LEGAL_REFERENCE_MAX_LENGTH = FIELD_LIMITS.legalReference;

/** What a line (and its VAT summary row) says about VAT, from the treatment in force. */
export interface LineVatTerms {
  vatRate: string;
  natura: Natura | null;
  vatLegalReference: string | null;
  vatEsigibilita: EsigibilitaIVA;
}

export function lineVatTermsOf(treatment: VatTreatment): LineVatTerms {
  return {
    vatRate: new Decimal(treatment.vatRate).toFixed(2),
    natura: treatment.kind === 'ZERO_RATED' ? treatment.natura : null,
    vatLegalReference: treatment.kind === 'ZERO_RATED' ? treatment.legalReference : null,
    vatEsigibilita: treatment.esigibilita,
  };
}

/** The treatment a stored account (or settings version) row holds; the database checks it is whole. */
export function treatmentOfRow(row: { vatTreatment: VatTreatmentKind; vatRate: Decimal.Value | { toString(): string }; natura: string | null; vatLegalReference: string | null }): VatTreatment {
  const vatRate = new Decimal(row.vatRate.toString()).toFixed(2);
  if (row.vatTreatment === 'ZERO_RATED') return { kind: 'ZERO_RATED', vatRate: '0', natura: row.natura as Natura, legalReference: row.vatLegalReference ?? '', esigibilita: 'I' };
  if (row.vatTreatment === 'SPLIT_PAYMENT') return { kind: 'SPLIT_PAYMENT', vatRate, esigibilita: 'S' };
  return { kind: 'STANDARD', vatRate, esigibilita: 'I' };
}

/** The columns a treatment is stored in (BillingAccount and BillingAccountSettings alike). */
export function treatmentColumns(treatment: VatTreatment) {
  return {
    vatTreatment: treatment.kind,
    vatRate: new Decimal(treatment.vatRate).toFixed(2),
    natura: treatment.kind === 'ZERO_RATED' ? treatment.natura : null,
    vatLegalReference: treatment.kind === 'ZERO_RATED' ? treatment.legalReference : null,
  };
}

export interface VatTreatmentRequest {
  kind: VatTreatmentKind;
  rate?: string | null;
  natura?: string | null;
  legalReference?: string | null;
}

/** A problem with one input field: the path below the treatment input (`rate`, `natura` ...) and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The treatment a request asks for, or the first problem with it, naming its field. */
export function vatTreatmentOf(request: VatTreatmentRequest): VatTreatment | FieldProblem {
  if (request.kind === 'ZERO_RATED') {
    if (request.rate != null && !/^0+(\.0+)?$/.test(request.rate.trim())) return { field: 'rate', message: `must be left out (or 0) for a zero-rated treatment, got "${request.rate}"` };
    const natura = request.natura?.trim() ?? '';
    if (!natura) return { field: 'natura', message: 'is required for a zero-rated treatment: the FatturaPA Natura code, such as N2.1 (outside the scope of Italian VAT) or N4 (exempt)' };
    if (RETIRED_NATURE[natura]) return { field: 'natura', message: `${natura} alone is no longer valid on invoices since 2021; use one of its sub-codes, ${RETIRED_NATURE[natura]}` };
    if (!(NATURE as readonly string[]).includes(natura)) return { field: 'natura', message: `must be a FatturaPA Natura code (${NATURE.join(', ')}), got "${natura}"` };
    const legalReference = request.legalReference?.trim() ?? '';
    if (!legalReference) return { field: 'legalReference', message: 'is required for a zero-rated treatment: the law that says why no VAT is charged, such as "Operazione esente, art. 10 DPR 633/72"' };
    const length = [...legalReference].length;
    if (length > LEGAL_REFERENCE_MAX_LENGTH) return { field: 'legalReference', message: `is ${length} characters long; FatturaPA allows at most ${LEGAL_REFERENCE_MAX_LENGTH}` };
    if (!LATIN1_PRINTABLE.test(legalReference)) {
      const offending = [...legalReference].find((character) => !LATIN1_PRINTABLE.test(character))!;
      return { field: 'legalReference', message: `contains "${offending}" (U+${offending.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); FatturaPA allows only printable Latin-1 characters (Western European letters, digits, punctuation)` };
    }
    return { kind: 'ZERO_RATED', vatRate: '0', natura: natura as Natura, legalReference, esigibilita: 'I' };
  }
  if (request.natura != null) return { field: 'natura', message: `is only for a zero-rated treatment; a ${request.kind} treatment charges VAT` };
  if (request.legalReference != null) return { field: 'legalReference', message: `is only for a zero-rated treatment; a ${request.kind} treatment charges VAT` };
  const rate = request.rate?.trim() || '22';
  const known = ITALIAN_VAT_RATES.find((candidate) => /^\d{1,2}(\.\d{1,2})?$/.test(rate) && new Decimal(candidate).equals(rate));
  if (!known) return { field: 'rate', message: `must be an Italian VAT rate, ${ITALIAN_VAT_RATES.join(', ')} (percent), got "${rate}"; for no VAT choose ZERO_RATED with its Natura` };
  return request.kind === 'SPLIT_PAYMENT' ? { kind: 'SPLIT_PAYMENT', vatRate: known, esigibilita: 'S' } : { kind: 'STANDARD', vatRate: known, esigibilita: 'I' };
}

export const isFieldProblem = (value: object): value is FieldProblem => 'field' in value && 'message' in value;
