/**
 * Addresses that print: the lines a letter shows through the window of a DIN 5008 envelope.
 * The window is 85 mm wide; at 10 pt Helvetica 40 characters of ordinary text take about
 * 70 mm, so 40 characters is the line limit (the printer shrinks a line of wide letters to fit).
 * The legal address goes on invoices, so it keeps FatturaPA's limits instead (street and city
 * at most 60 Latin-1 characters; in Italy a 5-digit CAP and a 2-letter province); a letter uses
 * it only when every line fits, and otherwise needs a mailing address.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { optionalText, requiredLatin1Text, requiredText } from '../../shared/validation.js';
import type { Customer } from '../generated/prisma/client.js';

export const ENVELOPE_LINE_MAX = 40;
export const POSTCODE_MAX = 10;

const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IT')
  .refine((code) => countries.isValid(code), 'is not an ISO 3166-1 alpha-2 country code (such as IT, DE, FR)');

/** FatturaPA's Indirizzo and Comune: at most 60 Latin-1 characters. */
export const INVOICE_ADDRESS_LINE_MAX = 60;
const ITALIAN_CAP = /^\d{5}$/;
const ITALIAN_PROVINCE = /^[A-Z]{2}$/;

/** What FatturaPA refuses in an Italian address, by field; empty when the address can go on an invoice. */
export function italianAddressProblems(address: { postalCode: string; province: string | null; country: string }): { field: 'postalCode' | 'province'; problem: string }[] {
  if (address.country !== 'IT') return [];
  const problems: { field: 'postalCode' | 'province'; problem: string }[] = [];
  if (!ITALIAN_CAP.test(address.postalCode)) problems.push({ field: 'postalCode', problem: 'must be an Italian CAP of exactly 5 digits, such as 20121' });
  if (address.province !== null && !ITALIAN_PROVINCE.test(address.province)) {
    problems.push({ field: 'province', problem: 'must be the 2-letter code of an Italian province, such as MI' });
  }
  return problems;
}

/**
 * The legal address, which goes on invoices. Abroad the postcode is kept as written: the
 * FatturaPA export writes CAP 00000, as SdI requires for a foreign address, and the postcode
 * before the city in Comune.
 */
export const legalAddressInput = z
  .object({
    recipient: optionalText(ENVELOPE_LINE_MAX),
    attention: optionalText(ENVELOPE_LINE_MAX),
    street: requiredLatin1Text(INVOICE_ADDRESS_LINE_MAX),
    street2: optionalText(ENVELOPE_LINE_MAX),
    postalCode: requiredText(16),
    city: requiredLatin1Text(INVOICE_ADDRESS_LINE_MAX),
    province: optionalText(100).transform((value) => value?.toUpperCase() ?? null),
    country: countryCode,
  })
  .superRefine((address, context) => {
    for (const { field, problem } of italianAddressProblems(address)) context.addIssue({ code: 'custom', path: [field], message: problem });
  });

/** A mailing address exists only to be printed, so every line fits the window. */
export const mailingAddressInput = z
  .object({
    recipient: optionalText(ENVELOPE_LINE_MAX),
    attention: optionalText(ENVELOPE_LINE_MAX),
    street: requiredText(ENVELOPE_LINE_MAX),
    street2: optionalText(ENVELOPE_LINE_MAX),
    postalCode: requiredText(POSTCODE_MAX),
    city: requiredText(ENVELOPE_LINE_MAX),
    province: optionalText(ENVELOPE_LINE_MAX),
    country: countryCode,
  })
  .refine((address) => cityLine(address).length <= ENVELOPE_LINE_MAX, {
    path: ['city'],
    message: `with the postcode and province must fit one line of ${ENVELOPE_LINE_MAX} characters`,
  });

export type AddressInput = z.output<typeof legalAddressInput>;

export interface PostalAddressParent {
  recipient: string | null;
  attention: string | null;
  street: string;
  street2: string | null;
  postalCode: string;
  city: string;
  province: string | null;
  country: string;
}

export function legalAddressColumns(value: AddressInput) {
  return {
    addressRecipient: value.recipient,
    addressAttention: value.attention,
    addressStreet: value.street,
    addressStreet2: value.street2,
    addressPostalCode: value.postalCode,
    addressCity: value.city,
    addressProvince: value.province,
    addressCountry: value.country,
  };
}

export function mailingAddressColumns(value: AddressInput | null) {
  return {
    mailingRecipient: value?.recipient ?? null,
    mailingAttention: value?.attention ?? null,
    mailingStreet: value?.street ?? null,
    mailingStreet2: value?.street2 ?? null,
    mailingPostalCode: value?.postalCode ?? null,
    mailingCity: value?.city ?? null,
    mailingProvince: value?.province ?? null,
    mailingCountry: value?.country ?? null,
  };
}

export function legalAddressOf(customer: Customer): PostalAddressParent {
  return {
    recipient: customer.addressRecipient,
    attention: customer.addressAttention,
    street: customer.addressStreet,
    street2: customer.addressStreet2,
    postalCode: customer.addressPostalCode,
    city: customer.addressCity,
    province: customer.addressProvince,
    country: customer.addressCountry,
  };
}

export function mailingAddressOf(customer: Customer): PostalAddressParent | null {
  if (!customer.mailingStreet || !customer.mailingPostalCode || !customer.mailingCity || !customer.mailingCountry) return null;
  return {
    recipient: customer.mailingRecipient,
    attention: customer.mailingAttention,
    street: customer.mailingStreet,
    street2: customer.mailingStreet2,
    postalCode: customer.mailingPostalCode,
    city: customer.mailingCity,
    province: customer.mailingProvince,
    country: customer.mailingCountry,
  };
}

/** The city line as most European posts want it: "20121 Milano MI". */
function cityLine(address: Pick<PostalAddressParent, 'postalCode' | 'city' | 'province'>): string {
  return [address.postalCode, address.city, address.province].filter(Boolean).join(' ');
}

/** The address a letter goes to, recipient filled in; null when no line may be cut to print it. */
export function postalAddressOf(customer: Customer): PostalAddressParent | null {
  const chosen = mailingAddressOf(customer) ?? legalAddressOf(customer);
  const address = { ...chosen, recipient: chosen.recipient ?? customer.legalName };
  const lines = [address.recipient, address.attention, address.street, address.street2, cityLine(address)];
  return lines.every((line) => !line || line.length <= ENVELOPE_LINE_MAX) && address.postalCode.length <= POSTCODE_MAX ? address : null;
}
