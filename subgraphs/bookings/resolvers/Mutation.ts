import type { MutationResolvers } from '../generated/graphql.js';
import { cancelBooking, createBooking, updateBooking } from '../domain/bookings.js';

export const Mutation: MutationResolvers = {
  createBooking: (_parent, { input }, { prisma, customers, requestedAt }) => createBooking(prisma, customers, input, requestedAt),
  updateBooking: (_parent, { id, input }, { prisma, customers, requestedAt }) => updateBooking(prisma, customers, id, input, requestedAt),
  cancelBooking: (_parent, { id }, { prisma }) => cancelBooking(prisma, id),
  replayBookingsIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
