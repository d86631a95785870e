/**
 * Conferencing's half of a booking: every booking.scheduled reserves the bridge for the booked
 * window (or moves the reservation already made), every booking.cancelled releases it. The
 * delivery platform calls `apply` inside the transaction that also records the events in the
 * inbox, so an event takes effect once however often it is delivered.
 *
 * Beyond the inbox, each event is idempotent on its own: the reservation remembers the booking
 * revision it reflects, and an event with that revision or an older one (a redelivery, or a
 * late arrival after a newer change) changes nothing. A booking has at most one reservation
 * (unique bookingId): a reschedule moves it and keeps its access code and PIN, which the
 * participants already have.
 *
 * Bookings numbers a booking's events 1, 2, 3 ... without a gap, so an event more than one
 * revision ahead of the one applied is either early (the one before it is still on its way) or
 * forged (a cancellation with revision 2147483647 would release the bridge for good). Either
 * way it is not applied but PARKED, and waits: the event that fills the gap applies, in the same
 * transaction, the parked ones that follow it. A cancellation that overtook its booking's
 * scheduled event is therefore applied right after it, while a forged one far ahead stays
 * parked for a person to look at. A window or a participant count bookings would refuse is
 * parked too.
 *
 * A batch costs a fixed number of statements, not a few per event: one lock per booking taken
 * in one statement, one locking read of the batch's reservations and of the parked events
 * waiting for them, one insert of the new ones, and one update per reservation changed.
 */
import { z } from 'zod';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { BookingCancelled, BookingScheduled, EventHandler, EventOutcome, IntegrationEvent } from '../../shared/events/contract.js';
import { BOOKING_LIMITS, EVENT_TYPES } from '../../shared/events/contract.js';
import { markParkedApplied } from '../../shared/events/inbox.js';
import { describePayloadIssues } from '../../shared/events/payload-issues.js';
import { DEFAULT_BRIDGE_LIMITS } from '../config.js';
import type { ConferencingTx } from '../database.js';
import type { ReservationStatus } from '../generated/prisma/client.js';
import { ACCESS_CODE_DIGITS, DIAL_IN_NUMBER, MODERATOR_PIN_DIGITS, TOLL_FREE_NUMBER, randomDigits } from './bridge-numbers.js';
import { participantCap } from './participant-cap.js';
import { bridgeWindow } from './window.js';

/** The reservation's revision column is a PostgreSQL integer. */
const revision = z.number().int().min(1).max(2_147_483_647);
const bookingId = z.string().uuid().transform((id) => id.toLowerCase());

const bookingScheduled = z.object({
  bookingId,
  customerId: z.string().uuid(),
  scheduledStart: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(BOOKING_LIMITS.minDurationMinutes).max(BOOKING_LIMITS.maxDurationMinutes),
  expectedParticipants: z.number().int().min(BOOKING_LIMITS.minExpectedParticipants).max(BOOKING_LIMITS.maxExpectedParticipants).optional(),
  tollFree: z.boolean(),
  recording: z.boolean(),
  revision,
});

/** Bookings' clock and ours may differ a little; a start this far beyond the horizon is not a clock's doing. */
const HORIZON_SLACK_MS = 86_400_000;

const bookingCancelled = z.object({ bookingId, revision });

/** Rounds of drawing before giving up; with a billion codes, even one collision is rare. */
const ACCESS_CODE_DRAWS = 20;

/** A reservation cancelled before it was made belongs to no customer conferencing knows of. */
const NO_CUSTOMER = '00000000-0000-0000-0000-000000000000';

type BookingEvent = IntegrationEvent<BookingScheduled | BookingCancelled>;

/** A reservation as the batch leaves it. */
interface Reservation {
  bookingId: string;
  customerId: string;
  status: ReservationStatus;
  tollFreeNumber: string | null;
  recording: boolean;
  validFrom: Date;
  validUntil: Date;
  appliedRevision: number;
  maxParticipants: number;
  /** Not yet in the database: inserted with fresh codes. */
  isNew: boolean;
  changed: boolean;
}

function parked(reason: string): EventOutcome {
  return { status: 'parked', reason };
}

/**
 * One transaction at a time per booking, also for a booking with no reservation yet (no row to
 * lock): a transaction that parks an early event commits before another that fills the gap
 * looks for it, or sees the gap filled. Locks are taken in one order, so two batches wait for
 * each other instead of deadlocking.
 */
