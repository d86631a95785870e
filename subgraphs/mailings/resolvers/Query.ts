import { badUserInput, notFound } from '../../shared/errors.js';
import { uuid, validate } from '../../shared/validation.js';
import { previewLetter } from '../letters/letter-preview.js';
import { LETTER_FIELDS } from '../letters/letter-fields.js';
import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  letterTemplate: (_parent, { id }, { loaders }) => loaders.template.load(id),
  letterTemplates: (_parent, _args, { prisma }) => prisma.letterTemplate.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  letterTemplateFields: () => Object.keys(LETTER_FIELDS),
  letterPreview: async (_parent, { templateId, customerId }, { loaders, customers, renderer, requestedAt }) => {
    const template = await loaders.template.load(validate(uuid, templateId, 'templateId'));
    if (!template) throw notFound('LetterTemplate', templateId);
    const id = validate(uuid, customerId, 'customerId');
    const preview = await previewLetter(template, customers, renderer, id, requestedAt);
    if (!preview) throw badUserInput('customerId', `sales has no customer ${id}`);
    return preview;
  },
  mailingCampaign: (_parent, { id }, { loaders }) => loaders.campaign.load(id),
  mailingCampaigns: (_parent, _args, { prisma }) => prisma.campaign.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
};
