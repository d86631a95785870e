/**
 * Invoices in currencies other than the euro. Italian VAT is stated in euro (art. 21 c. 2 l) DPR
 * 633/72), an amount in another currency being converted at the rate of the day of the operation
 * (art. 13 c. 4), for which the ECB's reference rate may be used. So an account may be billed in
 * JPY or BHD (its invoice's amounts at that currency's minor unit: 0 decimals for JPY, 3 for
 * BHD), but its invoice is issued only with the euro rate of the issue day, given by the billing
 * specialist who closes the period and stored on the invoice; its FatturaPA file, and those of
 * its credit notes (a correction takes the rate of the operation it corrects), state every amount
 * in euro at that rate, rounded half-up to the cent, and the VAT per rate computed in euro on
 * those amounts (invoicing/vat.ts).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { conflict } from '../../shared/errors.js';
import { currencyCode, validate } from '../../shared/validation.js';

/** Units of a currency per euro, by ISO 4217 code; never holds EUR. */
export type EuroExchangeRates = ReadonlyMap<string, Decimal>;

export const NO_EURO_EXCHANGE_RATES: EuroExchangeRates = new Map();

export const EURO_EXCHANGE_RATE_DECIMALS = 8;

const exchangeRateInput = z
  .array(
    z.object({
      currency: currencyCode.refine((code) => code !== 'EUR', 'needs no exchange rate: EUR is the euro'),
      perEuro: z
        .string()
        .trim()
        // abort: a value that is no decimal at all never reaches the comparison below, which would throw on it.
        .regex(new RegExp(`^\\d{1,12}(\\.\\d{1,${EURO_EXCHANGE_RATE_DECIMALS}})?$`), {
          message: `must be a positive decimal such as 161.2 (units per 1 EUR) with at most ${EURO_EXCHANGE_RATE_DECIMALS} decimals`,
          abort: true,
        })
        .refine((value) => new Decimal(value).greaterThan(0), 'must be more than 0'),
    }),
  )
  .refine((rates) => new Set(rates.map((rate) => rate.currency)).size === rates.length, 'must give each currency once');

/** The rates a request gives, checked; BAD_USER_INPUT naming the field otherwise. */
export function euroExchangeRatesOf(input: { currency: string; perEuro: string }[] | null | undefined, field = 'euroExchangeRates'): EuroExchangeRates {
  if (!input) return NO_EURO_EXCHANGE_RATES;
  return new Map(validate(exchangeRateInput, input, field).map((rate) => [rate.currency, new Decimal(rate.perEuro)]));
}

/**
 * The rate an invoice in `currency` is issued at: none for EUR; CONFLICT naming the fix when the
 * closer gave none for it (nothing is written: the period stays open).
 */
export function euroExchangeRateFor(currency: string, rates: EuroExchangeRates, customerId: string): string | null {
  if (currency === 'EUR') return null;
  const rate = rates.get(currency);
  if (!rate) {
    throw conflict(
      `Customer ${customerId} is billed in ${currency}, and Italian VAT is stated in euro: its invoice needs the euro exchange rate of the issue day (art. 13 DPR 633/72). Close the period again with euroExchangeRates: [{ currency: "${currency}", perEuro: "<${currency} per 1 EUR, such as the ECB reference rate>" }].`,
      { customerId, currency },
    );
  }
  return rate.toFixed();
}

/** An amount in the invoice's currency, in euro at `perEuro`, rounded half-up to the cent. */
export function inEuro(amount: Decimal.Value, perEuro: Decimal.Value): Decimal {
  return new Decimal(amount).dividedBy(perEuro).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}
