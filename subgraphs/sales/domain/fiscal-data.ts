/**
 * A customer's fiscal data for Italian e-invoicing, checked when it is entered: whatever could
 * never make a valid FatturaPA file is refused at once, naming the field; what is merely not
 * known yet is allowed, and `eInvoiceReadiness` lists it until someone fills it in.
 */
import { z } from 'zod';
import { badUserInput } from '../../shared/errors.js';
import { email, firstNonLatin1 } from '../../shared/validation.js';
import type { Contract, Customer, FiscalCategory } from '../generated/prisma/client.js';
import {
  EU_VAT_PREFIXES,
  FOREIGN_RECIPIENT_CODE,
  FOREIGN_VAT_NUMBER,
  isValidCodiceFiscale,
  isValidPartitaIva,
  isValidPersonalCodiceFiscale,
  NO_RECIPIENT_CODE,
  PUBLIC_OFFICE_CODE_PATTERN,
  RECIPIENT_CODE_PATTERN,
} from '../../shared/italian-fiscal-codes.js';
import { INVOICE_ADDRESS_LINE_MAX, italianAddressProblems, legalAddressOf } from './postal-address.js';

/** FatturaPA's Denominazione: at most 80 Latin-1 characters. */
export const LEGAL_NAME_MAX = 80;
/** FatturaPA's PECDestinatario takes 7 to 256 characters. */
const PEC_MAX = 256;

const compact = (value: string) => value.replace(/[\s.-]/g, '').toUpperCase();

export const vatNumberInput = z
  .string()
  .transform(compact)
  .pipe(z.string().regex(/^[A-Z]{2}[A-Z0-9]{2,13}$/, 'must be a VAT number with its country prefix, such as IT01234567897'));

export const fiscalCodeInput = z
  .string()
  .transform(compact)
  .pipe(
    z
      .string()
      .regex(/^([0-9]{11}|[A-Z0-9]{16})$/, 'must be a codice fiscale: 16 letters and digits for a person, 11 digits for a company or public body')
      .refine(isValidCodiceFiscale, 'is not a valid codice fiscale: its check character (the last) does not match; check for a typing error'),
  );

export const sdiRecipientCodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{6,7}$/, 'must be an SdI recipient code: 7 letters or digits (6 for a public body office code)');

export const pecAddressInput = email.pipe(z.string().max(PEC_MAX, `must be at most ${PEC_MAX} characters`));

export const fiscalCategoryInput = z.custom<FiscalCategory>();

/** The fiscal data of a customer as it will be stored, with the address country it depends on. */
export interface FiscalData {
  fiscalCategory: FiscalCategory;
  vatNumber: string | null;
  fiscalCode: string | null;
  sdiRecipientCode: string | null;
  pecAddress: string | null;
}

const FOREIGN: ReadonlySet<FiscalCategory> = new Set(['EU_BUSINESS', 'NON_EU_BUSINESS']);

/** The category a VAT number implies when none is given: where the customer is registered for VAT. */
export function categoryOfVatNumber(vatNumber: string): FiscalCategory {
  const prefix = vatNumber.slice(0, 2);
  if (prefix === 'IT') return 'ITALIAN_BUSINESS';
  return EU_VAT_PREFIXES.has(prefix) ? 'EU_BUSINESS' : 'NON_EU_BUSINESS';
}

type Problem = { field: keyof FiscalData; problem: string } | null;

function vatNumberProblem({ fiscalCategory: category, vatNumber }: FiscalData): Problem {
  const refuse = (problem: string): Problem => ({ field: 'vatNumber', problem });
  if (category === 'PRIVATE_PERSON') {
    return vatNumber ? refuse('a private person has no VAT number: leave it out, or choose a business fiscalCategory (a sole trader is ITALIAN_BUSINESS)') : null;
  }
  if (!vatNumber) return category === 'ITALIAN_PUBLIC_BODY' ? null : refuse(`is required for ${category}`);
  const prefix = vatNumber.slice(0, 2);
  if (category === 'ITALIAN_BUSINESS' || category === 'ITALIAN_PUBLIC_BODY') {
    if (prefix !== 'IT') return refuse(`must be an Italian VAT number (IT and 11 digits) for ${category}`);
    if (!isValidPartitaIva(vatNumber.slice(2))) {
      return refuse('is not a valid partita IVA: IT and 11 digits, the last a check digit that does not match here; check for a typing error');
    }
    return null;
  }
  if (!FOREIGN_VAT_NUMBER.test(vatNumber)) return refuse('must be the country prefix and 2 to 12 letters or digits');
  if (category === 'EU_BUSINESS' && (prefix === 'IT' || !EU_VAT_PREFIXES.has(prefix))) {
    return refuse(`must start with the prefix of an EU member state other than Italy (such as DE, FR, EL), not ${prefix}`);
  }
  if (category === 'NON_EU_BUSINESS' && EU_VAT_PREFIXES.has(prefix)) {
    return refuse(`starts with ${prefix}, an EU member state: choose EU_BUSINESS${prefix === 'IT' ? ' or ITALIAN_BUSINESS' : ''}`);
  }
  return null;
}

function fiscalCodeProblem({ fiscalCategory: category, fiscalCode }: FiscalData): Problem {
  if (!fiscalCode) return null;
  if (category === 'PRIVATE_PERSON' && !isValidPersonalCodiceFiscale(fiscalCode)) {
    return { field: 'fiscalCode', problem: "must be a person's codice fiscale of 16 characters" };
  }
  if (category === 'ITALIAN_PUBLIC_BODY' && fiscalCode.length !== 11) {
    return { field: 'fiscalCode', problem: "must be a public body's codice fiscale of 11 digits" };
  }
  return null;
}

