/**
 * The producer's delivery loop: reads the outbox rows that are due, in the order they were
 * recorded, hands them to the transport and marks them DELIVERED. A batch that fails is tried
 * again later, each time waiting longer (exponential backoff with jitter, capped); an event
 * that has failed `maxAttempts` times is PARKED with its last error until someone replays it.
 *
 * Rows are claimed by moving their `next_attempt_at` past a lease, in a statement that skips
 * rows another relay has locked: several relays on one database never send the same row at
 * the same time, and no transaction stays open while the transport works. The lease is short
 * and renewed while the batch is being sent, so a slow transport keeps its claim, while a relay
 * that dies with a batch in hand leaves it PENDING, due again within one lease.
 *
 * Each event is signed with the producer's key as it is sent (signed-events.ts): the transports
 * carry only the signed form, and consumers believe nothing else.
 */
import type { SubgraphName } from '../../catalog.js';
import type { SigningKey } from '../identity/key-store.js';
import type { IntegrationEvent } from './contract.js';
import type { RelayMetrics } from './delivery-metrics.js';
import { signEvents, type SignedEvent } from './signed-events.js';
import { describeError, type RawQueryExecutor } from './store.js';

export interface EventPublisher {
  /** Where the events go, for the logs (`billing over HTTP`, `NATS JetStream`). */
  describe(events: IntegrationEvent[]): string;
  /** Sends a batch of signed events; answers the events that could not be sent, each with why (empty: all sent). */
  publish(events: SignedEvent[]): Promise<Map<string, string>>;
}

export interface RetryPolicy {
  /** After this many failed attempts an event is parked. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait after the `attempt`-th failure: doubling from the base, capped, and drawn
 * between half and all of that ("equal jitter"), so the events of a consumer that was down do
 * not all come back at the same instant. A formula of three lines needs no library; the retry
 * libraries retry a function call, while here the next attempt is a date stored in a row.
 */
export function retryDelayMs(attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RelayOptions {
  source: SubgraphName;
  /** The producer's own key (its `ServiceCredentials.signingKey`): every event is sent signed with it. */
  signingKey: SigningKey;
  db: RawQueryExecutor;
  publisher: EventPublisher;
  retry: RetryPolicy;
  /** How often the outbox is read when nothing wakes the relay. */
  pollIntervalMs: number;
  /**
   * Woken, the relay still starts batches at most this often (a full batch excepted): commits
   * that come close together share a batch instead of each costing a claim of its own.
   */
  wakeGapMs?: number;
  batchSize?: number;
  /** How long a claimed batch is hidden from other relays unless renewed (renewed every third of it while sending). */
  leaseMs?: number;
  log: (line: string) => void;
  metrics?: RelayMetrics;
}

interface OutboxRow {
  id: string;
  seq: string;
  type: string;
  subject: string;
  payload: unknown;
  occurredAt: Date;
  attempts: number;
  traceParent: string | null;
}

export interface RelayBatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  parked: number;
}

export class OutboxRelay {
  readonly source: SubgraphName;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly wakeGapMs: number;
  private stopped = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private lastProblem: string | null = null;

