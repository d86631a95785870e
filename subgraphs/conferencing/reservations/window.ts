/**
 * When the bridge accepts a reservation's access code. Participants dial in a little early
 * and calls overrun, so the window is wider than the booked one: a call that starts on time
 * is never refused, and one that overruns is not cut off. Beyond the margins the code is
 * closed, so an old code cannot open the bridge for an unbooked call.
 */
const MINUTE = 60_000;

/** How early, before the booked start, the conference can start and participants join. */
export const JOIN_EARLY_MINUTES = 15;
/** How long after the booked end the conference can still start or take participants. */
export const OVERRUN_MINUTES = 30;

export interface BridgeWindow {
  validFrom: Date;
  validUntil: Date;
}

export function bridgeWindow(scheduledStart: Date, durationMinutes: number): BridgeWindow {
  return {
    validFrom: new Date(scheduledStart.getTime() - JOIN_EARLY_MINUTES * MINUTE),
    validUntil: new Date(scheduledStart.getTime() + (durationMinutes + OVERRUN_MINUTES) * MINUTE),
  };
}
