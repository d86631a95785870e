/**
 * Which mailings process runs a campaign. Several mailings instances may share one database;
 * a RUNNING campaign carries the id of the runner that holds it (`runnerId`) and when its lease
 * runs out (`leaseExpiresAt`). The holder renews the lease while its job runs and releases it
 * when it stops cleanly; a campaign whose lease has run out (its process died, froze or lost
 * the database) may be claimed by any runner. Each claim is one conditional UPDATE, so of two
 * runners racing for a campaign one gets it.
 *
 * Times are the database's (`now()`), never a process's clock: instances on different hosts
 * then agree on when a lease has run out. The holder also keeps its own, monotonic, account
 * of how long its lease is good for (`HeldLease`), so that a process cut off from the
 * database stops printing and e-mailing before anyone else may take over.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { MailingsPrisma } from '../database.js';
import { Prisma } from '../generated/prisma/client.js';

/**
 * Renewed every third of it, as a heartbeat: a campaign whose runner missed three heartbeats is
 * free. Long enough to ride out a slow query or a garbage collection; short enough that a peer
 * resumes a crashed run within about 12 s (the lease, then its next look).
 */
export const DEFAULT_LEASE_MS = 9_000;

/**
 * The mailings instance a runner runs as, beyond its own process: what a restarted process
 * knows of the one before it.
 */
export interface RunnerInstance {
  /**
   * The host and address it listens on (`host:port`). Only one live process can listen there:
   * campaigns held under this name by another process were its predecessor's, which is gone.
   * Null when the port is chosen at random (0): another live process may have had the same one.
   */
  name: string | null;
  /**
   * Its database is its alone (PGlite, whose folder one process opens at a time): whatever
   * campaign is left RUNNING in it when it starts was held by a process that is gone.
   */
  ownsDatabase: boolean;
}

/** `host:port`, or null when the port is chosen at random (0): another process may then have listened there before. */
export function instanceName(host: string, port: number): string | null {
  return port === 0 ? null : `${hostname()}:${host}:${port}`;
}

