import type { BookingResolvers } from '../generated/graphql.js';

export const Booking: BookingResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.booking.load(id),

  customer: (booking) => ({ id: booking.customerId }),

  // Organiser and BookingOptions are views of the booking's own columns.
  organiser: (booking) => booking,

  options: (booking) => booking,
};
