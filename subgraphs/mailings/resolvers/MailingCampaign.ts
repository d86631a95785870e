import { checkedPage } from '../../shared/pages.js';
import { campaignDownloads, campaignFiles, campaignProgress, campaignReport } from '../campaigns/campaign-report.js';
import type { MailingCampaignResolvers } from '../generated/graphql.js';

const MAX_DOWNLOADS_PAGE = 1000;

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
  files: (campaign, _args, { prisma, outputDir, filesBaseUrl, downloadLinks, identity }) => campaignFiles(prisma, campaign, outputDir, filesBaseUrl, downloadLinks, identity),
  downloads: (campaign, page, { prisma }) => {
    const { take, skip } = checkedPage(page, { defaultSize: 100, maxSize: MAX_DOWNLOADS_PAGE });
    return campaignDownloads(prisma, campaign.id, take, skip);
  },
};