/** Unique per runner; says where the runner is, for whoever reads the campaign row: its instance (or host), process id and a random part. */
export function newRunnerId(instance?: RunnerInstance): string {
  return `${instance?.name ?? hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

export interface LeaseTerms {
  runnerId: string;
  leaseMs: number;
}

const leaseEnd = (terms: LeaseTerms) => Prisma.sql`now() + ${terms.leaseMs}::integer * interval '1 millisecond'`;
const RUN_OUT = Prisma.sql`("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= now())`;

/**
 * Which RUNNING campaigns have no live runner, as the runner of `terms` knows: those whose lease
 * has run out, and those its instance's previous process held (any other runner's, with a
 * database of its own), without waiting for their leases to run out.
 */
export function abandonedFor(terms: LeaseTerms, instance: RunnerInstance | undefined): Prisma.Sql {
  if (instance?.ownsDatabase) return Prisma.sql`("runnerId" IS DISTINCT FROM ${terms.runnerId})`;
  if (!instance?.name) return RUN_OUT;
  return Prisma.sql`(${RUN_OUT} OR (starts_with("runnerId", ${`${instance.name}/`}) AND "runnerId" <> ${terms.runnerId}))`;
}

/** Claims a campaign to start it: DRAFT or FAILED, or RUNNING with a lease that has run out. */
export async function claimToStart(prisma: MailingsPrisma, terms: LeaseTerms, id: string): Promise<boolean> {
  const claimed = await prisma.$executeRaw`
    UPDATE "Campaign" SET "status" = 'RUNNING', "failure" = NULL, "interruptions" = 0, "runnerId" = ${terms.runnerId}, "leaseExpiresAt" = ${leaseEnd(terms)}
    WHERE "id" = ${id}::uuid AND ("status" IN ('DRAFT', 'FAILED') OR ("status" = 'RUNNING' AND ${RUN_OUT}))`;
  return claimed === 1;
}

export interface AbandonedCampaign {
  id: string;
  name: string;
  /** Who held it last, as read before the claim; null when it was released or never leased. */
  runnerId: string | null;
  interruptions: number;
}

/** RUNNING campaigns `abandoned` (abandonedFor) says are free: their runner died, froze, lost the database or stopped. */
export function findAbandoned(prisma: MailingsPrisma, abandoned: Prisma.Sql = RUN_OUT): Promise<AbandonedCampaign[]> {
  return prisma.$queryRaw<AbandonedCampaign[]>`
    SELECT "id"::text AS "id", "name", "runnerId", "interruptions" FROM "Campaign" WHERE "status" = 'RUNNING' AND ${abandoned} ORDER BY "createdAt"`;
}

/**
 * Claims one RUNNING campaign whose lease has run out, to resume it. A lease still naming its
 * runner was not released: that runner died (or froze) while running it, which is counted.
 */
export async function claimAbandoned(prisma: MailingsPrisma, terms: LeaseTerms, id: string, abandoned: Prisma.Sql = RUN_OUT): Promise<boolean> {
  const claimed = await prisma.$executeRaw`
    UPDATE "Campaign" SET "runnerId" = ${terms.runnerId}, "leaseExpiresAt" = ${leaseEnd(terms)},
           "interruptions" = "interruptions" + (CASE WHEN "runnerId" IS NULL THEN 0 ELSE 1 END)
    WHERE "id" = ${id}::uuid AND "status" = 'RUNNING' AND ${abandoned}`;
  return claimed === 1;
}

/**
 * Resumed this often after its runner died, a campaign is not resumed again by itself: what
 * kills its runners (a crash it causes) would kill the next one too, for ever.
 */
export const MAX_INTERRUPTIONS = 3;

export function crashLoopFailure(interruptions: number): string {
  return `its run was interrupted ${interruptions} times (the mailings process running it stopped without releasing it, as when it crashes); it is not resumed again by itself: run it again to continue where it stopped`;
}

/** Fails an abandoned campaign whose runner died once more after MAX_INTERRUPTIONS resumes; true if it did. */
export async function failCrashLooping(prisma: MailingsPrisma, id: string, abandoned: Prisma.Sql = RUN_OUT): Promise<boolean> {
  const failed = await prisma.$executeRaw`
    UPDATE "Campaign" SET "status" = 'FAILED', "failure" = ${crashLoopFailure(MAX_INTERRUPTIONS + 1)}, "runnerId" = NULL, "leaseExpiresAt" = NULL
    WHERE "id" = ${id}::uuid AND "status" = 'RUNNING' AND ${abandoned} AND "runnerId" IS NOT NULL AND "interruptions" >= ${MAX_INTERRUPTIONS}`;
  return failed === 1;
}

/** Renews this runner's leases on `ids`; returns the ids it still holds. */
export async function renewLeases(prisma: MailingsPrisma, terms: LeaseTerms, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const renewed = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Campaign" SET "leaseExpiresAt" = ${leaseEnd(terms)}
    WHERE "id" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND "runnerId" = ${terms.runnerId} AND "status" = 'RUNNING'
    RETURNING "id"::text AS "id"`;
  return new Set(renewed.map((row) => row.id));
}

/** Gives up this runner's lease on a campaign left RUNNING, so that any runner may resume it at once. */
export async function releaseLease(prisma: MailingsPrisma, runnerId: string, id: string): Promise<boolean> {
  const { count } = await prisma.campaign.updateMany({ where: { id, runnerId, status: 'RUNNING' }, data: { runnerId: null, leaseExpiresAt: null } });
  return count === 1;
}

/** Why a job must stop before its next step: its lease is gone, or its runner is stopping. */
export class LeaseEnded extends Error {
  constructor(
    message: string,
    readonly because: 'lost' | 'stopping',
  ) {
    super(message);
    this.name = 'LeaseEnded';
  }
}

/**
 * A job's own view of its lease. The database made the lease end no earlier than `leaseMs`
 * after the claim or renewal was sent, so until then (by this process's monotonic clock) no
 * other runner can have claimed it.
 */
export class HeldLease {
  private goodUntil: number;
  private ended: LeaseEnded | null = null;

  constructor(
    readonly campaignId: string,
    private readonly leaseMs: number,
    sentAt: number,
  ) {
    this.goodUntil = sentAt + leaseMs;
  }

  renewed(sentAt: number): void {
    this.goodUntil = Math.max(this.goodUntil, sentAt + this.leaseMs);
  }

  /** Ends the lease (a loss outweighs a stop); returns why it ended, for the job to throw. */
  end(message: string, because: LeaseEnded['because']): LeaseEnded {
    if (!this.ended || (because === 'lost' && this.ended.because !== 'lost')) this.ended = new LeaseEnded(message, because);
    return this.ended;
  }

  /** Throws unless the job may still write: called before every step that prints, e-mails or records. */
  check(): void {
    if (this.ended) throw this.ended;
    if (performance.now() >= this.goodUntil) {
      throw this.end(`its lease ran out before it could be renewed (no renewal got through for ${this.leaseMs} ms)`, 'lost');
    }
  }
}