async function lockBookings(tx: ConferencingTx, bookingIds: string[]): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(k)::text FROM (SELECT hashtextextended('conferencing.booking:' || id, 0) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys`,
    bookingIds,
  );
}

/**
 * The batch's reservations, locked: a concurrent batch for the same bookings waits here
 * instead of deciding from the same stale rows, and so does a bridge step on them.
 */
async function lockReservations(tx: ConferencingTx, bookingIds: string[]): Promise<Map<string, Reservation>> {
  const rows = await tx.$queryRawUnsafe<Omit<Reservation, 'isNew' | 'changed'>[]>(
    `SELECT "bookingId"::text AS "bookingId", "customerId"::text AS "customerId", "status"::text AS "status", "tollFreeNumber", "recording",
            "validFrom", "validUntil", "appliedRevision", "maxParticipants"
       FROM "BridgeReservation" WHERE "bookingId" = ANY($1::uuid[]) ORDER BY "bookingId" FOR UPDATE`,
    bookingIds,
  );
  return new Map(rows.map((row) => [row.bookingId, { ...row, validFrom: new Date(row.validFrom), validUntil: new Date(row.validUntil), isNew: false, changed: false }]));
}

function applyScheduled(reservations: Map<string, Reservation>, booking: z.output<typeof bookingScheduled>, marginPercent: number): void {
  const current = reservations.get(booking.bookingId);
  if (current && booking.revision <= current.appliedRevision) return;
  // Bookings never re-opens a cancelled booking, so a newer scheduled revision after a release
  // means the release was the stale news: the latest revision wins either way.
  reservations.set(booking.bookingId, {
    bookingId: booking.bookingId,
    customerId: booking.customerId,
    status: 'RESERVED',
    tollFreeNumber: booking.tollFree ? (current?.tollFreeNumber ?? TOLL_FREE_NUMBER) : null,
    recording: booking.recording,
    ...bridgeWindow(new Date(booking.scheduledStart), booking.durationMinutes),
    appliedRevision: booking.revision,
    maxParticipants: participantCap(booking.expectedParticipants, marginPercent),
    isNew: current?.isNew ?? true,
    changed: true,
  });
}

function applyCancelled(reservations: Map<string, Reservation>, cancellation: z.output<typeof bookingCancelled>, occurredAt: string): void {
  const current = reservations.get(cancellation.bookingId);
  if (current) {
    if (cancellation.revision > current.appliedRevision) {
      reservations.set(cancellation.bookingId, { ...current, status: 'RELEASED', appliedRevision: cancellation.revision, changed: true });
    }
    return;
  }
  // A cancellation with revision 1 for a booking conferencing has never heard of (bookings
  // sends none such; a later revision waits, parked, for the scheduled event before it): a
  // released reservation remembers it, so a booking.scheduled with revision 1 arriving later
  // cannot reserve the bridge. Its window is empty, at the cancellation, and it takes nobody.
  const reported = new Date(occurredAt);
  const at = Number.isNaN(reported.getTime()) ? new Date() : reported;
  reservations.set(cancellation.bookingId, {
    bookingId: cancellation.bookingId,
    customerId: NO_CUSTOMER,
    status: 'RELEASED',
    tollFreeNumber: null,
    recording: false,
    validFrom: at,
    validUntil: new Date(at.getTime() + 1),
    appliedRevision: cancellation.revision,
    maxParticipants: 0,
    isNew: true,
    changed: true,
  });
}

const INSERT_COLUMNS = 12;
/** PostgreSQL takes at most 65,535 parameters in one statement. */
const INSERT_ROWS_PER_STATEMENT = 1000;

/**
 * Inserts new reservations with freshly drawn codes. ON CONFLICT on the access code skips a
 * taken one without aborting the caller's transaction (as a failed INSERT would on PostgreSQL);
 * the skipped reservations draw again.
 */
async function insertReservations(tx: ConferencingTx, drawAccessCode: () => string, pending: Reservation[]): Promise<void> {
  for (let round = 0; pending.length > 0; round += 1) {
    if (round === ACCESS_CODE_DRAWS) throw new Error(`No free access code after ${ACCESS_CODE_DRAWS} draws for booking ${pending[0]!.bookingId}`);
    const inserted = new Set<string>();
    for (let from = 0; from < pending.length; from += INSERT_ROWS_PER_STATEMENT) {
      const chunk = pending.slice(from, from + INSERT_ROWS_PER_STATEMENT);
      const placeholders = chunk.map((_, index) => {
        const p = (column: number) => `$${index * INSERT_COLUMNS + column}`;
        return `(gen_random_uuid(), ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::"ReservationStatus", ${p(8)}::timestamp(3), ${p(9)}::timestamp(3), ${p(10)}, ${p(11)}, ${p(12)}, now(), now())`;
      });
      const values = chunk.flatMap((reservation) => [
        reservation.bookingId,
        reservation.customerId,
        DIAL_IN_NUMBER,
        reservation.tollFreeNumber,
        drawAccessCode(),
        randomDigits(MODERATOR_PIN_DIGITS),
        reservation.status,
        reservation.validFrom,
        reservation.validUntil,
        reservation.recording,
        reservation.appliedRevision,
        reservation.maxParticipants,
      ]);
      const rows = await tx.$queryRawUnsafe<{ bookingId: string }[]>(
        `INSERT INTO "BridgeReservation" ("id", "bookingId", "customerId", "dialInNumber", "tollFreeNumber", "accessCode", "moderatorPin",
           "status", "validFrom", "validUntil", "recording", "appliedRevision", "maxParticipants", "createdAt", "updatedAt")
         VALUES ${placeholders.join(', ')}
         ON CONFLICT ("accessCode") DO NOTHING RETURNING "bookingId"::text AS "bookingId"`,
        ...values,
      );
      for (const row of rows) inserted.add(row.bookingId);
    }
    pending = pending.filter((reservation) => !inserted.has(reservation.bookingId));
  }
}

async function updateReservation(tx: ConferencingTx, reservation: Reservation): Promise<void> {
  await tx.bridgeReservation.update({
    where: { bookingId: reservation.bookingId },
    data: {
      status: reservation.status,
      tollFreeNumber: reservation.tollFreeNumber,
      recording: reservation.recording,
      validFrom: reservation.validFrom,
      validUntil: reservation.validUntil,
      appliedRevision: reservation.appliedRevision,
      maxParticipants: reservation.maxParticipants,
    },
  });
}

/** A well-formed booking event, ready to apply to the reservations once its turn has come. */
interface Candidate {
  eventId: string;
  type: string;
  bookingId: string;
  revision: number;
  apply: (reservations: Map<string, Reservation>) => void;
}

interface ReadEvent {
  candidate?: Candidate;
  /** Why the event can never apply as it stands. */
  refusal?: string;
}

/** Parked booking events waiting for the batch's bookings, locked; one being replayed meanwhile is skipped (its replay applies it). */
async function waitingEvents(tx: ConferencingTx, bookingIds: string[], batchEventIds: string[]): Promise<IntegrationEvent[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string; type: string; subject: string; payload: unknown; receivedAt: Date }[]>(
    `SELECT event_id::text AS id, type, subject, payload, received_at AS "receivedAt" FROM integration_inbox
      WHERE status = 'PARKED' AND type = ANY($1::text[]) AND lower(payload->>'bookingId') = ANY($2::text[]) AND NOT (event_id = ANY($3::uuid[]))
      ORDER BY received_at, event_id FOR UPDATE SKIP LOCKED`,
    [EVENT_TYPES.bookingScheduled, EVENT_TYPES.bookingCancelled],
    bookingIds,
    batchEventIds,
  );
  return rows.map((row) => ({ id: row.id, type: row.type as IntegrationEvent['type'], source: 'bookings', subject: row.subject, occurredAt: new Date(row.receivedAt).toISOString(), payload: row.payload }));
}

function gapReason(candidate: Candidate, applied: number): string {
  const known = applied === 0 ? 'conferencing has applied no event of booking' : `conferencing has applied revision ${applied} of booking`;
  return `${candidate.type} revision ${candidate.revision} is more than one ahead: ${known} ${candidate.bookingId}. It waits here and is applied with the event that fills the gap; bookings numbers a booking's events without one, so an event still parked after its booking's others arrived was not sent by bookings`;
}

/**
 * Applies the candidates of one batch, and those waiting, in the order their revisions allow:
 * each one at most one ahead of the reservation's revision, or older (a no-op). Returns the
 * candidates applied; the others wait for their gap to fill.
 */
function applyInRevisionOrder(reservations: Map<string, Reservation>, candidates: Candidate[]): Set<Candidate> {
  const applied = new Set<Candidate>();
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const candidate of candidates) {
      if (applied.has(candidate)) continue;
      if (candidate.revision > (reservations.get(candidate.bookingId)?.appliedRevision ?? 0) + 1) continue;
      candidate.apply(reservations);
      applied.add(candidate);
      progressed = true;
    }
  }
  return applied;
}

export interface BookingEventsOptions {
  /** Replaceable so a test can force collisions; production draws at random. */
  drawAccessCode?: () => string;
  /** Participants a reservation takes beyond the booking's expected ones (BRIDGE_PARTICIPANT_MARGIN_PERCENT). */
  participantMarginPercent?: number;
  /** Conferencing's clock: a booking starting beyond bookings' horizon from it is parked. */
  clock?: Clock;
}

export function createBookingEventsHandler({
  drawAccessCode = () => randomDigits(ACCESS_CODE_DIGITS),
  participantMarginPercent = DEFAULT_BRIDGE_LIMITS.participantMarginPercent,
  clock = systemClock,
}: BookingEventsOptions = {}): EventHandler<ConferencingTx, BookingScheduled | BookingCancelled> {
  function read(event: IntegrationEvent, now: Date): ReadEvent {
    if (event.type === EVENT_TYPES.bookingScheduled) {
      const parsed = bookingScheduled.safeParse(event.payload);
      if (!parsed.success) return { refusal: `booking.scheduled payload is not one bookings sends: ${describePayloadIssues(parsed.error)}` };
      const horizon = new Date(now);
      horizon.setUTCFullYear(horizon.getUTCFullYear() + BOOKING_LIMITS.horizonYears);
      if (Date.parse(parsed.data.scheduledStart) > horizon.getTime() + HORIZON_SLACK_MS) {
        return {
          refusal: `booking.scheduled payload is not one bookings sends: scheduledStart ${parsed.data.scheduledStart} lies more than ${BOOKING_LIMITS.horizonYears} years after ${now.toISOString()}, beyond what bookings accepts`,
        };
      }
      const booking = parsed.data;
      return { candidate: { eventId: event.id, type: event.type, bookingId: booking.bookingId, revision: booking.revision, apply: (reservations) => applyScheduled(reservations, booking, participantMarginPercent) } };
    }
    if (event.type === EVENT_TYPES.bookingCancelled) {
      const parsed = bookingCancelled.safeParse(event.payload);
      if (!parsed.success) return { refusal: `booking.cancelled payload is not one bookings sends: ${describePayloadIssues(parsed.error)}` };
      const cancellation = parsed.data;
      return { candidate: { eventId: event.id, type: event.type, bookingId: cancellation.bookingId, revision: cancellation.revision, apply: (reservations) => applyCancelled(reservations, cancellation, event.occurredAt) } };
    }
    return { refusal: `conferencing does not apply ${event.type} events` };
  }

  return {
    types: [EVENT_TYPES.bookingScheduled, EVENT_TYPES.bookingCancelled],
    async apply(tx, events) {
      const now = clock();
      const outcomes = new Map<string, EventOutcome>();
      const candidates: Candidate[] = [];
      for (const event of events) {
        const { candidate, refusal } = read(event, now);
        if (candidate) candidates.push(candidate);
        else outcomes.set(event.id, parked(refusal!));
      }
      const inEventOrder = () => new Map(events.map((event) => [event.id, outcomes.get(event.id)!]));
      if (candidates.length === 0) return inEventOrder();
      const bookingIds = [...new Set(candidates.map((candidate) => candidate.bookingId))].sort();
      await lockBookings(tx, bookingIds);
      const reservations = await lockReservations(tx, bookingIds);
      // Parked ones that are still not well-formed stay parked as they are.
      const waiting = (await waitingEvents(tx, bookingIds, events.map((event) => event.id)))
        .map((event) => read(event, now).candidate)
        .filter((candidate): candidate is Candidate => candidate !== undefined);
      // The batch first, in the order bookings recorded it, then what waited.
      const applied = applyInRevisionOrder(reservations, [...candidates, ...waiting]);
      for (const candidate of candidates) {
        outcomes.set(candidate.eventId, applied.has(candidate) ? { status: 'applied' } : parked(gapReason(candidate, reservations.get(candidate.bookingId)?.appliedRevision ?? 0)));
      }
      await markParkedApplied(tx, waiting.filter((candidate) => applied.has(candidate)).map((candidate) => candidate.eventId));
      const changed = [...reservations.values()].filter((reservation) => reservation.changed);
      await insertReservations(tx, drawAccessCode, changed.filter((reservation) => reservation.isNew));
      for (const reservation of changed.filter((reservation) => !reservation.isNew)) await updateReservation(tx, reservation);
      return inEventOrder();
    },
  };
}

/** What the delivery platform registers for booking.scheduled and booking.cancelled, with the default limits and the real clock. */
export const bookingEventsHandler = createBookingEventsHandler();
