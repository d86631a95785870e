import { campaignFiles, campaignProgress, campaignReport } from '../campaigns/campaign-report.js';
import type { MailingCampaignResolvers } from '../generated/graphql.js';

export const MailingCampaign: MailingCampaignResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.campaign.load(id),
  template: async (campaign, _args, { loaders }) => (await loaders.template.load(campaign.templateId))!,
  audience: (campaign) => ({
    segment: campaign.segment as 'ENTERPRISE' | 'SMALL_BUSINESS' | 'PUBLIC_SECTOR' | null,
    country: campaign.country,
    hasActiveContract: campaign.hasActiveContract,
    customerIds: campaign.customerIds.length ? campaign.customerIds : null,
  }),
  progress: (campaign, _args, { prisma }) => campaignProgress(prisma, campaign),
  report: (campaign, _args, { prisma }) => campaignReport(prisma, campaign.id),
  files: (campaign, _args, { prisma, outputDir, filesBaseUrl, downloadLinks }) => campaignFiles(prisma, campaign, outputDir, filesBaseUrl, downloadLinks),
};
