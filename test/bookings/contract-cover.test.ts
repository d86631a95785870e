/** Which contracts let a customer book a call on a day: sales' term rule, read by bookings. */
import { describe, expect, it } from 'vitest';
import { contractCovers, utcDay } from '../../subgraphs/bookings/customer-directory.js';

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

  it('takes the booked instant’s UTC day, whatever the offset it was given in', () => {
    expect(utcDay(new Date('2026-07-01T01:30:00+02:00'))).toBe('2026-06-30');
  });
});
