import type { ConferenceResolvers } from '../generated/graphql.js';

export const Conference: ConferenceResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.conference.load(id),

  booking: async (conference, _args, { loaders }) => {
    const reservation = await loaders.reservation.load(conference.reservationId);
    if (!reservation) throw new Error(`Conference ${conference.id} refers to missing reservation ${conference.reservationId}`);
    return { id: reservation.bookingId };
  },

  // A part-second still running at the end is not a billable second, so the duration rounds down.
  durationSeconds: (conference) =>
    conference.endedAt ? Math.floor((conference.endedAt.getTime() - conference.startedAt.getTime()) / 1000) : null,

  legs: (conference, _args, { loaders }) => loaders.legsOfConference.load(conference.id),
};
