/**
 * The currencies money may be in: ISO 4217's list of current codes, as the `currency-codes`
 * package keeps it, so the answer is the same on every machine whatever the runtime's locale
 * data (Intl accepts any three letters, ABC included).
 *
 * Units that are not money are left out: the codes ISO 4217 lists with no minor unit ("N.A."),
 * namely precious metals (XAU, XAG, XPD, XPT), the IMF's special drawing right (XDR), bond
 * market and other units of account (XBA to XBD, XSU, XUA), the testing code XTS and XXX
 * ("no currency"). Nobody pays a conference call in them, and the package gives them 0 digits,
 * which would round an amount to whole ounces of gold.
 */
import { code as currencyRecord } from 'currency-codes';

export const NOT_MONEY: ReadonlySet<string> = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

export interface Currency {
  code: string;
  name: string;
  /** Digits after the decimal point of the minor unit: 2 for EUR, 0 for JPY, 3 for BHD. */
  minorUnitDigits: number;
}

/** The currency with this upper-case ISO 4217 code, or undefined if it is not money. */
export function findCurrency(code: string): Currency | undefined {
  if (!/^[A-Z]{3}$/.test(code) || NOT_MONEY.has(code)) return undefined;
  const record = currencyRecord(code);
  return record && { code: record.code, name: record.currency, minorUnitDigits: record.digits };
}
