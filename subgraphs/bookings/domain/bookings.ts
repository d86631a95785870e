/**
 * Booking conference calls. A booking is confirmed the moment it is made; after that it can be
 * moved, resized or cancelled only while it is still CONFIRMED, since a cancelled or completed
 * call has already released or used its bridge.
 */
import { z } from 'zod';
import { conflict, notFound } from '../../shared/errors.js';
import { email, requiredText, uuid, validDate, validate } from '../../shared/validation.js';
import type { CustomerDirectory } from '../customer-directory.js';
import type { BookingsPrisma } from '../database.js';
import type { Booking, BookingStatus } from '../generated/prisma/client.js';

/** How far ahead a call can be booked: beyond it a date is a typo (9999) more often than a plan. */
export const BOOKING_HORIZON_YEARS = 2;

function bookingHorizon(now: Date): Date {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + BOOKING_HORIZON_YEARS);
  return horizon;
}

const scheduledStart = validDate
  .refine((date) => date.getTime() > Date.now(), { message: 'must be in the future', abort: true })
  .superRefine((date, context) => {
    const horizon = bookingHorizon(new Date());
    if (date > horizon) {
      context.addIssue({
        code: 'custom',
        message: `must be at most ${BOOKING_HORIZON_YEARS} years ahead (on or before ${horizon.toISOString()})`,
      });
    }
  });

const durationMinutes = z
  .number()
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(1440, 'must be at most 1440 minutes (24 hours)');

const expectedParticipants = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500; larger events need a webcast, not a bridge');

/** GraphQL lets a client send null for an omitted option; both mean "not chosen". */
const option = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);

/** In an update, null and absent both mean "leave as it is". */
function unchangedIfNull<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const createBookingInput = z.object({
  customerId: uuid,
  title: requiredText(200),
  organiserName: requiredText(200),
  organiserEmail: email,
  scheduledStart,
  durationMinutes,
  expectedParticipants,
  tollFree: option,
  recording: option,
});

const updateBookingInput = z.object({
  title: unchangedIfNull(requiredText(200)),
  scheduledStart: unchangedIfNull(scheduledStart),
  durationMinutes: unchangedIfNull(durationMinutes),
  expectedParticipants: unchangedIfNull(expectedParticipants),
  tollFree: unchangedIfNull(z.boolean()),
  recording: unchangedIfNull(z.boolean()),
});

export async function createBooking(prisma: BookingsPrisma, customers: CustomerDirectory, rawInput: unknown): Promise<Booking> {
  const input = validate(createBookingInput, rawInput, 'input');
  if (!(await customers.exists(input.customerId))) throw notFound('Customer', input.customerId);
  return prisma.booking.create({ data: { ...input, status: 'CONFIRMED' } });
}

/**
 * Applies a change to a booking only while it is CONFIRMED. The status sits in the WHERE, so of
 * two concurrent changes the one that finds the booking no longer CONFIRMED loses cleanly.
 */
async function changeConfirmedBooking(
  prisma: BookingsPrisma,
  id: string,
  data: Partial<Pick<Booking, 'title' | 'scheduledStart' | 'durationMinutes' | 'expectedParticipants' | 'tollFree' | 'recording' | 'status'>>,
  refusal: (status: BookingStatus) => string,
): Promise<Booking> {
  const { count } = await prisma.booking.updateMany({ where: { id, status: 'CONFIRMED' }, data });
  const booking = await prisma.booking.findUnique({ where: { id } });
  if (!booking) throw notFound('Booking', id);
  if (count === 0) throw conflict(refusal(booking.status), { status: booking.status });
  return booking;
}

/** Leaves out the fields the input does not change, so that an empty change is recognised as one. */
function changedFields<Input extends Record<string, unknown>>(input: Input): Partial<Input> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<Input>;
}

export async function updateBooking(prisma: BookingsPrisma, rawId: string, rawInput: unknown): Promise<Booking> {
  const id = validate(uuid, rawId, 'id');
  const input = changedFields(validate(updateBookingInput, rawInput, 'input'));
  // Nothing to change breaks no rule, whatever the booking's status: it comes back as it is.
  if (Object.keys(input).length === 0) {
    const booking = await prisma.booking.findUnique({ where: { id } });
    if (!booking) throw notFound('Booking', id);
    return booking;
  }
  return changeConfirmedBooking(
    prisma,
    id,
    input,
    (status) => `Booking ${id} is ${status}; only a CONFIRMED booking can be changed`,
  );
}

export async function cancelBooking(prisma: BookingsPrisma, rawId: string): Promise<Booking> {
  const id = validate(uuid, rawId, 'id');
  return changeConfirmedBooking(
    prisma,
    id,
    { status: 'CANCELLED' },
    (status) => `Booking ${id} is ${status}; only a CONFIRMED booking can be cancelled`,
  );
}
