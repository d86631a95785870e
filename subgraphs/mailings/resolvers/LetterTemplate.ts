import type { LetterTemplateResolvers } from '../generated/graphql.js';

export const LetterTemplate: LetterTemplateResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.template.load(id),
};
