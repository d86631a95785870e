/**
 * The company's calendar (subgraphs/shared/calendar.ts): where a day begins and ends in a time
 * zone, the nights clocks change included, which sales, bookings and billing judge contract
 * days by.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPANY_TIME_ZONE, endOfLocalDay, localDate, startOfLocalDay } from '../../subgraphs/shared/calendar.js';

describe('startOfLocalDay and endOfLocalDay', () => {
  it.each([
    ['a winter day', '2026-01-01', '2025-12-31T23:00:00.000Z', '2026-01-01T23:00:00.000Z'],
    ['the March DST day, 23 hours', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['a summer day', '2026-07-01', '2026-06-30T22:00:00.000Z', '2026-07-01T22:00:00.000Z'],
    ['the October DST day, 25 hours', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['a leap day', '2028-02-29', '2028-02-28T23:00:00.000Z', '2028-02-29T23:00:00.000Z'],
  ])('bounds %s in Rome', (_label, day, start, end) => {
    expect(startOfLocalDay(day, COMPANY_TIME_ZONE).toISOString()).toBe(start);
    expect(endOfLocalDay(day, COMPANY_TIME_ZONE).toISOString()).toBe(end);
    // As a DATE column reads, too.
    expect(startOfLocalDay(new Date(`${day}T00:00:00.000Z`), COMPANY_TIME_ZONE).toISOString()).toBe(start);
  });

  it('starts a day at the clock change where a zone moves its clocks at midnight (Santiago, Beirut)', () => {
    // 6 September 2026 in Santiago has no 00:00: the clocks jump from 00:00 (UTC−4) to 01:00 (UTC−3).
    expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Asia/Beirut').toISOString()).toBe('2026-03-28T22:00:00.000Z');
  });

  it('holds for any instant in zones with and without DST: the instant lies in its own day, which ends where the next begins', () => {
    const zones = fc.constantFrom(COMPANY_TIME_ZONE, 'UTC', 'America/New_York', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Asia/Kolkata');
    const instants = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(zones, instants, (zone, at) => {
        const day = localDate(at, zone);
        const start = startOfLocalDay(day, zone);
        const end = endOfLocalDay(day, zone);
        expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime()).toBeLessThan(end.getTime());
        expect(localDate(start, zone)).toBe(day);
        expect(localDate(new Date(start.getTime() - 1), zone) < day).toBe(true);
        expect(localDate(end, zone) > day).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
