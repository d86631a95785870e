import { checkedPage } from '../../shared/pages.js';
import { campaignExceptions } from '../campaigns/campaign-report.js';
import type { CampaignReportResolvers } from '../generated/graphql.js';

const MAX_EXCEPTIONS_PAGE = 1000;

export const CampaignReport: CampaignReportResolvers = {
  exceptions: (report, page, { prisma }) => {
    const { take, skip } = checkedPage(page, { defaultSize: 100, maxSize: MAX_EXCEPTIONS_PAGE });
    return campaignExceptions(prisma, report.campaignId, take, skip);
  },
};
