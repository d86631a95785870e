/**
 * How many participants a reservation takes at once: those the booking expects and a margin,
 * since a colleague or two more than planned dial in to a real call. Beyond it the bridge
 * refuses joins (CONFERENCE_FULL), so an access code passed around cannot fill the bridge's
 * ports with a crowd on a booking for five.
 */
import { BOOKING_LIMITS } from '../../shared/events/contract.js';

/** However small the booking, two more people may join than it expects. */
export const MIN_EXTRA_PARTICIPANTS = 2;

/**
 * The cap for a booking expecting `expected` participants; an event recorded before bookings
 * sent them (undefined) gets the cap of the largest booking bookings accepts.
 */
export function participantCap(expected: number | undefined, marginPercent: number): number {
  const base = expected ?? BOOKING_LIMITS.maxExpectedParticipants;
  return base + Math.max(MIN_EXTRA_PARTICIPANTS, Math.ceil((base * marginPercent) / 100));
}
