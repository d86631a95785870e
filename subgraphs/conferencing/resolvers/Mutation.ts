import { callerKeyOf } from '../bridge/access-code-guard.js';
import { endConference, joinConference, leaveConference, startConference } from '../bridge/conferences.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  startConference: (_parent, { accessCode, at }, { prisma, clock, accessCodes, identity }) =>
    startConference(prisma, clock, accessCodes, { key: callerKeyOf(identity), operator: identity?.roles.has('conference-operator') ?? false }, accessCode, at),
  joinConference: (_parent, { conferenceId, phoneNumber, tollFree, at }, { prisma, clock }) =>
    joinConference(prisma, clock, conferenceId, phoneNumber, tollFree ?? false, at),
  leaveConference: (_parent, { legId, at }, { prisma, clock }) => leaveConference(prisma, clock, legId, at),
  endConference: (_parent, { conferenceId, at }, { prisma, clock }) => endConference(prisma, clock, conferenceId, at),
  replayConferencingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
};
