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
 */
import { z } from 'zod';
import type { BookingCancelled, BookingScheduled, EventHandler, EventOutcome, IntegrationEvent } from '../../shared/events/contract.js';
import { EVENT_TYPES } from '../../shared/events/contract.js';
import type { ConferencingTx } from '../database.js';
import type { BridgeReservation } from '../generated/prisma/client.js';
import { ACCESS_CODE_DIGITS, DIAL_IN_NUMBER, MODERATOR_PIN_DIGITS, TOLL_FREE_NUMBER, randomDigits } from './bridge-numbers.js';
import { bridgeWindow } from './window.js';

const revision = z.number().int().min(1);
const bookingId = z.string().uuid();

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

/** Draws before giving up; with a billion codes, even one collision in a row is rare. */
const ACCESS_CODE_DRAWS = 20;

type BookingEvent = IntegrationEvent<BookingScheduled | BookingCancelled>;

function parked(reason: string): EventOutcome {
  return { status: 'parked', reason };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
}

function lockReservationOfBooking(tx: ConferencingTx, id: string): Promise<BridgeReservation | null> {
  // Two deliveries for one booking in flight at once queue here instead of both deciding from
  // the same stale row; a booking without a reservation yet relies on the unique bookingId.
  return tx.$queryRaw<BridgeReservation[]>`SELECT * FROM "BridgeReservation" WHERE "bookingId" = ${id}::uuid FOR UPDATE`.then(
    (rows) => rows[0] ?? null,
  );
}

/**
 * Inserts the reservation with a fresh access code. ON CONFLICT on the code draws again
 * without aborting the caller's transaction, as a failed INSERT would on PostgreSQL.
 */
async function insertReservation(
  tx: ConferencingTx,
  drawAccessCode: () => string,
  values: { bookingId: string; customerId: string; status: 'RESERVED' | 'RELEASED'; tollFree: boolean; recording: boolean; validFrom: Date; validUntil: Date; appliedRevision: number },
): Promise<void> {
  for (let draw = 0; draw < ACCESS_CODE_DRAWS; draw += 1) {
    const inserted = await tx.$executeRaw`
      INSERT INTO "BridgeReservation" ("id", "bookingId", "customerId", "dialInNumber", "tollFreeNumber", "accessCode", "moderatorPin",
        "status", "validFrom", "validUntil", "recording", "appliedRevision", "createdAt", "updatedAt")
      VALUES (gen_random_uuid(), ${values.bookingId}::uuid, ${values.customerId}::uuid, ${DIAL_IN_NUMBER},
        ${values.tollFree ? TOLL_FREE_NUMBER : null}, ${drawAccessCode()}, ${randomDigits(MODERATOR_PIN_DIGITS)},
        ${values.status}::"ReservationStatus", ${values.validFrom}, ${values.validUntil}, ${values.recording}, ${values.appliedRevision},
        now(), now())
      ON CONFLICT ("accessCode") DO NOTHING`;
    if (inserted === 1) return;
  }
  throw new Error(`No free access code after ${ACCESS_CODE_DRAWS} draws for booking ${values.bookingId}`);
}

async function applyScheduled(tx: ConferencingTx, event: BookingEvent, drawAccessCode: () => string): Promise<EventOutcome> {
  const parsed = bookingScheduled.safeParse(event.payload);
  if (!parsed.success) return parked(`booking.scheduled payload is not one bookings sends: ${describeIssues(parsed.error)}`);
  const booking = parsed.data;
  const window = bridgeWindow(new Date(booking.scheduledStart), booking.durationMinutes);
  const existing = await lockReservationOfBooking(tx, booking.bookingId);
  if (!existing) {
    await insertReservation(tx, drawAccessCode, {
      bookingId: booking.bookingId,
      customerId: booking.customerId,
      status: 'RESERVED',
      tollFree: booking.tollFree,
      recording: booking.recording,
      ...window,
      appliedRevision: booking.revision,
    });
    return { status: 'applied' };
  }
  if (booking.revision <= existing.appliedRevision) return { status: 'applied' };
  // Bookings never re-opens a cancelled booking, so a newer scheduled revision after a release
  // means the release was the stale news: the latest revision wins either way.
  await tx.bridgeReservation.update({
    where: { id: existing.id },
    data: {
      status: 'RESERVED',
      tollFreeNumber: booking.tollFree ? (existing.tollFreeNumber ?? TOLL_FREE_NUMBER) : null,
      recording: booking.recording,
      ...window,
      appliedRevision: booking.revision,
    },
  });
  return { status: 'applied' };
}

async function applyCancelled(tx: ConferencingTx, event: BookingEvent, drawAccessCode: () => string): Promise<EventOutcome> {
  const parsed = bookingCancelled.safeParse(event.payload);
  if (!parsed.success) return parked(`booking.cancelled payload is not one bookings sends: ${describeIssues(parsed.error)}`);
  const { bookingId: id, revision: cancelledAt } = parsed.data;
  const existing = await lockReservationOfBooking(tx, id);
  if (existing) {
    if (cancelledAt > existing.appliedRevision) {
      await tx.bridgeReservation.update({ where: { id: existing.id }, data: { status: 'RELEASED', appliedRevision: cancelledAt } });
    }
    return { status: 'applied' };
  }
  // The cancellation overtook the booking's scheduled event (a redelivery or a replay out of
  // order): a released reservation remembers it, so the older booking.scheduled arriving later
  // cannot reserve the bridge for a cancelled booking. Its window is empty at the moment of
  // cancellation, and it never opens the bridge.
  const cancelled = new Date(event.occurredAt);
  const at = Number.isNaN(cancelled.getTime()) ? new Date() : cancelled;
  await insertReservation(tx, drawAccessCode, {
    bookingId: id,
    customerId: '00000000-0000-0000-0000-000000000000',
    status: 'RELEASED',
    tollFree: false,
    recording: false,
    validFrom: at,
    validUntil: new Date(at.getTime() + 1),
    appliedRevision: cancelledAt,
  });
  return { status: 'applied' };
}

/** `drawAccessCode` is replaceable so a test can force collisions; production draws at random. */
export function createBookingEventsHandler(
  drawAccessCode: () => string = () => randomDigits(ACCESS_CODE_DIGITS),
): EventHandler<ConferencingTx, BookingScheduled | BookingCancelled> {
  return {
    types: [EVENT_TYPES.bookingScheduled, EVENT_TYPES.bookingCancelled],
    async apply(tx, events) {
      const outcomes = new Map<string, EventOutcome>();
      // In order: events on one booking arrive in the order bookings recorded them.
      for (const event of events) {
        if (event.type === EVENT_TYPES.bookingScheduled) outcomes.set(event.id, await applyScheduled(tx, event, drawAccessCode));
        else if (event.type === EVENT_TYPES.bookingCancelled) outcomes.set(event.id, await applyCancelled(tx, event, drawAccessCode));
        else outcomes.set(event.id, parked(`conferencing does not apply ${event.type} events`));
      }
      return outcomes;
    },
  };
}

/** What the delivery platform registers for booking.scheduled and booking.cancelled. */
export const bookingEventsHandler = createBookingEventsHandler();
