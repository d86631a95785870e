import type { ParticipantLegResolvers } from '../generated/graphql.js';

export const ParticipantLeg: ParticipantLegResolvers = {
  // Billing refers to the legs it rated, so an invoice line leads back to the call.
  __resolveReference: ({ id }, { loaders }) => loaders.leg.load(id),

  conference: async (leg, _args, { loaders }) => {
    const conference = await loaders.conference.load(leg.conferenceId);
    if (!conference) throw new Error(`Participant leg ${leg.id} refers to missing conference ${leg.conferenceId}`);
    return conference;
  },
};