function recipientProblem({ fiscalCategory: category, sdiRecipientCode: code, pecAddress }: FiscalData, isAbroad: boolean): Problem {
  if (pecAddress && (category === 'ITALIAN_PUBLIC_BODY' || isAbroad)) {
    return { field: 'pecAddress', problem: category === 'ITALIAN_PUBLIC_BODY' ? 'a public body receives invoices through its office code (sdiRecipientCode), not a PEC' : 'is only for customers in Italy' };
  }
  if (!code) return null;
  const refuse = (problem: string): Problem => ({ field: 'sdiRecipientCode', problem });
  if (isAbroad) return code === FOREIGN_RECIPIENT_CODE ? null : refuse(`must be ${FOREIGN_RECIPIENT_CODE} for a customer abroad`);
  if (category === 'ITALIAN_PUBLIC_BODY') {
    return PUBLIC_OFFICE_CODE_PATTERN.test(code) ? null : refuse("must be the public body's office code (CodiceUnivocoUfficio): 6 letters or digits");
  }
  if (!RECIPIENT_CODE_PATTERN.test(code) || code === FOREIGN_RECIPIENT_CODE) return refuse('must be 7 letters or digits (XXXXXXX is only for customers abroad)');
  if (pecAddress && code !== NO_RECIPIENT_CODE) return refuse(`must be ${NO_RECIPIENT_CODE} when a PEC address is given (or leave pecAddress out)`);
  return null;
}

/** A customer abroad gets XXXXXXX from SdI's rules: a foreign business, or a private person living abroad. */
function isAbroad(category: FiscalCategory, country: string): boolean {
  return FOREIGN.has(category) || (category === 'PRIVATE_PERSON' && country !== 'IT');
}

/**
 * Fills the recipient code SdI's rules decide when it was not given, and refuses any
 * combination that no FatturaPA file could carry, naming the field under `root`.
 * `given` holds the fields of this input, so an automatic code never overrides one typed in.
 */
export function settleFiscalData(data: FiscalData, country: string, given: ReadonlySet<keyof FiscalData>, root: string): FiscalData {
  const abroad = isAbroad(data.fiscalCategory, country);
  let sdiRecipientCode = data.sdiRecipientCode;
  if (!given.has('sdiRecipientCode')) {
    if (abroad) sdiRecipientCode = FOREIGN_RECIPIENT_CODE;
    else if (data.pecAddress && given.has('pecAddress')) sdiRecipientCode = NO_RECIPIENT_CODE;
    // A code kept from when the customer was abroad no longer applies.
    else if (sdiRecipientCode === FOREIGN_RECIPIENT_CODE) sdiRecipientCode = null;
  }
  const settled: FiscalData = { fiscalCategory: data.fiscalCategory, vatNumber: data.vatNumber, fiscalCode: data.fiscalCode, sdiRecipientCode, pecAddress: data.pecAddress };
  const problem = vatNumberProblem(settled) ?? fiscalCodeProblem(settled) ?? recipientProblem(settled, abroad);
  if (problem) throw badUserInput(`${root}.${problem.field}`, problem.problem, { fiscalCategory: settled.fiscalCategory });
  return settled;
}

/** What an invoice to this customer still lacks; contracts are the customer's own. */
export function eInvoiceReadiness(customer: Customer, contracts: Pick<Contract, 'number' | 'status' | 'cig' | 'cigExempt'>[]) {
  const missing: string[] = [];
  const address = legalAddressOf(customer);
  if (customer.legalName.length > LEGAL_NAME_MAX || firstNonLatin1(customer.legalName)) missing.push('legalName');
  for (const field of ['street', 'city'] as const) {
    if (address[field].length > INVOICE_ADDRESS_LINE_MAX || firstNonLatin1(address[field])) missing.push(`address.${field}`);
  }
  missing.push(...italianAddressProblems(address).map(({ field }) => `address.${field}`));
  const stored: FiscalData = customer;
  const abroad = isAbroad(customer.fiscalCategory, address.country);
  const invalid = [vatNumberProblem(stored), fiscalCodeProblem(stored), recipientProblem(stored, abroad)];
  missing.push(...invalid.flatMap((problem) => (problem ? [problem.field] : [])));

  switch (customer.fiscalCategory) {
    case 'ITALIAN_BUSINESS':
      if (!customer.sdiRecipientCode && !customer.pecAddress) missing.push('sdiRecipientCode or pecAddress');
      break;
    case 'ITALIAN_PUBLIC_BODY':
      if (!customer.sdiRecipientCode) missing.push('sdiRecipientCode');
      if (!customer.fiscalCode && !customer.vatNumber) missing.push('fiscalCode');
      for (const contract of contracts) {
        if (contract.status === 'ACTIVE' && !contract.cig && !contract.cigExempt) missing.push(`contracts.${contract.number}.cig`);
      }
      break;
    case 'PRIVATE_PERSON':
      if (!abroad && !customer.fiscalCode) missing.push('fiscalCode');
      break;
    default:
      if (customer.sdiRecipientCode !== FOREIGN_RECIPIENT_CODE) missing.push('sdiRecipientCode');
  }
  const unique = [...new Set(missing)];
  return { ready: unique.length === 0, missing: unique };
}
