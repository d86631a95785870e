import { columnsAskedFor } from '../../shared/batching.js';
import type { BookingResolvers } from '../generated/graphql.js';
import { RESERVATION_COLUMNS } from '../loaders.js';

export const Booking: BookingResolvers = {
  // The bookings subgraph owns bookings; conferencing only adds their bridge and conferences.
  __resolveReference: (reference) => reference,

  bridge: (booking, _args, { loaders }, info) => loaders.reservationOfBooking(columnsAskedFor(info, RESERVATION_COLUMNS)).load(booking.id),

  conferences: (booking, _args, { loaders }) => loaders.conferencesOfBooking.load(booking.id),
};
