/**
 * A business clock that starts at a chosen instant and runs at the real pace from there (by the
 * process's monotonic clock, so a wall clock moved by NTP or libfaketime does not shift it),
 * and can be moved forward. Tests and benchmarks give the same one to every service of a
 * platform, so a booking, the bridge's reports, the rating and the invoice all agree on "now"
 * whatever day they run.
 */
import type { Clock } from '../../subgraphs/shared/clock.js';

export interface SteerableClock {
  now: Clock;
  /** Moves the clock forward (a month end in a test); it keeps running from there. */
  advance(ms: number): void;
}

export function clockStartingAt(start: Date): SteerableClock {
  if (Number.isNaN(start.getTime())) throw new Error('clockStartingAt: the start is not a valid date');
  const startedAt = performance.now();
  let offset = 0;
  return {
    now: () => new Date(start.getTime() + offset + Math.floor(performance.now() - startedAt)),
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`clock.advance: ${ms} ms; a clock only moves forward`);
      offset += ms;
    },
  };
}
