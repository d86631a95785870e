/**
 * The consumer's half: each event is applied once however often it arrives, because its id
 * goes into `integration_inbox` in the same transaction as its effect.
 *
 * The inbox rows are inserted first, with ON CONFLICT DO NOTHING, and only the events whose
 * row this transaction inserted are applied. Two consumers given the same event at once
 * (two instances, a redelivery racing the original) therefore cannot both apply it: the second
 * insert waits on the first one's uncommitted row and, once that commits, inserts nothing.
 */
import { inEventsSpan } from '../observability/tracing.js';
import type { EventHandler, EventOutcome, EventType, IntegrationEvent } from './contract.js';
import { describeError, EVENT_TRANSACTION, type EventStore, type RawQueryExecutor } from './store.js';

// The handlers of one subgraph take different payloads; the type of each event picks its handler.
export type AnyEventHandler<Tx> = EventHandler<Tx, any, any>;

/** What became of one delivered event: `duplicate` when an earlier delivery already applied (or parked) it. */
export type ReceivedOutcome = EventOutcome | { status: 'duplicate' };

export interface ApplyReport {
  outcomes: Map<string, ReceivedOutcome>;
  applied: number;
  parked: number;
  duplicates: number;
}

export function handlerFor<Tx>(handlers: readonly AnyEventHandler<Tx>[], type: EventType | string): AnyEventHandler<Tx> | undefined {
  return handlers.find((handler) => (handler.types as string[]).includes(type));
}

function noHandlerReason(type: string): string {
  return `no handler for ${type} events is registered in this subgraph; replay the event once one is`;
}

function valuesList(rows: number, columns: number, casts: string[] = []): string {
  return Array.from({ length: rows }, (_, row) => {
    const cells = Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}${casts[column] ?? ''}`);
    return `(${cells.join(', ')})`;
  }).join(', ');
}

async function insertInboxRows(tx: RawQueryExecutor, events: IntegrationEvent[], status: 'APPLIED' | 'PARKED', error: string | null): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  // Always in the same order: two transactions inserting overlapping batches then wait on each
  // other instead of deadlocking (PostgreSQL locks each new key as it is inserted).
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const values = sorted.flatMap((event) => [event.id, event.type, event.source, event.subject, JSON.stringify(event.payload)]);
  const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
    `INSERT INTO integration_inbox (event_id, type, source, subject, payload, status, error, applied_at)
     SELECT v.event_id, v.type, v.source, v.subject, v.payload, $${values.length + 1}, $${values.length + 2},
            CASE WHEN $${values.length + 1} = 'APPLIED' THEN CURRENT_TIMESTAMP END
     FROM (VALUES ${valuesList(sorted.length, 5, ['::uuid', '', '', '', '::jsonb'])}) AS v(event_id, type, source, subject, payload)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id::text AS event_id`,
    ...values,
    status,
    error,
  );
  return new Set(rows.map((row) => row.event_id));
}

async function markParked(tx: RawQueryExecutor, parked: { id: string; reason: string }[]): Promise<void> {
  if (parked.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE integration_inbox SET status = 'PARKED', error = v.reason, applied_at = NULL
     FROM (VALUES ${valuesList(parked.length, 2, ['::uuid', ''])}) AS v(id, reason)
     WHERE integration_inbox.event_id = v.id`,
    ...parked.flatMap(({ id, reason }) => [id, reason]),
  );
}

async function alreadyReceived(db: RawQueryExecutor, ids: string[]): Promise<Map<string, ReceivedOutcome>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<{ event_id: string }[]>(
    `SELECT event_id::text AS event_id FROM integration_inbox WHERE event_id IN (${ids.map((_, index) => `$${index + 1}::uuid`).join(', ')})`,
    ...ids,
  );
  return new Map(rows.map((row) => [row.event_id, { status: 'duplicate' } as const]));
}

/**
 * Applies a batch delivered to this subgraph. Throws when the batch failed as a whole (a
 * handler threw, the database is unreachable): nothing of it was written and the sender retries.
 */
export async function applyEvents<Tx extends RawQueryExecutor>(
  db: EventStore<Tx>,
  handlers: readonly AnyEventHandler<Tx>[],
  delivered: IntegrationEvent[],
): Promise<ApplyReport> {
  const types = [...new Set(delivered.map((event) => event.type))].join(', ');
  return inEventsSpan(`events.apply ${types}`, delivered.map((event) => event.traceparent), () => applyInSpan(db, handlers, delivered));
}

async function applyInSpan<Tx extends RawQueryExecutor>(db: EventStore<Tx>, handlers: readonly AnyEventHandler<Tx>[], delivered: IntegrationEvent[]): Promise<ApplyReport> {
  const events = [...new Map(delivered.map((event) => [event.id, event])).values()];
  const outcomes = await alreadyReceived(db, events.map((event) => event.id));
  const fresh = events.filter((event) => !outcomes.has(event.id));

  const unhandled = fresh.filter((event) => !handlerFor(handlers, event.type));
  const work = handlers
    .map((handler) => ({ handler, events: fresh.filter((event) => handlerFor(handlers, event.type) === handler) }))
    .filter(({ events: batch }) => batch.length > 0);
  // Outside the transaction: a handler asks other subgraphs (rates from sales) before any lock is held.
  const prepared = await Promise.all(work.map(({ handler, events: batch }) => handler.prepare?.(batch)));

  if (fresh.length > 0) {
    await db.$transaction(async (tx) => {
      const inserted = await insertInboxRows(tx, fresh, 'APPLIED', null);
      const parked: { id: string; reason: string }[] = unhandled.filter((event) => inserted.has(event.id)).map((event) => ({ id: event.id, reason: noHandlerReason(event.type) }));
      for (const [index, { handler, events: batch }] of work.entries()) {
        const mine = batch.filter((event) => inserted.has(event.id));
        if (mine.length === 0) continue;
        const results = await handler.apply(tx, mine, prepared[index]);
        for (const event of mine) {
          const result = results.get(event.id) ?? { status: 'parked', reason: `the ${event.type} handler gave no outcome for this event` };
          if (result.status === 'parked') parked.push({ id: event.id, reason: result.reason });
        }
      }
      await markParked(tx, parked);
      const parkedIds = new Map(parked.map(({ id, reason }) => [id, reason]));
      for (const event of fresh) {
        if (!inserted.has(event.id)) outcomes.set(event.id, { status: 'duplicate' });
        else if (parkedIds.has(event.id)) outcomes.set(event.id, { status: 'parked', reason: parkedIds.get(event.id)! });
        else outcomes.set(event.id, { status: 'applied' });
      }
    }, EVENT_TRANSACTION);
  }
  const count = (status: ReceivedOutcome['status']) => [...outcomes.values()].filter((outcome) => outcome.status === status).length;
  return { outcomes, applied: count('applied'), parked: count('parked'), duplicates: count('duplicate') };
}

