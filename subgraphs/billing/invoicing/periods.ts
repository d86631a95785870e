/**
 * Billing periods are cut in the account's time zone (Europe/Rome by default): a call at 00:30
 * local time on 1 December belongs to December, although it is still 30 November in UTC.
 * Period bounds are calendar dates (startsOn and endsOn both inclusive), stored as DATE.
 */
import { COMPANY_TIME_ZONE, localDate } from '../../shared/calendar.js';

export { isTimeZone, localDate } from '../../shared/calendar.js';

export type PeriodRule = 'MONTHLY' | 'QUARTERLY';

export const DEFAULT_TIME_ZONE = COMPANY_TIME_ZONE;

export interface PeriodBounds {
  /** UTC midnight of the local first day, as Prisma passes a DATE. */
  startsOn: Date;
  endsOn: Date;
}

function boundsContaining(year: number, month: number, rule: PeriodRule): PeriodBounds {
  const firstMonth = rule === 'MONTHLY' ? month : month - (month % 3);
  const months = rule === 'MONTHLY' ? 1 : 3;
  return {
    startsOn: new Date(Date.UTC(year, firstMonth, 1)),
    endsOn: new Date(Date.UTC(year, firstMonth + months, 0)),
  };
}

/** The period (by the account's rule) that the local date of `at` falls in. */
export function periodOf(at: Date, timeZone: string, rule: PeriodRule): PeriodBounds {
  const [year, month] = localDate(at, timeZone).split('-').map(Number) as [number, number];
  return boundsContaining(year, month - 1, rule);
}

/** The period that starts the day after `period` ends. */
export function periodAfter(period: { endsOn: Date }, rule: PeriodRule): PeriodBounds {
  const next = new Date(period.endsOn.getTime() + 86_400_000);
  return boundsContaining(next.getUTCFullYear(), next.getUTCMonth(), rule);
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Whether the period's last local day is over at `now` in the account's time zone. */
export function hasEnded(period: { endsOn: Date }, now: Date, timeZone: string): boolean {
  return localDate(now, timeZone) > isoDay(period.endsOn);
}
