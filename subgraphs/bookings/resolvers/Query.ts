import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  booking: (_parent, { id }, { loaders }) => loaders.booking.load(id),
};
