import type { MutationResolvers } from '../generated/graphql.js';
import { cancelBooking, createBooking, updateBooking } from '../domain/bookings.js';

export const Mutation: MutationResolvers = {
  createBooking: (_parent, { input }, { prisma, customers }) => createBooking(prisma, customers, input),
  updateBooking: (_parent, { id, input }, { prisma, customers }) => updateBooking(prisma, customers, id, input),
  cancelBooking: (_parent, { id }, { prisma }) => cancelBooking(prisma, id),
  replayBookingsIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
