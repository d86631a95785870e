/**
 * What lets the gateway keep a subgraph's answers and never serve one that is stale
 * (gateway/answer-cache/): each answer the gateway asks to be stamped names the data version it
 * was computed from and the instants between which the clock cannot change it, and
 * `/data-version` says which data version is committed now and what time it is.
 *
 * A data version is the release (below) and PostgreSQL's `pg_current_snapshot()`: which
 * transactions have committed. Any commit (a mutation, an event applied, a hand-made fix in
 * psql) changes it, an answer read after a commit has a different one, and a reader makes none.
 * The snapshot is read before the resolvers read anything, so an answer can only be newer than
 * its stamp, never older: when they differ, the stamp has already been passed and never matches
 * again. The release (a digest of the subgraphs' code and of the configuration the answers
 * depend on) is part of it: new code or settings keep nothing of the old, while every instance
 * of one release, on one database server, shares its versions.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Clock } from './clock.js';
import { unauthenticatedAnswer, type JsonAnswer } from './direct-graphql.js';
import type { JsonRoute } from './http-server.js';
import type { ServiceCredentials } from './identity/service-credentials.js';

/** Where the gateway asks which data version is committed now (POST, a service token). */
export const DATA_VERSION_PATH = '/data-version';
/** The request header by which the gateway asks for an answer's stamp (`wanted`). */
export const ANSWER_VERSION_HEADER = 'integra-answer-version';
/** The answer's `extensions` key that carries the stamp. */
export const ANSWER_VERSION_EXTENSION = 'answerVersion';

/** What `/data-version` answers. */
export interface DataVersionNow {
  dataVersion: string;
  /** The subgraph's business clock now, in epoch milliseconds (a test or a demo may steer it). */
  nowMs: number;
}

/** An answer's stamp: it holds while the data version is this one and the clock is in [validFromMs, validUntilMs). */
export interface AnswerVersion {
  dataVersion: string;
  validFromMs: number;
  validUntilMs: number;
}

export interface AnswerVersionSource {
  clock: Clock;
  /** The committed state of this subgraph's data now: equal texts, equal data. */
  dataVersion(): Promise<string>;
  /**
   * A data version read at most moments ago (or being read): good for a stamp, whose version
   * need only be read before the resolvers read anything. An older one only makes the answer
   * match no check once something has been committed since; it never makes it stale.
   */
  recentDataVersion(): Promise<string>;
  /** The first instant after `at` at which an answer computed at `at` could change with no commit (a rate taking effect, a midnight). */
  validUntil(at: Date, dataVersion: string): Promise<Date>;
}

/** What a subgraph's Prisma client offers for reading its data version. */
export interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/**
 * How long a data version read for one request's stamp serves the stamps of the next: the
 * subgraph then reads it at most ten times a second however many fetches it answers. After a
 * commit, answers stamped within this long match no check (they are fetched again), no more.
 */
const RECENT_READ_MS = 100;

/**
 * The next quarter hour (UTC) after `at`. Every time zone in use today is a whole number of
 * quarter hours from UTC, so every local midnight (a billing period's end, a contract's last day,
 * today's date in any account's time zone) falls on one: an answer that depends on the date, in
 * whatever zone, holds until then.
 */
