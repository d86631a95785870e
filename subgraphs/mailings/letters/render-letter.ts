/** One customer's letter from a template: what the preview shows and what a run prints. */
import { addressLinesOf } from './address-lines.js';
import { letterContext, type CampaignFacts } from './letter-fields.js';
import { printLiquid, type ParsedTemplate } from './liquid.js';
import type { AudienceCustomer, BillingFigures } from '../audience/sales-audience.js';

export interface ParsedLetterTemplate {
  subject: ParsedTemplate;
  body: ParsedTemplate;
}

export interface RenderedLetter {
  addressLines: string[];
  subject: string;
  body: string;
}

export function parseLetterTemplate(template: { subject: string; body: string }): ParsedLetterTemplate {
  return { subject: printLiquid.parse(template.subject), body: printLiquid.parse(template.body) };
}

/** Liquid tags leave blank lines behind; more than one in a row is one paragraph break. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function renderLetter(
  template: ParsedLetterTemplate,
  customer: AudienceCustomer,
  billing: BillingFigures | null,
  campaign: CampaignFacts,
  today: string,
): RenderedLetter {
  const context = letterContext(customer, billing, campaign, today);
  return {
    addressLines: customer.postalAddress ? addressLinesOf(customer.postalAddress) : [],
    // The subject is one line whatever the template does.
    subject: tidy(printLiquid.renderSync(template.subject, context)).replace(/\s*\n\s*/g, ' '),
    body: tidy(printLiquid.renderSync(template.body, context)),
  };
}
