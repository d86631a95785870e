/**
 * The instant the end-to-end tests run at: PINNED_NOW, or INTEGRA_TEST_NOW when set (the
 * calendar guard, `npm run test:calendar`, runs them at month ends, the new year, a DST night
 * and a leap day). Everything a test compares derives from the stack's clock, which starts here.
 */
import { PINNED_NOW } from '../../prisma/demo/world.js';
import { clockStartingAt, type SteerableClock } from '../../scripts/lib/steerable-clock.js';

function testNow(): Date {
  const raw = process.env.INTEGRA_TEST_NOW;
  if (!raw) return PINNED_NOW;
  const parsed = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(parsed.getTime())) {
    throw new Error(`INTEGRA_TEST_NOW=${raw} is not an ISO 8601 date and time (2027-01-01T00:30:00+01:00)`);
  }
  return parsed;
}

export const TEST_NOW = testNow();

/** A clock for a test's own servers, running from `start` (PINNED_NOW by default), for fixtures laid out around that instant. */
export function clockFrom(start: Date = PINNED_NOW): SteerableClock {
  return clockStartingAt(start);
}
