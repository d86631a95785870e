/**
 * Guessing access codes is slow, for each caller and for the bridge as a whole. Every access
 * code startConference cannot open on for a caller who is not an operator (unknown, released,
 * not open yet; see conferences.ts) counts as a failure of that caller AND of the whole bridge:
 *
 * - once a caller has `maxFailedAccessCodes` failures in a window (which opens at its first
 *   failure), every startConference of that caller is refused at once, without looking the
 *   code up, until the window has passed. Even the right code is refused: otherwise the
 *   refusals would still tell a guess that hit from one that missed. The caller is the
 *   verified identity's subject (`bridge:1`, an operator's user id), so a guesser blocks
 *   itself first and the other bridge devices and operators go on starting conferences.
 * - once all callers together have `maxFailedAccessCodesTotal` failures in a window (larger:
 *   several callers' worth), every startConference of every caller is refused until it has
 *   passed. This holds back a guess spread over many identities (stolen device credentials),
 *   which the per-caller limit alone would multiply by the number of identities; its cost is
 *   that such an attack also holds back genuine starts for the rest of that window.
 *
 * The counts live in conferencing's database (AccessCodeFailureWindow: one row per caller,
 * `caller:<subject>`, and one for the bridge, `bridge`), so every conferencing instance counts
 * the same failures: with the counts in each process, N instances behind a load balancer would
 * allow N times the guesses. Each instance also remembers a block it has seen until it ends,
 * so a flood of refused calls costs no query.
 */
import { GraphQLError } from 'graphql';
import { tooManyRequests } from '../../shared/errors.js';
import type { Clock } from '../../shared/clock.js';
import type { Identity } from '../../shared/identity/roles.js';
import type { BridgeLimits } from '../config.js';
import type { ConferencingPrisma } from '../database.js';

/** The row counting every caller's failures. Callers' rows are `caller:<subject>`, so no subject can name it. */
export const WHOLE_BRIDGE = 'bridge';

/** The key a caller's failures are counted under: the subject its verified token names. */
export function callerKeyOf(identity: Identity | undefined): string {
  // The access rules refuse startConference without an identity before it runs; this is a second lock.
  if (!identity) throw new GraphQLError('startConference needs a verified caller: send a bearer token', { extensions: { code: 'UNAUTHENTICATED' } });
  return `caller:${identity.subject}`;
}

/** Remembered blocks beyond this many are swept of the expired ones, so per-caller keys cannot grow the map without end. */
const REMEMBERED_BLOCKS = 10_000;

export interface AccessCodeGuard {
  /** Throws TOO_MANY_REQUESTS while the caller, or the whole bridge, is blocked. */
  refuseWhileBlocked(callerKey: string): Promise<void>;
  /** Counts a failed access code against the caller and the whole bridge. */
  recordFailure(callerKey: string): Promise<void>;
}

type Limits = Pick<BridgeLimits, 'maxFailedAccessCodes' | 'maxFailedAccessCodesTotal' | 'failedAccessCodeWindowMs'>;

export function accessCodeGuard(prisma: ConferencingPrisma, clock: Clock, { maxFailedAccessCodes, maxFailedAccessCodesTotal, failedAccessCodeWindowMs }: Limits): AccessCodeGuard {
  const blockedUntil = new Map<string, number>();
  const limitOf = (key: string) => (key === WHOLE_BRIDGE ? maxFailedAccessCodesTotal : maxFailedAccessCodes);

  function remember(key: string, until: number, now: number): void {
    if (blockedUntil.size >= REMEMBERED_BLOCKS) {
      for (const [known, ends] of blockedUntil) if (ends <= now) blockedUntil.delete(known);
    }
    blockedUntil.set(key, until);
  }

  function refusal(key: string, until: number, now: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
    const whose = key === WHOLE_BRIDGE ? `from all callers together` : `from you`;
    return tooManyRequests(
      `Too many unknown access codes ${whose}: ${limitOf(key)} within ${failedAccessCodeWindowMs / 1000} s. The bridge opens no conference for ${key === WHOLE_BRIDGE ? 'anyone' : 'you'} until ${new Date(until).toISOString()}; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
      { retryAt: new Date(until).toISOString(), limit: key === WHOLE_BRIDGE ? 'BRIDGE' : 'CALLER' },
    );
  }

  return {
    async refuseWhileBlocked(callerKey) {
      const now = clock().getTime();
      // The caller's own block first: a guesser is told it blocked itself.
      for (const key of [callerKey, WHOLE_BRIDGE]) {
        const known = blockedUntil.get(key);
        if (known !== undefined && known > now) throw refusal(key, known, now);
      }
      const windows = await prisma.accessCodeFailureWindow.findMany({ where: { callerKey: { in: [callerKey, WHOLE_BRIDGE] } } });
      windows.sort((a, b) => Number(a.callerKey === WHOLE_BRIDGE) - Number(b.callerKey === WHOLE_BRIDGE));
      for (const window of windows) {
        if (window.failures < limitOf(window.callerKey)) continue;
        const until = window.windowStartedAt.getTime() + failedAccessCodeWindowMs;
        if (until <= now) continue;
        remember(window.callerKey, until, now);
        throw refusal(window.callerKey, until, now);
      }
    },

    async recordFailure(callerKey) {
      const now = clock();
      // One statement for both rows, so failures reported to several instances at once are all
      // counted: a window that has passed starts again at this failure.
      const windows = await prisma.$queryRawUnsafe<{ callerKey: string; windowStartedAt: Date; failures: number }[]>(
        `INSERT INTO "AccessCodeFailureWindow" AS w ("callerKey", "windowStartedAt", "failures") VALUES ($1, $3::timestamp(3), 1), ($2, $3::timestamp(3), 1)
         ON CONFLICT ("callerKey") DO UPDATE SET
           "windowStartedAt" = CASE WHEN w."windowStartedAt" <= $4::timestamp(3) THEN EXCLUDED."windowStartedAt" ELSE w."windowStartedAt" END,
           "failures" = CASE WHEN w."windowStartedAt" <= $4::timestamp(3) THEN 1 ELSE w."failures" + 1 END
         RETURNING "callerKey", "windowStartedAt", "failures"`,
        callerKey,
        WHOLE_BRIDGE,
        now,
        new Date(now.getTime() - failedAccessCodeWindowMs),
      );
      for (const window of windows) {
        if (window.failures >= limitOf(window.callerKey)) remember(window.callerKey, new Date(window.windowStartedAt).getTime() + failedAccessCodeWindowMs, now.getTime());
      }
    },
  };
}
