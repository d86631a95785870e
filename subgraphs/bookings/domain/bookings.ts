/**
 * Booking conference calls. A booking is confirmed the moment it is made; after that it can be
 * moved, resized or cancelled only while it is still CONFIRMED, since a cancelled or completed
 * call has already released or used its bridge. It becomes COMPLETED when its conference ends
 * on the bridge (conference.ended, applied in conference-ended.ts).
 *
 * Conferencing reserves the bridge from the events each change records in the same
 * transaction (booking.scheduled, booking.cancelled): a booking is never changed without its
 * event, and no event describes a change that was rolled back.
 */
import { z } from 'zod';
import { BOOKING_LIMITS, EVENT_TYPES, type BookingCancelled, type BookingScheduled } from '../../shared/events/contract.js';
import { recordEvents, type NewEvent } from '../../shared/events/outbox.js';
import { conflict, notFound } from '../../shared/errors.js';
import { email, requiredText, uuid, validDate, validate } from '../../shared/validation.js';
import { contractDay, type CustomerDirectory } from '../customer-directory.js';
import type { BookingsPrisma } from '../database.js';
import type { Booking, BookingStatus, Prisma } from '../generated/prisma/client.js';

/** How far ahead a call can be booked: beyond it a date is a typo (9999) more often than a plan. */
export const BOOKING_HORIZON_YEARS = BOOKING_LIMITS.horizonYears;

function bookingHorizon(now: Date): Date {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + BOOKING_HORIZON_YEARS);
  return horizon;
}

/** A start after `now` (the request's instant) and within the horizon. */
function scheduledStartAfter(now: Date) {
  const horizon = bookingHorizon(now);
  return validDate
    .refine((date) => date.getTime() > now.getTime(), { message: 'must be in the future', abort: true })
    .refine((date) => date <= horizon, { message: `must be at most ${BOOKING_HORIZON_YEARS} years ahead (on or before ${horizon.toISOString()})` });
}

const durationMinutes = z
  .number()
  .int('must be a whole number of minutes')
  .min(BOOKING_LIMITS.minDurationMinutes, `must be at least ${BOOKING_LIMITS.minDurationMinutes} minute`)
  .max(BOOKING_LIMITS.maxDurationMinutes, `must be at most ${BOOKING_LIMITS.maxDurationMinutes} minutes (24 hours)`);

const expectedParticipants = z
  .number()
  .int('must be a whole number')
  .min(BOOKING_LIMITS.minExpectedParticipants, `must be at least ${BOOKING_LIMITS.minExpectedParticipants}`)
  .max(BOOKING_LIMITS.maxExpectedParticipants, `must be at most ${BOOKING_LIMITS.maxExpectedParticipants}; larger events need a webcast, not a bridge`);

/** GraphQL lets a client send null for an omitted option; both mean "not chosen". */
const option = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);

/** In an update, null and absent both mean "leave as it is". */
function unchangedIfNull<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const createBookingInput = (now: Date) =>
  z.object({
    customerId: uuid,
    title: requiredText(200),
    organiserName: requiredText(200),
    organiserEmail: email,
    scheduledStart: scheduledStartAfter(now),
    durationMinutes,
    expectedParticipants,
    tollFree: option,
    recording: option,
  });

const updateBookingInput = (now: Date) =>
  z.object({
    title: unchangedIfNull(requiredText(200)),
    scheduledStart: unchangedIfNull(scheduledStartAfter(now)),
    durationMinutes: unchangedIfNull(durationMinutes),
    expectedParticipants: unchangedIfNull(expectedParticipants),
    tollFree: unchangedIfNull(z.boolean()),
    recording: unchangedIfNull(z.boolean()),
  });

function scheduled(booking: Booking): NewEvent<'booking.scheduled'> {
  const payload: BookingScheduled = {
    bookingId: booking.id,
    customerId: booking.customerId,
    scheduledStart: booking.scheduledStart.toISOString(),
    durationMinutes: booking.durationMinutes,
    expectedParticipants: booking.expectedParticipants,
    tollFree: booking.tollFree,
    recording: booking.recording,
    revision: booking.revision,
  };
  return { type: EVENT_TYPES.bookingScheduled, subject: booking.id, payload };
}

function cancelled(booking: Booking): NewEvent<'booking.cancelled'> {
  const payload: BookingCancelled = { bookingId: booking.id, revision: booking.revision };
  return { type: EVENT_TYPES.bookingCancelled, subject: booking.id, payload };
}

/**
 * The booking's fields the bridge reservation follows: changing one of them reschedules it
 * (the expected participants set how many the bridge takes at once).
 */
