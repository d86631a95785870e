import { columnsAskedFor } from '../../shared/batching.js';
import type { CustomerResolvers } from '../generated/graphql.js';
import { BOOKING_COLUMNS } from '../loaders.js';

export const Customer: CustomerResolvers = {
  // Sales owns customers; bookings only adds their bookings, so any id is a customer here.
  __resolveReference: ({ id }) => ({ id }),

  bookings: async (customer, { status }, { loaders }, info) => {
    const asked = columnsAskedFor(info, BOOKING_COLUMNS);
    // Filtered here, so the status is read whatever the query asks.
    const bookings = await loaders.bookingsOfCustomer(asked && status ? [...new Set([...asked, 'status'])].sort() : asked).load(customer.id);
    return status ? bookings.filter((booking) => booking.status === status) : bookings;
  },
};