  constructor(private readonly options: RelayOptions) {
    this.source = options.source;
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.wakeGapMs = options.wakeGapMs ?? 10;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /**
   * Makes the events of `types` that wait for another attempt due now, and wakes the relay:
   * their consumer, which could not be reached, answers again. Otherwise they would wait out
   * their backoff, which after a long outage is minutes, however soon the consumer came back.
   */
  async retryNow(types: readonly string[], because: string): Promise<number> {
    if (types.length === 0) return 0;
    const made = await this.options.db.$executeRawUnsafe(
      `UPDATE integration_outbox SET next_attempt_at = CURRENT_TIMESTAMP
       WHERE status = 'PENDING' AND attempts > 0 AND next_attempt_at > CURRENT_TIMESTAMP AND type IN (${types.map((_, index) => `$${index + 1}`).join(', ')})`,
      ...types,
    );
    if (made > 0) this.options.log(`events: ${because}; sending the ${made} event${made === 1 ? '' : 's'} waiting for it now`);
    this.wake();
    return made;
  }

  /** Waits for the batch in hand, if any, then stops; undelivered events stay PENDING. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const batchStarted = performance.now();
      let claimed = 0;
      try {
        claimed = (await this.deliverDueBatch()).claimed;
        this.lastProblem = null;
      } catch (error) {
        const problem = describeError(error);
        // Said once, not every poll, while the same problem lasts.
        if (problem !== this.lastProblem) this.options.log(`events: cannot read the outbox: ${problem}; trying again every ${this.options.pollIntervalMs} ms`);
        this.lastProblem = problem;
      }
      if (this.stopped) break;
      if (claimed === this.batchSize) continue;
      if (!this.wakeRequested) await this.sleep(this.options.pollIntervalMs);
      this.wakeRequested = false;
      const gap = batchStarted + this.wakeGapMs - performance.now();
      if (gap > 0 && !this.stopped) await this.sleep(gap, { wakeable: false });
    }
  }

  /** Waits `ms`, or less if woken (unless `wakeable` is false) or stopped. */
  private async sleep(ms: number, { wakeable = true } = {}): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wakeUp = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeable ? wakeUp : () => (this.stopped ? done() : undefined);
    });
    this.wakeUp = null;
  }

  /** One batch: claim what is due, send it, record what became of each event. */
  async deliverDueBatch(): Promise<RelayBatchReport> {
    const { db, publisher, retry, log } = this.options;
    const rows = await db.$queryRawUnsafe<OutboxRow[]>(
      `UPDATE integration_outbox SET next_attempt_at = CURRENT_TIMESTAMP + $2::double precision * INTERVAL '1 millisecond'
       WHERE id IN (
         SELECT id FROM integration_outbox
         WHERE status = 'PENDING' AND next_attempt_at <= CURRENT_TIMESTAMP
         ORDER BY seq LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id, seq::text AS seq, type, subject, payload, occurred_at AS "occurredAt", attempts, trace_parent AS "traceParent"`,
      this.batchSize,
      this.leaseMs,
    );
    if (rows.length === 0) return { claimed: 0, delivered: 0, retried: 0, parked: 0 };
    rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    const unsigned: IntegrationEvent[] = rows.map((row) => ({
      id: row.id,
      type: row.type as IntegrationEvent['type'],
      source: this.source,
      subject: row.subject,
      occurredAt: new Date(row.occurredAt).toISOString(),
      payload: row.payload,
      ...(row.traceParent ? { traceparent: row.traceParent } : {}),
    }));
    const started = performance.now();
    const renewal = this.renewLeaseWhile(rows.map((row) => row.id));
    let failures: Map<string, string>;
    let events: SignedEvent[] = [];
    try {
      events = await signEvents(unsigned, this.options.signingKey);
      failures = await publisher.publish(events);
    } catch (error) {
      const reason = describeError(error);
      failures = new Map(unsigned.map((event) => [event.id, reason]));
    } finally {
      await renewal.stop();
    }
    const delivered = rows.filter((row) => !failures.has(row.id));
    const failed = rows.filter((row) => failures.has(row.id));
    const toPark = failed.filter((row) => row.attempts + 1 >= retry.maxAttempts);
    const toRetry = failed.filter((row) => row.attempts + 1 < retry.maxAttempts);
    if (delivered.length > 0) {
      await db.$executeRawUnsafe(
        `UPDATE integration_outbox SET status = 'DELIVERED', delivered_at = CURRENT_TIMESTAMP, attempts = attempts + 1, last_error = NULL
         WHERE id IN (${delivered.map((_, index) => `$${index + 1}::uuid`).join(', ')})`,
        ...delivered.map((row) => row.id),
      );
    }
    if (failed.length > 0) {
      const values = failed.flatMap((row) => [
        row.id,
        toPark.includes(row) ? 'PARKED' : 'PENDING',
        failures.get(row.id)!,
        toPark.includes(row) ? 0 : retryDelayMs(row.attempts + 1, retry),
      ]);
      await db.$executeRawUnsafe(
        `UPDATE integration_outbox
         SET status = v.status, last_error = v.error, attempts = attempts + 1,
             next_attempt_at = CURRENT_TIMESTAMP + v.delay * INTERVAL '1 millisecond'
         FROM (VALUES ${failed.map((_, index) => `($${index * 4 + 1}::uuid, $${index * 4 + 2}, $${index * 4 + 3}, $${index * 4 + 4}::double precision)`).join(', ')})
           AS v(id, status, error, delay)
         WHERE integration_outbox.id = v.id`,
        ...values,
      );
    }
    const report = { claimed: rows.length, delivered: delivered.length, retried: toRetry.length, parked: toPark.length };
    const deliveredAt = Date.now();
    this.options.metrics?.recordBatch(report, delivered.map((row) => (deliveredAt - new Date(row.occurredAt).getTime()) / 1000));
    const firstError = failed[0] ? `; ${failures.get(failed[0].id)}` : '';
    log(
      `events: delivered ${report.delivered}, retried ${report.retried}, parked ${report.parked} (${publisher.describe(unsigned)}, ${Math.round(performance.now() - started)} ms)${firstError}`,
    );
    return report;
  }

  /**
   * Keeps the claim on `ids` alive until stopped. A renewal that fails is only logged: the
   * worst it can do is let another relay send the batch too, which the consumers' inboxes absorb.
   */
  private renewLeaseWhile(ids: string[]): { stop(): Promise<void> } {
    const { db, log } = this.options;
    let inFlight: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      inFlight = db
        .$executeRawUnsafe(
          `UPDATE integration_outbox SET next_attempt_at = CURRENT_TIMESTAMP + $1::double precision * INTERVAL '1 millisecond'
           WHERE status = 'PENDING' AND id IN (${ids.map((_, index) => `$${index + 2}::uuid`).join(', ')})`,
          this.leaseMs,
          ...ids,
        )
        .catch((error: unknown) => log(`events: cannot renew the claim on ${ids.length} events being sent: ${describeError(error)}`));
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    return {
      async stop() {
        clearInterval(timer);
        await inFlight;
      },
    };
  }
}

