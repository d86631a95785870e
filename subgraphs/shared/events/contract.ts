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
  /**
   * The W3C traceparent of the transaction that recorded the event, when tracing was on: its
   * consumer applies it in the same trace.
   */
  traceparent?: string;
}

/**
 * What bookings accepts, so that its consumers can refuse what it would never send: a call
 * lasts 1 to 1440 minutes, expects 1 to 500 participants and starts at most 2 years ahead.
 */
export const BOOKING_LIMITS = {
  minDurationMinutes: 1,
  maxDurationMinutes: 1440,
  minExpectedParticipants: 1,
  maxExpectedParticipants: 500,
  horizonYears: 2,
} as const;

/** A booking was made or rescheduled: conferencing reserves (or moves) its bridge. */
export interface BookingScheduled {
  bookingId: string;
  customerId: string;
  scheduledStart: string;
  durationMinutes: number;
  /**
   * How many people the organiser expects: the bridge takes this many plus a margin at once.
   * Absent from events recorded before it was added; conferencing then applies its default cap.
   */
  expectedParticipants?: number;
  tollFree: boolean;
  recording: boolean;
  /**
   * 1 for the booking's first event, then one more with each event bookings records for it (a
   * change the bridge does not follow records none and keeps the revision), so a consumer knows
   * an event it has not seen from a gap: an older revision arriving late is ignored, and one
   * more than one ahead waits for the ones before it.
   */
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

/**
 * Who may produce which events: a consumer believes an event only when it is signed by the
 * service named here (and names it as its source), so billing's key can never pass for a call
 * that ended on conferencing's bridge.
 */
export const PRODUCERS: Record<EventType, SubgraphName> = {
  'booking.scheduled': 'bookings',
  'booking.cancelled': 'bookings',
  'conference.ended': 'conferencing',
};

/** The types `consumer` applies. */
export function typesConsumedBy(consumer: SubgraphName): Set<EventType> {
  return new Set((Object.entries(SUBSCRIPTIONS) as [EventType, SubgraphName[]][]).filter(([, consumers]) => consumers.includes(consumer)).map(([type]) => type));
}

/** The services whose events `consumer` applies: the only ones it accepts deliveries from. */
export function producersFor(consumer: SubgraphName): Set<SubgraphName> {
  return new Set([...typesConsumedBy(consumer)].map((type) => PRODUCERS[type]));
}

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
