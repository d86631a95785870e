/**
 * The company's calendar. Days the business speaks of (a contract's startsOn and endsOn, a
 * billing period, an invoice's date) are days in a time zone, never UTC days: in Rome, the
 * first hour of 1 January is still 31 December in UTC. Sales, bookings and billing all judge
 * contract days here, so a contract covers the same instants wherever it is checked.
 */

/** Where the company keeps its books: contract days are its days. */
export const COMPANY_TIME_ZONE = 'Europe/Rome';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const HOUR_MS = 3_600_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(at).map(({ type, value }) => [type, Number(value)]));
  const wallClock = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return wallClock - (at - (((at % 1000) + 1000) % 1000));
}

/** A calendar day as YYYY-MM-DD: a string already, or a DATE column (UTC midnight, as Prisma reads one). */
export const dayOf = (day: string | Date): string => (typeof day === 'string' ? day : day.toISOString().slice(0, 10));

/**
 * The first instant of `day` in the time zone. Midnight takes the offset in force just before
 * or just after it, whichever reads as that day first: where a zone moves its clocks at
 * midnight (Chile, Lebanon), the day starts at the change. Rome moves at 02:00 and 03:00, so
 * its days start at midnight, 23 or 25 hours apart on the nights the clocks change.
 */
export function startOfLocalDay(day: string | Date, timeZone: string): Date {
  const date = dayOf(day);
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const candidates = [offsetMs(utcMidnight - 14 * HOUR_MS, timeZone), offsetMs(utcMidnight + 14 * HOUR_MS, timeZone)]
    .map((offset) => utcMidnight - offset)
    .filter((instant) => localDate(new Date(instant), timeZone) === date);
  return new Date(Math.min(...candidates));
}

/** The first instant after `day` in the time zone: where a term whose last day it is stops. */
export function endOfLocalDay(day: string | Date, timeZone: string): Date {
  const next = new Date(Date.parse(`${dayOf(day)}T00:00:00Z`) + 24 * HOUR_MS);
  return startOfLocalDay(next, timeZone);
}
