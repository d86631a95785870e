/** Creating campaigns: a template, an audience on sales data and a delivery date, checked before anything is stored. */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { badUserInput, notFound } from '../../shared/errors.js';
import { requiredText, uuid, validate } from '../../shared/validation.js';
import type { MailingsPrisma } from '../database.js';
import type { Campaign } from '../generated/prisma/client.js';

export const MAX_CUSTOMER_IDS = 10_000;
export const MAX_LETTERS_PER_FILE = 10_000;

const DAY_MS = 86_400_000;

function todayUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const campaignInput = (now: Date) =>
  z.object({
    name: requiredText(200),
    templateId: uuid,
    audience: z.object({
      segment: z.enum(['ENTERPRISE', 'SMALL_BUSINESS', 'PUBLIC_SECTOR']).nullish(),
      country: z
        .string()
        .trim()
        .toUpperCase()
        .refine((code) => /^[A-Z]{2}$/.test(code) && countries.isValid(code), 'is not an ISO 3166-1 alpha-2 country code (such as IT, DE, FR)')
        .nullish(),
      hasActiveContract: z.boolean().nullish(),
      customerIds: z
        .array(uuid)
        .min(1, 'must list at least one id; leave it out to choose by the other criteria')
        .max(MAX_CUSTOMER_IDS, `must list at most ${MAX_CUSTOMER_IDS} ids`)
        .nullish(),
    }),
    expectedDeliveryOn: z
      .date()
      .refine((date) => !Number.isNaN(date.getTime()), { message: 'must be a valid date', abort: true })
      .refine((date) => date >= todayUtc(now), 'must be today or later')
      .refine((date) => date.getTime() <= todayUtc(now).getTime() + 366 * DAY_MS, 'must be within a year'),
    window: z.enum(['LEFT', 'RIGHT']).nullish(),
    addressPosition: z.enum(['DIN_5008_A', 'DIN_5008_B']).nullish(),
    lettersPerFile: z.number().int().min(1, `must be between 1 and ${MAX_LETTERS_PER_FILE}`).max(MAX_LETTERS_PER_FILE, `must be between 1 and ${MAX_LETTERS_PER_FILE}`).nullish(),
  });

export async function createCampaign(prisma: MailingsPrisma, rawInput: unknown, now: Date): Promise<Campaign> {
  const input = validate(campaignInput(now), rawInput, 'input');
  if (!(await prisma.letterTemplate.findUnique({ where: { id: input.templateId }, select: { id: true } }))) {
    throw notFound('LetterTemplate', input.templateId);
  }
  const customerIds = input.audience.customerIds ? [...new Set(input.audience.customerIds)] : [];
  if (input.audience.customerIds && customerIds.length !== input.audience.customerIds.length) {
    throw badUserInput('input.audience.customerIds', 'lists a customer more than once');
  }
  return prisma.campaign.create({
    data: {
      name: input.name,
      templateId: input.templateId,
      segment: input.audience.segment ?? null,
      country: input.audience.country ?? null,
      hasActiveContract: input.audience.hasActiveContract ?? null,
      customerIds,
      expectedDeliveryOn: input.expectedDeliveryOn,
      window: input.window ?? 'LEFT',
      addressPosition: input.addressPosition ?? 'DIN_5008_B',
      lettersPerFile: input.lettersPerFile ?? 1000,
    },
  });
}

export function audienceOf(campaign: Campaign) {
  return {
    segment: campaign.segment,
    country: campaign.country,
    hasActiveContract: campaign.hasActiveContract,
    ids: campaign.customerIds.length ? campaign.customerIds : null,
  };
}
