import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  conference: (_parent, { id }, { loaders }) => loaders.conference.load(id),
  conferencingIntegrationEvents: (_parent, args, { integrationEvents }) => integrationEvents.list(args),
  conferencingIntegrationEventCounts: (_parent, _args, { integrationEvents }) => integrationEvents.counts(),
};
