/**
 * The events bookings applies (subgraphs/shared/events/contract.ts): conference.ended marks
 * the booking COMPLETED (domain/conference-ended.ts), inside the transaction that records the
 * event in the inbox. It produces booking.scheduled and booking.cancelled, for conferencing.
 */
import type { AnyEventHandler } from '../shared/events/inbox.js';
import { conferenceEndedHandler } from './domain/conference-ended.js';
import type { Prisma } from './generated/prisma/client.js';

export type BookingsTransaction = Prisma.TransactionClient;

export function bookingsEventHandlers(): AnyEventHandler<BookingsTransaction>[] {
  return [conferenceEndedHandler];
}
