import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  replayConferencingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
