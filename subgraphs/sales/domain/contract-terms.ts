/**
 * When a contract and its rates apply. A contract runs from `startsOn` to the end of `endsOn`
 * (UTC days, both inclusive); a rate applies from `effectiveFrom` (inclusive) to `effectiveTo`
 * (exclusive), and prices only while its contract runs.
 */
import { validDate } from '../../shared/validation.js';
import { startOfUtcDay } from './rates-in-force.js';

/** Contracts are current business: a year before 2000 or after 2099 is a typing error. */
export const EARLIEST_DATE = new Date('2000-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('2099-12-31T00:00:00.000Z');
const END_OF_CALENDAR = new Date('2100-01-01T00:00:00.000Z');

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export const calendarDate = validDate.refine(
  (date) => date >= EARLIEST_DATE && date < END_OF_CALENDAR,
  `must be between ${isoDay(EARLIEST_DATE)} and ${isoDay(LATEST_DATE)}`,
);

const DAY_MS = 24 * 60 * 60 * 1000;

export function dayAfter(day: Date): Date {
  return new Date(startOfUtcDay(day).getTime() + DAY_MS);
}

export interface Period {
  from: Date;
  /** Exclusive; null is open-ended. */
  to: Date | null;
}

export interface Term {
  startsOn: Date;
  endsOn: Date | null;
}

/** The instant a contract stops applying: the midnight after its last day. */
export function endOfTerm(term: Term): Date | null {
  return term.endsOn && dayAfter(term.endsOn);
}

/** The part of a rate's period in which its contract runs, or null if they never meet. */
export function pricedPeriod(rate: { effectiveFrom: Date; effectiveTo: Date | null }, term: Term): Period | null {
  const start = startOfUtcDay(term.startsOn);
  const end = endOfTerm(term);
  const from = rate.effectiveFrom > start ? rate.effectiveFrom : start;
  const candidates = [rate.effectiveTo, end].filter((instant): instant is Date => instant !== null);
  const to = candidates.length ? new Date(Math.min(...candidates.map((instant) => instant.getTime()))) : null;
  return to && to <= from ? null : { from, to };
}

export function periodsOverlap(a: Period, b: Period): boolean {
  return a.from.getTime() < (b.to?.getTime() ?? Infinity) && b.from.getTime() < (a.to?.getTime() ?? Infinity);
}

/** Why a rate starting at `effectiveFrom` does not fit the contract's term, or null if it does. */
export function rateOutsideTerm(effectiveFrom: Date, term: Term): string | null {
  if (effectiveFrom < startOfUtcDay(term.startsOn)) return `must not be before the contract starts (${isoDay(term.startsOn)})`;
  const end = endOfTerm(term);
  if (end && effectiveFrom >= end) return `must be before the contract ends (its last day is ${isoDay(term.endsOn!)})`;
  return null;
}
