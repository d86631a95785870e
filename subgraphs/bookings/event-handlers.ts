/**
 * The events bookings applies: none, it only produces (booking.scheduled, booking.cancelled).
 * Its outbox is relayed all the same, by whoever serves it.
 */
import type { AnyEventHandler } from '../shared/events/inbox.js';
import type { BookingsPrisma } from './database.js';
import type { Prisma } from './generated/prisma/client.js';

export type BookingsTransaction = Prisma.TransactionClient;

export function bookingsEventHandlers(_prisma: BookingsPrisma): AnyEventHandler<BookingsTransaction>[] {
  return [];
}
