import { badUserInput } from '../../shared/errors.js';
import { campaignExceptions } from '../campaigns/campaign-report.js';
import type { CampaignReportResolvers } from '../generated/graphql.js';

const MAX_EXCEPTIONS_PAGE = 1000;

export const CampaignReport: CampaignReportResolvers = {
  exceptions: (report, { first, offset }, { prisma }) => {
    const take = first ?? 100;
    const skip = offset ?? 0;
    if (!Number.isInteger(take) || take < 1 || take > MAX_EXCEPTIONS_PAGE) throw badUserInput('first', `must be between 1 and ${MAX_EXCEPTIONS_PAGE}`);
    if (!Number.isInteger(skip) || skip < 0) throw badUserInput('offset', 'must be 0 or more');
    return campaignExceptions(prisma, report.campaignId, take, skip);
  },
};
