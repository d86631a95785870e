import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  booking: (_parent, { id }, { loaders }) => loaders.booking.load(id),
  bookingsIntegrationEvents: (_parent, args, { integrationEvents }) => integrationEvents.list(args),
  bookingsIntegrationEventCounts: (_parent, _args, { integrationEvents }) => integrationEvents.counts(),
};
