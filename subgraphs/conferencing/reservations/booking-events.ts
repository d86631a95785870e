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
 * A batch costs a fixed number of statements, not a few per event: one locking read of the
 * batch's reservations, one insert of the new ones, and one update per reservation changed.
 */
import { z } from 'zod';
import type { BookingCancelled, BookingScheduled, EventHandler, EventOutcome, IntegrationEvent } from '../../shared/events/contract.js';
import { EVENT_TYPES } from '../../shared/events/contract.js';
import type { ConferencingTx } from '../database.js';
import type { ReservationStatus } from '../generated/prisma/client.js';
import { ACCESS_CODE_DIGITS, DIAL_IN_NUMBER, MODERATOR_PIN_DIGITS, TOLL_FREE_NUMBER, randomDigits } from './bridge-numbers.js';
import { bridgeWindow } from './window.js';
import { describePayloadIssues } from '../../shared/events/payload-issues.js';

const revision = z.number().int().min(1);
const bookingId = z.string().uuid().transform((id) => id.toLowerCase());

const bookingScheduled = z.object({
  bookingId,
  customerId: z.string().uuid(),
  scheduledStart: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(1).max(1440),
  tollFree: z.boolean(),
  recording: z.boolean(),
  revision,
});

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
  /** Not yet in the database: inserted with fresh codes. */
  isNew: boolean;
  changed: boolean;
}

function parked(reason: string): EventOutcome {
  return { status: 'parked', reason };
}

/**
 * The batch's reservations, locked: a concurrent batch for the same bookings waits here
 * instead of deciding from the same stale rows. A booking without a reservation yet relies on
 * the unique bookingId: the second insert fails and its batch is retried.
 */
async function lockReservations(tx: ConferencingTx, bookingIds: string[]): Promise<Map<string, Reservation>> {
  const rows = await tx.$queryRawUnsafe<Omit<Reservation, 'isNew' | 'changed'>[]>(
    `SELECT "bookingId"::text AS "bookingId", "customerId"::text AS "customerId", "status"::text AS "status", "tollFreeNumber", "recording",
            "validFrom", "validUntil", "appliedRevision"
       FROM "BridgeReservation" WHERE "bookingId" = ANY($1::uuid[]) ORDER BY "bookingId" FOR UPDATE`,
    bookingIds,
  );
  return new Map(rows.map((row) => [row.bookingId, { ...row, validFrom: new Date(row.validFrom), validUntil: new Date(row.validUntil), isNew: false, changed: false }]));
}

function applyScheduled(reservations: Map<string, Reservation>, booking: z.output<typeof bookingScheduled>): void {
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
  // The cancellation overtook the booking's scheduled event (a replay out of order): a
  // released reservation remembers it, so the older booking.scheduled arriving later cannot
  // reserve the bridge for a cancelled booking. Its window is empty, at the cancellation.
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
    isNew: true,
    changed: true,
  });
}

const INSERT_COLUMNS = 11;
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
        return `(gen_random_uuid(), ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::"ReservationStatus", ${p(8)}::timestamp(3), ${p(9)}::timestamp(3), ${p(10)}, ${p(11)}, now(), now())`;
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
      ]);
      const rows = await tx.$queryRawUnsafe<{ bookingId: string }[]>(
        `INSERT INTO "BridgeReservation" ("id", "bookingId", "customerId", "dialInNumber", "tollFreeNumber", "accessCode", "moderatorPin",
           "status", "validFrom", "validUntil", "recording", "appliedRevision", "createdAt", "updatedAt")
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
    },
  });
}

/** `drawAccessCode` is replaceable so a test can force collisions; production draws at random. */
export function createBookingEventsHandler(
  drawAccessCode: () => string = () => randomDigits(ACCESS_CODE_DIGITS),
): EventHandler<ConferencingTx, BookingScheduled | BookingCancelled> {
  return {
    types: [EVENT_TYPES.bookingScheduled, EVENT_TYPES.bookingCancelled],
    async apply(tx, events) {
      const outcomes = new Map<string, EventOutcome>();
      const valid: { event: BookingEvent; apply: (reservations: Map<string, Reservation>) => void }[] = [];
      for (const event of events) {
        if (event.type === EVENT_TYPES.bookingScheduled) {
          const parsed = bookingScheduled.safeParse(event.payload);
          if (!parsed.success) outcomes.set(event.id, parked(`booking.scheduled payload is not one bookings sends: ${describePayloadIssues(parsed.error)}`));
          else valid.push({ event, apply: (reservations) => applyScheduled(reservations, parsed.data) });
        } else if (event.type === EVENT_TYPES.bookingCancelled) {
          const parsed = bookingCancelled.safeParse(event.payload);
          if (!parsed.success) outcomes.set(event.id, parked(`booking.cancelled payload is not one bookings sends: ${describePayloadIssues(parsed.error)}`));
          else valid.push({ event, apply: (reservations) => applyCancelled(reservations, parsed.data, event.occurredAt) });
        } else {
          outcomes.set(event.id, parked(`conferencing does not apply ${event.type} events`));
        }
      }
      const inEventOrder = () => new Map(events.map((event) => [event.id, outcomes.get(event.id)!]));
      if (valid.length === 0) return inEventOrder();
      const bookingIds = [...new Set(valid.map(({ event }) => String((event.payload as { bookingId: string }).bookingId).toLowerCase()))];
      const reservations = await lockReservations(tx, bookingIds);
      // In order: events on one booking arrive in the order bookings recorded them.
      for (const { event, apply } of valid) {
        apply(reservations);
        outcomes.set(event.id, { status: 'applied' });
      }
      const changed = [...reservations.values()].filter((reservation) => reservation.changed);
      await insertReservations(tx, drawAccessCode, changed.filter((reservation) => reservation.isNew));
      for (const reservation of changed.filter((reservation) => !reservation.isNew)) await updateReservation(tx, reservation);
      return inEventOrder();
    },
  };
}

/** What the delivery platform registers for booking.scheduled and booking.cancelled. */
export const bookingEventsHandler = createBookingEventsHandler();
