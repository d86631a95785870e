/**
 * Addresses that print: the lines a letter shows through the window of a DIN 5008 envelope.
 * The window is 85 mm wide; at 10 pt Helvetica 40 characters of ordinary text take about
 * 70 mm, so 40 characters is the line limit (the printer shrinks a line of wide letters to fit).
 * The legal address keeps its older, longer limits (it also goes on invoices); a letter uses
 * it only when every line fits, and otherwise needs a mailing address.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { optionalText, requiredText } from '../../shared/validation.js';
import type { Customer } from '../generated/prisma/client.js';

export const ENVELOPE_LINE_MAX = 40;
export const POSTCODE_MAX = 10;

const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IT')
  .refine((code) => countries.isValid(code), 'is not an ISO 3166-1 alpha-2 country code (such as IT, DE, FR)');

/** The legal address: street, postcode and city keep the limits they had before letters. */
export const legalAddressInput = z.object({
  recipient: optionalText(ENVELOPE_LINE_MAX),
  attention: optionalText(ENVELOPE_LINE_MAX),
  street: requiredText(200),
  street2: optionalText(ENVELOPE_LINE_MAX),
  postalCode: requiredText(16),
  city: requiredText(100),
  province: optionalText(100),
  country: countryCode,
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
