/**
 * Business time: the "now" a rule is judged by (a booking lies in the future, a period is over,
 * a contract ends today, the date a letter bears). Every service takes one clock and passes its
 * reading down, so a test or a demo can run the whole platform at another instant by giving
 * each service the same clock. Operational timing (leases, retries, timeouts) stays on timers
 * and the database's own clock.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
