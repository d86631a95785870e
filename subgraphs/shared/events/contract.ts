/**
 * The events one subgraph publishes and another applies: the only way data changed in one
 * business system reaches another (never a copy of the other system's master data).
 *
 * A producer records an event in the same database transaction as the change it describes
 * (`recordEvents`, the outbox); delivery is at least once; a consumer applies each event
 * exactly once by recording its id in the same transaction as its effect (the inbox).
 */
import type { SubgraphName } from '../../catalog.js';

export interface IntegrationEvent<Payload = unknown> {
  /** Assigned when the event is recorded; consumers de-duplicate by it. */
  id: string;
  type: EventType;
  source: SubgraphName;
  /** The thing the event is about (a booking id, a conference id): events on one subject keep their order. */
  subject: string;
  occurredAt: string;
  payload: Payload;
}

/** A booking was made or rescheduled: conferencing reserves (or moves) its bridge. */
export interface BookingScheduled {
  bookingId: string;
  customerId: string;
  scheduledStart: string;
  durationMinutes: number;
  tollFree: boolean;
  recording: boolean;
  /** Grows with every change of the booking: an older revision arriving late is ignored. */
  revision: number;
}

/** A booking was cancelled: conferencing releases its bridge. */
export interface BookingCancelled {
  bookingId: string;
  revision: number;
}

/** One participant's connection, as the bridge recorded it: the call record billing rates. */
export interface CallRecord {
  legId: string;
  phoneNumber: string;
  tollFree: boolean;
  joinedAt: string;
  leftAt: string;
  seconds: number;
}

/**
 * A conference ended on the bridge: billing rates its legs (and recording, per-call fees);
 * bookings marks the booking COMPLETED.
 */
export interface ConferenceEnded {
  conferenceId: string;
  reservationId: string;
  bookingId: string;
  customerId: string;
  startedAt: string;
  endedAt: string;
  recording: boolean;
  legs: CallRecord[];
}

export const EVENT_TYPES = {
  bookingScheduled: 'booking.scheduled',
  bookingCancelled: 'booking.cancelled',
  conferenceEnded: 'conference.ended',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface EventPayloads {
  'booking.scheduled': BookingScheduled;
  'booking.cancelled': BookingCancelled;
  'conference.ended': ConferenceEnded;
}

/** Who applies which events. */
export const SUBSCRIPTIONS: Record<EventType, SubgraphName[]> = {
  'booking.scheduled': ['conferencing'],
  'booking.cancelled': ['conferencing'],
  'conference.ended': ['billing', 'bookings'],
};

/** What one event came to in its consumer. */
export type EventOutcome = { status: 'applied' } | { status: 'parked'; reason: string };

/**
 * How a consumer applies a batch of events. `prepare` runs outside any transaction and reads
 * what the batch needs from other subgraphs (one request per batch, such as the rate history
 * from sales); `apply` runs inside the transaction that also records the events in the inbox.
 * An event that can never apply as it stands (no rate for its service) is `parked` with a
 * reason a person can act on; throwing means a transient failure and the batch is retried.
 */
export interface EventHandler<Tx, Payload, Prepared = void> {
  types: EventType[];
  prepare?(events: IntegrationEvent<Payload>[]): Promise<Prepared>;
  apply(tx: Tx, events: IntegrationEvent<Payload>[], prepared: Prepared): Promise<Map<string, EventOutcome>>;
}
