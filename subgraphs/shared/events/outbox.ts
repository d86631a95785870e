/**
 * The producer's half of the outbox: events are written to `integration_outbox` by the same
 * transaction as the change they describe, so a change is never without its event and an
 * event never describes a change that was rolled back. Delivery happens later (the relay).
 */
import { randomUUID } from 'node:crypto';
import type { SubgraphName } from '../../catalog.js';
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
  const recorded: IntegrationEvent[] = events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    source,
    subject: event.subject,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    payload: event.payload,
  }));
  const placeholders = recorded.map((_, index) => {
    const base = index * 5;
    return `($${base + 1}::uuid, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::timestamptz)`;
  });
  const values = recorded.flatMap((event) => [event.id, event.type, event.subject, JSON.stringify(event.payload), event.occurredAt]);
  await tx.$executeRawUnsafe(
    `INSERT INTO integration_outbox (id, type, subject, payload, occurred_at) VALUES ${placeholders.join(', ')}`,
    ...values,
  );
  return recorded;
}
