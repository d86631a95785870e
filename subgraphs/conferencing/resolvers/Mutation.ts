import { endConference, joinConference, leaveConference, startConference } from '../bridge/conferences.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  startConference: (_parent, { accessCode, at }, { prisma }) => startConference(prisma, accessCode, at),
  joinConference: (_parent, { conferenceId, phoneNumber, tollFree, at }, { prisma }) =>
    joinConference(prisma, conferenceId, phoneNumber, tollFree ?? false, at),
  leaveConference: (_parent, { legId, at }, { prisma }) => leaveConference(prisma, legId, at),
  endConference: (_parent, { conferenceId, at }, { prisma }) => endConference(prisma, conferenceId, at),
  replayConferencingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
