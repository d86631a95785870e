import { notFound } from '../../shared/errors.js';
import { uuid, validate } from '../../shared/validation.js';
import { createCampaign } from '../campaigns/campaigns.js';
import { createLetterTemplate } from '../letters/letter-templates.js';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createLetterTemplate: (_parent, { input }, { prisma, renderer }) => createLetterTemplate(prisma, renderer, input),
  createMailingCampaign: (_parent, { input }, { prisma, requestedAt }) => createCampaign(prisma, input, requestedAt),
  runMailingCampaign: async (_parent, { id }, { runner }) => {
    const campaignId = validate(uuid, id, 'id');
    const campaign = await runner.start(campaignId);
    if (!campaign) throw notFound('MailingCampaign', campaignId);
    return campaign;
  },
};