const BRIDGE_FIELDS = ['scheduledStart', 'durationMinutes', 'expectedParticipants', 'tollFree', 'recording'] as const;

/** A booked call is billed under a contract, so one must be in force on the day it takes place. */
async function requireContract(customers: CustomerDirectory, customerId: string, scheduledStart: Date, then: string): Promise<void> {
  const standing = await customers.standing(customerId, scheduledStart);
  if (standing === 'unknown') throw notFound('Customer', customerId);
  if (standing === 'no-contract') {
    const day = contractDay(scheduledStart);
    throw conflict(`Customer ${customerId} has no active contract on ${day}; activate one in sales, then ${then}`, { customerId, day });
  }
}

export async function createBooking(prisma: BookingsPrisma, customers: CustomerDirectory, rawInput: unknown, now: Date): Promise<Booking> {
  const input = validate(createBookingInput(now), rawInput, 'input');
  await requireContract(customers, input.customerId, input.scheduledStart, 'book again');
  return prisma.$transaction(async (tx) => {
    const booking = await tx.booking.create({ data: { ...input, status: 'CONFIRMED' } });
    await recordEvents(tx, 'bookings', [scheduled(booking)]);
    return booking;
  });
}

/**
 * Applies a change to a booking only while it is CONFIRMED, with the event it calls for (none
 * when `eventFor` is null), in one transaction. The status sits in the WHERE, so of two
 * concurrent changes the one that finds the booking no longer CONFIRMED loses cleanly. The
 * revision grows, in the same statement, with each change that records an event and only
 * then: the events' revisions follow the order the changes were made in and leave no gap, so
 * conferencing can tell a missing event from a forged one far ahead.
 */
async function changeConfirmedBooking(
  prisma: BookingsPrisma,
  id: string,
  data: Prisma.BookingUpdateManyMutationInput,
  eventFor: ((booking: Booking) => NewEvent) | null,
  refusal: (status: BookingStatus) => string,
): Promise<Booking> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({ where: { id, status: 'CONFIRMED' }, data: eventFor ? { ...data, revision: { increment: 1 } } : data });
    const booking = await tx.booking.findUnique({ where: { id } });
    if (!booking) throw notFound('Booking', id);
    if (count === 0) throw conflict(refusal(booking.status), { status: booking.status });
    if (eventFor) await recordEvents(tx, 'bookings', [eventFor(booking)]);
    return booking;
  });
}

/** Why a booking that is no longer CONFIRMED cannot be `done` (changed, cancelled), in words a person can act on. */
function notConfirmed(id: string, status: BookingStatus, done: string): string {
  const why = status === 'COMPLETED' ? 'COMPLETED: its call has taken place (the conference ended on the bridge)' : status;
  return `Booking ${id} is ${why}; only a CONFIRMED booking can be ${done}`;
}

/** Leaves out the fields the input does not change, so that an empty change is recognised as one. */
function changedFields<Input extends Record<string, unknown>>(input: Input): Partial<Input> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<Input>;
}

export async function updateBooking(prisma: BookingsPrisma, customers: CustomerDirectory, rawId: string, rawInput: unknown, now: Date): Promise<Booking> {
  const id = validate(uuid, rawId, 'id');
  const input = changedFields(validate(updateBookingInput(now), rawInput, 'input'));
  // Nothing to change breaks no rule, whatever the booking's status: it comes back as it is.
  if (Object.keys(input).length === 0) {
    const booking = await prisma.booking.findUnique({ where: { id } });
    if (!booking) throw notFound('Booking', id);
    return booking;
  }
  // A call moved to another day needs a contract on that day too; sales is asked before the
  // change, so a frozen sales holds no lock on the booking.
  if (input.scheduledStart) {
    const booking = await prisma.booking.findUnique({ where: { id }, select: { customerId: true } });
    if (!booking) throw notFound('Booking', id);
    await requireContract(customers, booking.customerId, input.scheduledStart, 'move the booking again');
  }
  const movesTheBridge = BRIDGE_FIELDS.some((field) => field in input);
  return changeConfirmedBooking(
    prisma,
    id,
    input,
    movesTheBridge ? scheduled : null,
    (status) => `${notConfirmed(id, status, 'changed')}; book a new call instead`,
  );
}

export async function cancelBooking(prisma: BookingsPrisma, rawId: string): Promise<Booking> {
  const id = validate(uuid, rawId, 'id');
  return changeConfirmedBooking(
    prisma,
    id,
    { status: 'CANCELLED' },
    cancelled,
    (status) => notConfirmed(id, status, 'cancelled'),
  );
}
