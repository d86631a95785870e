/**
 * Guessing access codes is slow: every unknown code startConference is given counts as a
 * failure of its caller, and once a caller has `maxFailedAccessCodes` failures in a window
 * (which opens at its first failure) every startConference of that caller is refused at once,
 * without looking the code up, until the window has passed. Even the right code is refused:
 * otherwise the refusals would still tell a guess that hit from one that missed.
 *
 * The count lives in conferencing's database (AccessCodeFailureWindow), so every conferencing
 * instance counts the same failures: with the count in each process, N instances behind a load
 * balancer would allow N times the guesses. Each instance also remembers a block it has seen
 * until it ends, so a flood of refused calls costs no query.
 *
 * The caller is the bridge as a whole today (BRIDGE_CALLER): the bridge hardware is one client,
 * and an attacker reaching the API is that client too. Once callers are identified, each one's
 * own key (its token's subject, or its address) is passed instead, and a guesser then blocks
 * only itself; until then, a flood of wrong codes also holds back genuine starts for the rest
 * of the window.
 */
import { tooManyRequests } from '../../shared/errors.js';
import type { Clock } from '../../shared/clock.js';
import type { BridgeLimits } from '../config.js';
import type { ConferencingPrisma } from '../database.js';

/** The only caller today: the bridge hardware. */
export const BRIDGE_CALLER = 'bridge';

/** Remembered blocks beyond this many are swept of the expired ones, so per-caller keys cannot grow the map without end. */
const REMEMBERED_BLOCKS = 10_000;

export interface AccessCodeGuard {
  /** Throws TOO_MANY_REQUESTS while the caller is blocked. */
  refuseWhileBlocked(callerKey: string): Promise<void>;
  /** Counts an unknown access code against the caller. */
  recordFailure(callerKey: string): Promise<void>;
}

type Limits = Pick<BridgeLimits, 'maxFailedAccessCodes' | 'failedAccessCodeWindowMs'>;

export function accessCodeGuard(prisma: ConferencingPrisma, clock: Clock, { maxFailedAccessCodes, failedAccessCodeWindowMs }: Limits): AccessCodeGuard {
  const blockedUntil = new Map<string, number>();

  function remember(callerKey: string, until: number, now: number): void {
    if (blockedUntil.size >= REMEMBERED_BLOCKS) {
      for (const [key, ends] of blockedUntil) if (ends <= now) blockedUntil.delete(key);
    }
    blockedUntil.set(callerKey, until);
  }

  function refusal(until: number, now: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
    return tooManyRequests(
      `Too many unknown access codes: ${maxFailedAccessCodes} within ${failedAccessCodeWindowMs / 1000} s. The bridge opens no conference until ${new Date(until).toISOString()}; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
      { retryAt: new Date(until).toISOString() },
    );
  }

  return {
    async refuseWhileBlocked(callerKey) {
      const now = clock().getTime();
      const known = blockedUntil.get(callerKey);
      if (known !== undefined && known > now) throw refusal(known, now);
      const window = await prisma.accessCodeFailureWindow.findUnique({ where: { callerKey } });
      if (!window || window.failures < maxFailedAccessCodes) return;
      const until = window.windowStartedAt.getTime() + failedAccessCodeWindowMs;
      if (until <= now) return;
      remember(callerKey, until, now);
      throw refusal(until, now);
    },

    async recordFailure(callerKey) {
      const now = clock();
      // One statement, so failures reported to several instances at once are all counted: a
      // window that has passed starts again at this failure.
      const [window] = await prisma.$queryRawUnsafe<{ windowStartedAt: Date; failures: number }[]>(
        `INSERT INTO "AccessCodeFailureWindow" AS w ("callerKey", "windowStartedAt", "failures") VALUES ($1, $2::timestamp(3), 1)
         ON CONFLICT ("callerKey") DO UPDATE SET
           "windowStartedAt" = CASE WHEN w."windowStartedAt" <= $3::timestamp(3) THEN EXCLUDED."windowStartedAt" ELSE w."windowStartedAt" END,
           "failures" = CASE WHEN w."windowStartedAt" <= $3::timestamp(3) THEN 1 ELSE w."failures" + 1 END
         RETURNING "windowStartedAt", "failures"`,
        callerKey,
        now,
        new Date(now.getTime() - failedAccessCodeWindowMs),
      );
      if (window && window.failures >= maxFailedAccessCodes) remember(callerKey, new Date(window.windowStartedAt).getTime() + failedAccessCodeWindowMs, now.getTime());
    },
  };
}