export function nextQuarterHourAfter(at: Date): Date {
  return new Date((Math.floor(at.getTime() / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS);
}

/** Every file of the subgraphs' code as this process runs it (the sources, or the build in dist/), digested once. */
let codeDigest: string | null = null;
function digestOfCode(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(dirname(dirname(fileURLToPath(import.meta.url))));
  codeDigest = hash.digest('hex');
  return codeDigest;
}

export interface DatabaseAnswerVersionOptions {
  /** The instants of its own data at which an answer changes by the clock alone (sales: a rate taking effect), asked once per data version and instant range. */
  nextChangeAfter?: (at: Date) => Promise<Date | null>;
  /** The settings its answers depend on (billing's e-invoice issuer names the files): other settings, other versions. */
  configuration?: unknown;
}

/** The data version of a subgraph's database, for this release of its code and configuration. */
export function databaseAnswerVersions(db: RawQueries, clock: Clock, { nextChangeAfter, configuration }: DatabaseAnswerVersionOptions = {}): AnswerVersionSource {
  const release = createHash('sha256').update(digestOfCode()).update(JSON.stringify(configuration ?? null)).digest('hex').slice(0, 16);
  // The last read of the data version, shared by the stamps of the requests that follow it closely.
  let latest: { startedAt: number; version: Promise<string> } | null = null;
  const read = (): Promise<string> => {
    const version = db.$queryRawUnsafe<{ snapshot: string }[]>('SELECT pg_current_snapshot()::text AS snapshot').then(([row]) => `${release}/${row!.snapshot}`);
    const reading = { startedAt: performance.now(), version };
    latest = reading;
    version.catch(() => {
      if (latest === reading) latest = null;
    });
    return version;
  };
  // The last answer of nextChangeAfter: it holds for any instant in [from, until) at that version.
  let known: { dataVersion: string; fromMs: number; untilMs: number | null } | null = null;
  return {
    clock,
    dataVersion: read,
    recentDataVersion() {
      return latest && performance.now() - latest.startedAt < RECENT_READ_MS ? latest.version : read();
    },
    async validUntil(at, dataVersion) {
      const byTheClock = nextQuarterHourAfter(at);
      if (!nextChangeAfter) return byTheClock;
      const atMs = at.getTime();
      if (!(known && known.dataVersion === dataVersion && known.fromMs <= atMs && (known.untilMs === null || atMs < known.untilMs))) {
        const next = await nextChangeAfter(at);
        known = { dataVersion, fromMs: atMs, untilMs: next ? next.getTime() : null };
      }
      return known.untilMs !== null && known.untilMs < byTheClock.getTime() ? new Date(known.untilMs) : byTheClock;
    },
  };
}

const uncacheable = new WeakSet<object>();

/** A resolver that read something besides this subgraph's database and clock (another service, the bridge) makes its request's answer unstamped. */
export function markAnswerUncacheable(context: object): void {
  uncacheable.add(context);
}

/**
 * Stamps a query's answer when the gateway asked for it and nothing made it uncacheable: no
 * error, no resolver that read elsewhere. The request's context carries `requestedAt`, the
 * instant its resolvers judge time by.
 */
export function answerVersionsPlugin<Context extends BaseContext>(source: AnswerVersionSource): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get(ANSWER_VERSION_HEADER) !== 'wanted') return;
      let dataVersion: string | null = null;
      return {
        // Read (or being read) before execution: whatever the resolvers read is at least as new.
        async didResolveOperation({ operation }) {
          // A version that cannot be read leaves the answer unstamped; the resolvers say what is wrong.
          if (operation?.operation === 'query') dataVersion = await source.recentDataVersion().catch(() => null);
        },
        async willSendResponse({ response, contextValue }) {
          const requestedAt = (contextValue as { requestedAt?: unknown }).requestedAt;
          if (dataVersion === null || !(requestedAt instanceof Date) || response.body.kind !== 'single' || uncacheable.has(contextValue)) return;
          const result = response.body.singleResult;
          if (result.errors?.length) return;
          const stamp: AnswerVersion = { dataVersion, validFromMs: requestedAt.getTime(), validUntilMs: (await source.validUntil(requestedAt, dataVersion)).getTime() };
          result.extensions = { ...result.extensions, [ANSWER_VERSION_EXTENSION]: stamp };
        },
      };
    },
  };
}

/** `/data-version`: for the Integra services only (a verified service token), never for a web page (http-server.ts refuses an Origin). */
export function dataVersionRoute(source: AnswerVersionSource, credentials: ServiceCredentials): JsonRoute {
  return {
    path: DATA_VERSION_PATH,
    bodyLimitBytes: 1024,
    async refuse(authorization): Promise<JsonAnswer | null> {
      try {
        await credentials.verifyBearer(authorization);
        return null;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return unauthenticatedAnswer(error.message);
      }
    },
    async handle(): Promise<JsonAnswer> {
      const answer: DataVersionNow = { dataVersion: await source.dataVersion(), nowMs: source.clock().getTime() };
      return { status: 200, body: answer };
    },
  };
}
