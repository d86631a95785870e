/**
 * Money as decimal strings. decimal.js does the arithmetic so no amount ever becomes a float;
 * invoice amounts are rounded half-up to the currency's minor unit (2 for EUR, 0 for JPY).
 */
import { Decimal } from 'decimal.js';
import { findCurrency } from './currencies.js';

export interface Money {
  amount: string;
  currency: string;
}

export type DecimalLike = Decimal.Value | { toString(): string };

export function minorUnitDigits(currency: string): number {
  const known = findCurrency(currency);
  // Every stored currency was validated against the same table, so this is a bug, not bad input.
  if (!known) throw new Error(`${currency} is not an ISO 4217 currency; it should have been refused where it was entered`);
  return known.minorUnitDigits;
}

export function toDecimal(value: DecimalLike): Decimal {
  return new Decimal(value.toString());
}

/** A price, kept with all its decimals (rates carry up to 6), trailing zeros trimmed to the minor unit. */
export function priceMoney(amount: DecimalLike, currency: string): Money {
  const value = toDecimal(amount);
  const digits = Math.max(minorUnitDigits(currency), value.decimalPlaces());
  return { amount: value.toFixed(digits), currency };
}

/** An amount owed, rounded half-up to the currency's minor unit. */
export function roundedMoney(amount: DecimalLike, currency: string): Money {
  return { amount: toDecimal(amount).toFixed(minorUnitDigits(currency), Decimal.ROUND_HALF_UP), currency };
}
