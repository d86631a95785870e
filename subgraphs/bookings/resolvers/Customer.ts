import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  // Sales owns customers; bookings only adds their bookings, so any id is a customer here.
  __resolveReference: ({ id }) => ({ id }),

  bookings: async (customer, { status }, { loaders }) => {
    const bookings = await loaders.bookingsOfCustomer.load(customer.id);
    return status ? bookings.filter((booking) => booking.status === status) : bookings;
  },
};
