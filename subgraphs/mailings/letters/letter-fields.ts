/**
 * The fields a letter template may name, and the values they take for one customer. A
 * template names them as Liquid variables (`{{ customer.name }}`); anything not listed here
 * is refused when the template is saved, so a typo never reaches a print run.
 */
import type { AudienceCustomer, BillingFigures } from '../audience/sales-audience.js';
import { addressLinesOf } from './address-lines.js';

/** Field path -> what it holds (shown to template authors by `letterTemplateFields`). */
export const LETTER_FIELDS = {
  'customer.id': 'the customer id',
  'customer.name': 'the legal name',
  'customer.vat_number': 'the VAT number',
  'customer.segment': 'ENTERPRISE, SMALL_BUSINESS or PUBLIC_SECTOR',
  'recipient.name': 'the first line of the address (the legal name unless another is set)',
  'recipient.attention': "'c/o ...' or the contact person of the address, or empty",
  'address.lines': 'the address lines as printed in the envelope window (a list)',
  'contact.name': 'the contact who receives service notices, or empty',
  'contract.number': 'the number of the active contract, or empty',
  'contract.starts_on': 'the first day of the active contract (YYYY-MM-DD), or empty',
  'contract.ends_on': 'the last day of the active contract (YYYY-MM-DD), or empty',
  'billing.period_start': 'first day of the open billing period, or empty (read from billing)',
  'billing.period_end': 'last day of the open billing period, or empty (read from billing)',
  'billing.calls': 'conferences rated in the open period (read from billing)',
  'billing.billed_minutes': 'billed minutes in the open period, 2 decimals (read from billing)',
  'billing.charges_to_date': 'charges so far in the open period, with the currency, such as "12.40 EUR" (read from billing)',
  'campaign.name': 'the campaign name',
  'campaign.expected_delivery': 'the expected delivery date (YYYY-MM-DD)',
  today: 'the day the letter is made (YYYY-MM-DD)',
} as const;

export type LetterField = keyof typeof LETTER_FIELDS;

/** Fields holding a list: a template may loop over them, index them, or ask `.size`, `.first`, `.last`. */
const LIST_FIELDS = new Set<string>(['address.lines']);
const LIST_PROPERTIES = new Set(['size', 'first', 'last']);

/**
 * The field a variable path names, or null if it names none. `address.lines[0]` and
 * `address.lines.size` name `address.lines`.
 */
export function fieldOfPath(segments: readonly (string | number)[]): LetterField | null {
  for (let length = 1; length <= segments.length; length += 1) {
    const path = segments.slice(0, length).join('.');
    if (!(path in LETTER_FIELDS)) continue;
    const rest = segments.slice(length);
    if (rest.length === 0) return path as LetterField;
    if (LIST_FIELDS.has(path) && rest.length === 1 && (typeof rest[0] === 'number' || LIST_PROPERTIES.has(String(rest[0])))) return path as LetterField;
    return null;
  }
  return null;
}

export function needsBilling(fields: readonly string[]): boolean {
  return fields.some((field) => field.startsWith('billing.'));
}

export interface CampaignFacts {
  name: string;
  expectedDelivery: string;
}

const day = (value: string | null | undefined) => (value ? value.slice(0, 10) : '');

/** The Liquid context of one letter: every field has a value, empty when the customer has none. */
export function letterContext(customer: AudienceCustomer, billing: BillingFigures | null, campaign: CampaignFacts, today: string) {
  const contract = customer.contracts[0];
  return {
    customer: { id: customer.id, name: customer.legalName, vat_number: customer.vatNumber, segment: customer.segment },
    recipient: { name: customer.postalAddress?.recipient ?? customer.legalName, attention: customer.postalAddress?.attention ?? '' },
    address: { lines: customer.postalAddress ? addressLinesOf(customer.postalAddress) : [] },
    contact: { name: customer.noticeContact?.fullName ?? '' },
    contract: { number: contract?.number ?? '', starts_on: day(contract?.startsOn), ends_on: day(contract?.endsOn) },
    billing: {
      period_start: day(billing?.period?.startsOn),
      period_end: day(billing?.period?.endsOn),
      calls: billing?.calls ?? 0,
      billed_minutes: billing?.billedMinutes ?? '0.00',
      charges_to_date: billing ? `${billing.chargesToDate.amount} ${billing.chargesToDate.currency}` : '',
    },
    campaign: { name: campaign.name, expected_delivery: campaign.expectedDelivery },
    today,
  };
}

/** A stand-in customer, so a template is tried once when it is saved. */
export const SAMPLE_CUSTOMER: AudienceCustomer = {
  id: '00000000-0000-4000-8000-000000000000',
  legalName: 'Esempio S.r.l.',
  vatNumber: 'IT01234567890',
  segment: 'ENTERPRISE',
  acceptsEmailNotices: true,
  noticeEmail: 'amministrazione@esempio.example',
  noticeContact: { fullName: 'Maria Rossi' },
  postalAddress: { recipient: 'Esempio S.r.l.', attention: null, street: 'Via Roma 1', street2: null, postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  contracts: [{ number: 'CTR-2026-000001', startsOn: '2026-01-01', endsOn: null }],
};
