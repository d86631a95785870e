import type { OrganiserResolvers } from '../generated/graphql.js';

export const Organiser: OrganiserResolvers = {
  name: (booking) => booking.organiserName,
  email: (booking) => booking.organiserEmail,
};
