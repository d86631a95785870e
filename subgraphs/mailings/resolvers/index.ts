import { dateScalars } from '../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { CampaignReport } from './CampaignReport.js';
import { LetterTemplate } from './LetterTemplate.js';
import { MailingCampaign } from './MailingCampaign.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { ...dateScalars, Query, Mutation, LetterTemplate, MailingCampaign, CampaignReport };