export interface OutboxRecord {
  id: string;
  type: string;
  subject: string;
  payload: unknown;
  status: 'PENDING' | 'DELIVERED' | 'PARKED';
  attempts: number;
  lastError: string | null;
  occurredAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
}

const OUTBOX_COLUMNS = `id::text AS id, type, subject, payload, status, attempts, last_error AS "lastError", occurred_at AS "occurredAt", next_attempt_at AS "nextAttemptAt", delivered_at AS "deliveredAt"`;

export async function findOutboxEvent(db: RawQueryExecutor, id: string): Promise<OutboxRecord | null> {
  const rows = await db.$queryRawUnsafe<OutboxRecord[]>(`SELECT ${OUTBOX_COLUMNS} FROM integration_outbox WHERE id = $1::uuid`, id);
  return rows[0] ?? null;
}

/** Newest first: what an operator looks at is what happened last. */
export async function listOutboxEvents(db: RawQueryExecutor, { status, first }: { status?: OutboxRecord['status']; first: number }): Promise<OutboxRecord[]> {
  return status
    ? db.$queryRawUnsafe<OutboxRecord[]>(`SELECT ${OUTBOX_COLUMNS} FROM integration_outbox WHERE status = $1 ORDER BY seq DESC LIMIT $2`, status, first)
    : db.$queryRawUnsafe<OutboxRecord[]>(`SELECT ${OUTBOX_COLUMNS} FROM integration_outbox ORDER BY seq DESC LIMIT $1`, first);
}

/** A parked event goes back to PENDING, due now, with a fresh count of attempts; its last error stays until it is delivered. */
export async function replayOutboxEvent(db: RawQueryExecutor, id: string): Promise<OutboxRecord | null> {
  await db.$executeRawUnsafe(
    `UPDATE integration_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = CURRENT_TIMESTAMP WHERE id = $1::uuid AND status = 'PARKED'`,
    id,
  );
  return findOutboxEvent(db, id);
}

export interface EventCount {
  status: string;
  count: number;
}

export async function countOutboxEvents(db: RawQueryExecutor): Promise<EventCount[]> {
  const rows = await db.$queryRawUnsafe<{ status: string; count: string }[]>(`SELECT status, count(*)::text AS count FROM integration_outbox GROUP BY status`);
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}
