/**
 * What an operator sees of a subgraph's events through the API, and the replay: the events it
 * sent (its outbox: PENDING, DELIVERED, PARKED) and received (its inbox: APPLIED, PARKED), the
 * parked ones with the error that stopped them. Each of bookings, conferencing and billing
 * serves this under its own field names over the same shared GraphQL types.
 */
import type { SubgraphName } from '../../catalog.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { findInboxEvent, listInboxEvents, replayInboxEvent, type AnyEventHandler, type InboxRecord } from './inbox.js';
import { countOutboxEvents, findOutboxEvent, listOutboxEvents, replayOutboxEvent, type OutboxRecord } from './relay.js';
import type { EventStore, RawQueryExecutor } from './store.js';

export type IntegrationEventDirection = 'SENT' | 'RECEIVED';
export type IntegrationEventStatus = 'PENDING' | 'DELIVERED' | 'APPLIED' | 'PARKED';

/** The GraphQL type IntegrationEventRecord. */
export interface IntegrationEventRecord {
  id: string;
  direction: IntegrationEventDirection;
  type: string;
  source: string;
  subject: string;
  status: IntegrationEventStatus;
  attempts: number;
  error: string | null;
  occurredAt: Date;
  completedAt: Date | null;
  nextAttemptAt: Date | null;
  payload: string;
}

export interface IntegrationEventCount {
  direction: IntegrationEventDirection;
  status: IntegrationEventStatus;
  count: number;
}

export interface IntegrationEventQuery {
  status?: IntegrationEventStatus | null;
  direction?: IntegrationEventDirection | null;
  first?: number | null;
}

export const MAX_EVENTS_PER_QUERY = 500;

export interface IntegrationEventLog {
  list(query: IntegrationEventQuery): Promise<IntegrationEventRecord[]>;
  counts(): Promise<IntegrationEventCount[]>;
  /** Sent and parked: delivered again now. Received and parked: applied again now. */
  replay(id: string): Promise<IntegrationEventRecord>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromOutbox(row: OutboxRecord, source: SubgraphName): IntegrationEventRecord {
  return {
    id: row.id,
    direction: 'SENT',
    type: row.type,
    source,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    error: row.lastError,
    occurredAt: row.occurredAt,
    completedAt: row.deliveredAt,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
    payload: JSON.stringify(row.payload),
  };
}

function fromInbox(row: InboxRecord): IntegrationEventRecord {
  return {
    id: row.eventId,
    direction: 'RECEIVED',
    type: row.type,
    source: row.source,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    occurredAt: row.receivedAt,
    completedAt: row.appliedAt,
    nextAttemptAt: null,
    payload: JSON.stringify(row.payload),
  };
}

export function integrationEventLog<Tx extends RawQueryExecutor>(name: SubgraphName, db: EventStore<Tx>, handlers: readonly AnyEventHandler<Tx>[]): IntegrationEventLog {
  return {
    async list({ status, direction, first }) {
      const limit = first ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PER_QUERY) throw badUserInput('first', `must be between 1 and ${MAX_EVENTS_PER_QUERY}`);
      const sentStatus = status === 'APPLIED' ? null : status ?? undefined;
      const receivedStatus = status === 'PENDING' || status === 'DELIVERED' ? null : status ?? undefined;
      const [sent, received] = await Promise.all([
        direction === 'RECEIVED' || sentStatus === null ? [] : listOutboxEvents(db, { status: sentStatus, first: limit }),
        direction === 'SENT' || receivedStatus === null ? [] : listInboxEvents(db, { status: receivedStatus, first: limit }),
      ]);
      return [...sent.map((row) => fromOutbox(row, name)), ...received.map(fromInbox)]
        .sort((a, b) => new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime())
        .slice(0, limit);
    },

    async counts() {
      const [sent, received] = await Promise.all([
        countOutboxEvents(db),
        db.$queryRawUnsafe<{ status: string; count: string }[]>(`SELECT status, count(*)::text AS count FROM integration_inbox GROUP BY status`),
      ]);
      return [
        ...sent.map(({ status, count }) => ({ direction: 'SENT' as const, status: status as IntegrationEventStatus, count })),
        ...received.map(({ status, count }) => ({ direction: 'RECEIVED' as const, status: status as IntegrationEventStatus, count: Number(count) })),
      ].sort((a, b) => `${a.direction}${a.status}`.localeCompare(`${b.direction}${b.status}`));
    },

    async replay(id) {
      if (!UUID.test(id)) throw badUserInput('id', 'must be an event id (a UUID)');
      const eventId = id.toLowerCase();
      const sent = await findOutboxEvent(db, eventId);
      if (sent) {
        if (sent.status !== 'PARKED') throw conflict(`Event ${eventId} is ${sent.status}: only a PARKED event can be replayed`, { status: sent.status });
        return fromOutbox((await replayOutboxEvent(db, eventId))!, name);
      }
      const received = await findInboxEvent(db, eventId);
      if (!received) throw notFound('Integration event', eventId);
      if (received.status !== 'PARKED') throw conflict(`Event ${eventId} is ${received.status}: only a PARKED event can be replayed`, { status: received.status });
      return fromInbox((await replayInboxEvent(db, handlers, eventId))!);
    },
  };
}
