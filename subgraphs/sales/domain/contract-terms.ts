/**
 * When a contract and its rates apply. A contract runs from the start of `startsOn` to the end
 * of `endsOn`, both inclusive, days in the company's time zone (Europe/Rome, as billing periods
 * are): a contract starting on 2026-01-01 runs from 2026-01-01T00:00+01:00. A rate applies from
 * `effectiveFrom` (inclusive) to `effectiveTo` (exclusive), instants, and prices only while its
 * contract runs.
 */
import { COMPANY_TIME_ZONE, endOfLocalDay, startOfLocalDay } from '../../shared/calendar.js';
import { validDate } from '../../shared/validation.js';

/** Contracts are current business: a year before 2000 or after 2099 is a typing error. */
export const EARLIEST_DATE = new Date('2000-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('2099-12-31T00:00:00.000Z');
const END_OF_CALENDAR = new Date('2100-01-01T00:00:00.000Z');

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export const calendarDate = validDate.refine(
  (date) => date >= EARLIEST_DATE && date < END_OF_CALENDAR,
  `must be between ${isoDay(EARLIEST_DATE)} and ${isoDay(LATEST_DATE)}`,
);

export interface Period {
  from: Date;
  /** Exclusive; null is open-ended. */
  to: Date | null;
}

export interface Term {
  startsOn: Date;
  endsOn: Date | null;
}

/** The instant a contract starts applying: the company's midnight starting its first day. */
export function startOfTerm(term: Term): Date {
  return startOfLocalDay(term.startsOn, COMPANY_TIME_ZONE);
}

/** The instant a contract stops applying: the company's midnight after its last day. */
export function endOfTerm(term: Term): Date | null {
  return term.endsOn && endOfLocalDay(term.endsOn, COMPANY_TIME_ZONE);
}

/** The part of a rate's period in which its contract runs, or null if they never meet. */
export function pricedPeriod(rate: { effectiveFrom: Date; effectiveTo: Date | null }, term: Term): Period | null {
  const start = startOfTerm(term);
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
  if (effectiveFrom < startOfTerm(term)) return `must not be before the contract starts (its first day, ${isoDay(term.startsOn)} in ${COMPANY_TIME_ZONE}, begins at ${startOfTerm(term).toISOString()})`;
  const end = endOfTerm(term);
  if (end && effectiveFrom >= end) return `must be before the contract ends (its last day, ${isoDay(term.endsOn!)} in ${COMPANY_TIME_ZONE}, ends at ${end.toISOString()})`;
  return null;
}
