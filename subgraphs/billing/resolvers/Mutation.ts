import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
