/** Which contracts let a customer book a call on a day: sales' term rule, read by bookings. */
import { describe, expect, it } from 'vitest';
import { contractCovers, contractDay } from '../../subgraphs/bookings/customer-directory.js';

describe('contractCovers', () => {
  const active = { status: 'ACTIVE' as const, startsOn: '2026-03-01', endsOn: '2026-06-30' };

  it.each([
    ['its first day', '2026-03-01', true],
    ['its last day (endsOn is inclusive)', '2026-06-30', true],
    ['the day before it starts', '2026-02-28', false],
    ['the day after it ends', '2026-07-01', false],
  ])('an ACTIVE contract on %s: %s', (_label, day, covered) => {
    expect(contractCovers(active, day)).toBe(covered);
  });

  it('an open-ended contract covers every day from its start', () => {
    expect(contractCovers({ ...active, endsOn: null }, '2099-12-31')).toBe(true);
  });

  it('a TERMINATED contract covers the days up to its (shortened) end; a DRAFT covers none', () => {
    expect(contractCovers({ ...active, status: 'TERMINATED' }, '2026-06-30')).toBe(true);
    expect(contractCovers({ ...active, status: 'TERMINATED' }, '2026-07-01')).toBe(false);
    expect(contractCovers({ ...active, status: 'DRAFT' }, '2026-04-01')).toBe(false);
  });

  it('takes the booked instant’s day in Rome, as sales and billing do, whatever the offset it was given in', () => {
    expect(contractDay(new Date('2026-07-01T01:30:00+02:00'))).toBe('2026-07-01');
    expect(contractDay(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it.each([
    ['00:30 Rome on its first day (still the day before in UTC)', '2026-03-01T00:30:00+01:00', true],
    ['23:30 Rome on its last day', '2026-06-30T23:30:00+02:00', true],
    ['00:30 Rome the day after it ends (still its last day in UTC)', '2026-07-01T00:30:00+02:00', false],
  ])('a call at %s: %s', (_label, at, covered) => {
    expect(contractCovers(active, contractDay(new Date(at)))).toBe(covered);
  });

  it('follows Rome across the DST nights: 23:30 on 29 March (CEST) and 23:30 on 25 October (CET) are those days', () => {
    expect(contractDay(new Date('2026-03-29T23:30:00+02:00'))).toBe('2026-03-29');
    expect(contractDay(new Date('2026-10-25T23:30:00+01:00'))).toBe('2026-10-25');
    expect(contractDay(new Date('2026-10-25T02:30:00+01:00'))).toBe('2026-10-25');
  });
});
