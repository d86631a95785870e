import { checkedPage, pageOf } from '../../shared/pages.js';
import type { ConferenceResolvers } from '../generated/graphql.js';

/** A call on the largest bridge has a few thousand legs: a client pages through them. */
const LEGS_PAGE = { defaultSize: 100, maxSize: 1000 };

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

  legs: async (conference, page, { loaders }) => {
    const checked = checkedPage(page, LEGS_PAGE);
    return pageOf(await loaders.legsOfConference.load(conference.id), checked);
  },
};
