import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  conference: (_parent, { id }, { loaders }) => loaders.conference.load(id),
};
