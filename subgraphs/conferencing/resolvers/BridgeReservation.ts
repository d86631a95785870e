import type { BridgeReservationResolvers } from '../generated/graphql.js';

export const BridgeReservation: BridgeReservationResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.reservation.load(id),

  booking: (reservation) => ({ id: reservation.bookingId }),
};
