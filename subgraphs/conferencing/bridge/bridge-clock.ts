/**
 * The bridge reports each step with its own clock (`at`), so a bridge that buffers its reports
 * a few seconds can say when something happened. A time from the future is a clock gone wrong,
 * not a plan; a time before the step it follows would give a negative leg.
 *
 * A join, a leave and an end are billed by their times, so they are reported as they happen:
 * one dated more than the skew before our clock is refused, or a join back-dated to the
 * conference's start would bill minutes nobody was on the call. A conference's start may lie
 * further back (within its reservation's window): it bills nothing by itself.
 */
import { badUserInput } from '../../shared/errors.js';

/** How far the bridge's clock may run ahead of ours, or a live report lag behind it: NTP-synchronised clocks agree far closer. */
export const CLOCK_SKEW_MS = 30_000;

/**
 * The instant of a step: `at` as reported, or now. Refused when it lies more than the skew
 * ahead of now, or before `notBefore` (the step it follows, described by `previousStep`).
 * Without `at`, a previous step reported slightly ahead of our clock moves now up to it.
 */
export function stepInstant(at: Date | null | undefined, notBefore: Date, previousStep: string, now: Date): Date {
  if (at === null || at === undefined) return now < notBefore ? notBefore : now;
  if (Number.isNaN(at.getTime())) throw badUserInput('at', 'must be a valid date and time');
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw badUserInput('at', `is ${Math.round((at.getTime() - now.getTime()) / 1000)} s ahead of conferencing's clock (${now.toISOString()}); the bridge's clock may run at most ${CLOCK_SKEW_MS / 1000} s ahead`);
  }
  if (at < notBefore) throw badUserInput('at', `must not be before ${previousStep} (${notBefore.toISOString()})`);
  return at;
}

/** The instant of a join, a leave or an end: as `stepInstant`, and at most the skew behind now. */
export function liveStepInstant(at: Date | null | undefined, notBefore: Date, previousStep: string, now: Date): Date {
  if (at && at.getTime() < now.getTime() - CLOCK_SKEW_MS) {
    throw badUserInput(
      'at',
      `is ${Math.round((now.getTime() - at.getTime()) / 1000)} s behind conferencing's clock (${now.toISOString()}); a join, a leave or an end is reported as it happens, at most ${CLOCK_SKEW_MS / 1000} s late (without at, it is recorded now)`,
    );
  }
  return stepInstant(at, notBefore, previousStep, now);
}
