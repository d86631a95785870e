/**
 * The producer's half of the outbox: events are written to `integration_outbox` by the same
 * transaction as the change they describe, so a change is never without its event and an
 * event never describes a change that was rolled back. Delivery happens later (the relay).
 */
import { randomUUID } from 'node:crypto';
import type { SubgraphName } from '../../catalog.js';
import { currentTraceParent } from '../observability/tracing.js';
import type { EventPayloads, EventType, IntegrationEvent } from './contract.js';

/** The part of a Prisma client or interactive transaction the outbox needs. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  subject: string;
  payload: EventPayloads[T];
  occurredAt?: Date;
}

export async function recordEvents(tx: RawExecutor, source: SubgraphName, events: NewEvent[]): Promise<IntegrationEvent[]> {
  if (events.length === 0) return [];
  // The span of the operation (or consumer) recording them: the consumers continue its trace.
  const traceParent = currentTraceParent();
  const recorded: IntegrationEvent[] = events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    source,
    subject: event.subject,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    payload: event.payload,
    ...(traceParent ? { traceparent: traceParent } : {}),
  }));
  const placeholders = recorded.map((_, index) => {
    const base = index * 6;
    return `($${base + 1}::uuid, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::timestamptz, $${base + 6})`;
  });
  const values = recorded.flatMap((event) => [event.id, event.type, event.subject, JSON.stringify(event.payload), event.occurredAt, traceParent]);
  await tx.$executeRawUnsafe(
    `INSERT INTO integration_outbox (id, type, subject, payload, occurred_at, trace_parent) VALUES ${placeholders.join(', ')}`,
    ...values,
  );
  return recorded;
}
