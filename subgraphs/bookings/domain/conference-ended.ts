/**
 * Bookings' half of a call that took place: when conferencing reports `conference.ended`, the
 * booking it was held for becomes COMPLETED, and from then on can no longer be moved or
 * cancelled (its bridge has been used; billing charges the call).
 *
 * The delivery platform calls `apply` inside the transaction that records the events in the
 * inbox, so an event takes effect once however often it is delivered. Beyond the inbox, the
 * change is idempotent on its own: only a CONFIRMED booking is completed, so a second
 * conference on the same reservation (a call ended by mistake and started again) changes
 * nothing. A booking cancelled while its call was running stays CANCELLED: the cancellation was
 * the customer's decision, and the legs already on the call are billed all the same.
 *
 * A batch costs two statements whatever its size: the update, then one read of what the
 * batch's bookings came to.
 */
import { z } from 'zod';
import { EVENT_TYPES, type ConferenceEnded, type EventHandler, type EventOutcome } from '../../shared/events/contract.js';
import type { BookingsTransaction } from '../event-handlers.js';
import { describePayloadIssues } from '../../shared/events/payload-issues.js';

const conferenceEnded = z.object({
  conferenceId: z.string().uuid(),
  bookingId: z
    .string()
    .uuid()
    .transform((id) => id.toLowerCase()),
});

export const conferenceEndedHandler: EventHandler<BookingsTransaction, ConferenceEnded> = {
  types: [EVENT_TYPES.conferenceEnded],
  async apply(tx, events) {
    const outcomes = new Map<string, EventOutcome>();
    const valid: { eventId: string; bookingId: string; conferenceId: string }[] = [];
    for (const event of events) {
      const parsed = conferenceEnded.safeParse(event.payload);
      if (parsed.success) valid.push({ eventId: event.id, ...parsed.data });
      else outcomes.set(event.id, { status: 'parked', reason: `conference.ended payload is not one conferencing sends: ${describePayloadIssues(parsed.error)}` });
    }
    const bookingIds = [...new Set(valid.map((event) => event.bookingId))];
    if (bookingIds.length > 0) {
      // The status in the WHERE: a concurrent updateBooking or cancelBooking, which changes only
      // a CONFIRMED booking too, queues on the row and then finds it no longer CONFIRMED.
      await tx.booking.updateMany({ where: { id: { in: bookingIds }, status: 'CONFIRMED' }, data: { status: 'COMPLETED' } });
      const known = new Set((await tx.booking.findMany({ where: { id: { in: bookingIds } }, select: { id: true } })).map((booking) => booking.id));
      for (const { eventId, bookingId, conferenceId } of valid) {
        outcomes.set(
          eventId,
          known.has(bookingId)
            ? { status: 'applied' }
            : { status: 'parked', reason: `conference ${conferenceId} was held for booking ${bookingId}, which bookings does not have; nothing was marked COMPLETED` },
        );
      }
    }
    return new Map(events.map((event) => [event.id, outcomes.get(event.id)!]));
  },
};