/**
 * Parks events that failed too often to be worth retrying by themselves (NATS counts the
 * deliveries): they are kept with the last error, for a person to replay once the cause is fixed.
 */
export async function parkFailedEvents(db: RawQueryExecutor, events: IntegrationEvent[], error: string): Promise<void> {
  await insertInboxRows(db, events, 'PARKED', error);
}

export interface InboxRecord {
  eventId: string;
  type: string;
  source: string;
  subject: string;
  payload: unknown;
  status: 'APPLIED' | 'PARKED';
  error: string | null;
  attempts: number;
  receivedAt: Date;
  appliedAt: Date | null;
}

const INBOX_COLUMNS = `event_id::text AS "eventId", type, source, subject, payload, status, error, attempts, received_at AS "receivedAt", applied_at AS "appliedAt"`;

export async function findInboxEvent(db: RawQueryExecutor, eventId: string): Promise<InboxRecord | null> {
  const rows = await db.$queryRawUnsafe<InboxRecord[]>(`SELECT ${INBOX_COLUMNS} FROM integration_inbox WHERE event_id = $1::uuid`, eventId);
  return rows[0] ?? null;
}

export async function listInboxEvents(db: RawQueryExecutor, { status, first }: { status?: 'APPLIED' | 'PARKED'; first: number }): Promise<InboxRecord[]> {
  return status
    ? db.$queryRawUnsafe<InboxRecord[]>(`SELECT ${INBOX_COLUMNS} FROM integration_inbox WHERE status = $1 ORDER BY received_at DESC, event_id LIMIT $2`, status, first)
    : db.$queryRawUnsafe<InboxRecord[]>(`SELECT ${INBOX_COLUMNS} FROM integration_inbox ORDER BY received_at DESC, event_id LIMIT $1`, first);
}

/**
 * Parked events applied after all, in the transaction that applied them: by a replay, or by a
 * handler that applies the events which waited for the one it was given (conferencing applies
 * a booking's later revisions once the gap before them is filled).
 */
export async function markParkedApplied(tx: RawQueryExecutor, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE integration_inbox SET status = 'APPLIED', error = NULL, attempts = attempts + 1, applied_at = CURRENT_TIMESTAMP
     WHERE event_id = ANY($1::uuid[]) AND status = 'PARKED'`,
    eventIds,
  );
}

/**
 * Runs the handler again on a parked event's stored payload, now: APPLIED if it applies,
 * still PARKED with the new reason (or the error it threw) if not. An event that is not
 * parked (any more) is returned as it is. The event's original time is not kept in the inbox;
 * the handler sees the time it was received.
 */
export async function replayInboxEvent<Tx extends RawQueryExecutor>(
  db: EventStore<Tx>,
  handlers: readonly AnyEventHandler<Tx>[],
  eventId: string,
): Promise<InboxRecord | null> {
  const record = await findInboxEvent(db, eventId);
  if (!record || record.status !== 'PARKED') return record;
  const event: IntegrationEvent = {
    id: record.eventId,
    type: record.type as EventType,
    source: record.source as IntegrationEvent['source'],
    subject: record.subject,
    occurredAt: new Date(record.receivedAt).toISOString(),
    payload: record.payload,
  };
  const handler = handlerFor(handlers, event.type);
  const stillParked = (tx: RawQueryExecutor, reason: string) =>
    tx.$executeRawUnsafe(`UPDATE integration_inbox SET error = $2, attempts = attempts + 1 WHERE event_id = $1::uuid AND status = 'PARKED'`, eventId, reason);
  if (!handler) {
    await stillParked(db, noHandlerReason(event.type));
    return findInboxEvent(db, eventId);
  }
  try {
    const prepared = await handler.prepare?.([event]);
    await db.$transaction(async (tx) => {
      // Locks the row: a second replay of the same event waits here, then finds it applied.
      const locked = await tx.$queryRawUnsafe<{ status: string }[]>(`SELECT status FROM integration_inbox WHERE event_id = $1::uuid FOR UPDATE`, eventId);
      if (locked[0]?.status !== 'PARKED') return;
      const outcome: EventOutcome = (await handler.apply(tx, [event], prepared)).get(eventId) ?? { status: 'parked', reason: `the ${event.type} handler gave no outcome for this event` };
      if (outcome.status === 'parked') {
        await stillParked(tx, outcome.reason);
      } else {
        await markParkedApplied(tx, [eventId]);
      }
    }, EVENT_TRANSACTION);
  } catch (error) {
    await stillParked(db, `replay failed: ${describeError(error)}`);
  }
  return findInboxEvent(db, eventId);
}
