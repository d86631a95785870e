import type { BookingResolvers } from '../generated/graphql.js';

export const Booking: BookingResolvers = {
  // The bookings subgraph owns bookings; conferencing only adds their bridge and conferences.
  __resolveReference: (reference) => reference,

  bridge: (booking, _args, { loaders }) => loaders.reservationOfBooking.load(booking.id),

  conferences: (booking, _args, { loaders }) => loaders.conferencesOfBooking.load(booking.id),
};
