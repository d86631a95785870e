/**
 * Where billing applies the contract rates. Pure functions: the same usage and the same rate
 * always give the same charge, whoever rates it (the usage import, the demo seed, a re-check).
 *
 * Per-minute rates price connection time rounded UP to the rate's billing increment
 * (60 s increments bill 61 s as 120 s); per-call rates price a conference once.
 * Charges keep 6 decimals; rounding to cents happens once, on the invoice.
 */
import { Decimal } from 'decimal.js';

export type RateUnit = 'MINUTE' | 'CALL';

export interface RateTerms {
  service: string;
  unit: RateUnit;
  unitPrice: string;
  billingIncrementSeconds: number;
  currency: string;
}

export interface Charge {
  billedSeconds: number;
  amount: Decimal;
}

export const CHARGE_DECIMALS = 6;

export function roundUpToIncrement(seconds: number, incrementSeconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`seconds must be a non-negative integer, got ${seconds}`);
  if (!Number.isInteger(incrementSeconds) || incrementSeconds < 1) throw new RangeError(`increment must be a positive integer, got ${incrementSeconds}`);
  return Math.ceil(seconds / incrementSeconds) * incrementSeconds;
}

export function rateConnectionTime(seconds: number, rate: RateTerms): Charge {
  if (rate.unit !== 'MINUTE') throw new RangeError(`${rate.service} is priced per ${rate.unit}, not per minute`);
  const billedSeconds = roundUpToIncrement(seconds, rate.billingIncrementSeconds);
  const amount = new Decimal(rate.unitPrice).times(billedSeconds).dividedBy(60).toDecimalPlaces(CHARGE_DECIMALS, Decimal.ROUND_HALF_UP);
  return { billedSeconds, amount };
}

export function ratePerCall(rate: RateTerms): Charge {
  if (rate.unit !== 'CALL') throw new RangeError(`${rate.service} is priced per ${rate.unit}, not per call`);
  return { billedSeconds: 0, amount: new Decimal(rate.unitPrice) };
}

/** The service a participant leg is billed as. */
export function serviceOfLeg(leg: { tollFree: boolean }): 'CONFERENCE_TOLL_FREE' | 'CONFERENCE_DIAL_IN' {
  return leg.tollFree ? 'CONFERENCE_TOLL_FREE' : 'CONFERENCE_DIAL_IN';
}
