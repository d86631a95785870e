/**
 * The events conferencing applies, one handler per kind (subgraphs/shared/events/contract.ts):
 * booking.scheduled and booking.cancelled reserve, move and release bridges
 * (reservations/booking-events.ts). Each runs inside the transaction that records the event in
 * the inbox.
 */
import type { AnyEventHandler } from '../shared/events/inbox.js';
import type { ConferencingTx } from './database.js';
import { createBookingEventsHandler, type BookingEventsOptions } from './reservations/booking-events.js';

export type ConferencingTransaction = ConferencingTx;

export function conferencingEventHandlers(options: Pick<BookingEventsOptions, 'clock' | 'participantMarginPercent'> = {}): AnyEventHandler<ConferencingTransaction>[] {
  return [createBookingEventsHandler(options)];
}
