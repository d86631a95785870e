/** One customer's letter from a template: what the preview shows and what a run prints. */
import type { Liquid } from 'liquidjs';
import { addressLinesOf } from './address-lines.js';
import { letterContext, type CampaignFacts } from './letter-fields.js';
import { BODY_OUTPUT_MAX, DEFAULT_TEMPLATE_LIMITS, printLiquid, renderFailureReason, renderWithin, SUBJECT_OUTPUT_MAX, type ParsedTemplate, type TemplateLimits } from './liquid.js';
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

export type LetterPart = 'subject' | 'body';

/** A letter, or why its template could not make it for this customer (and in which part). */
export type LetterOutcome = { letter: RenderedLetter } | { failedPart: LetterPart; reason: string };

/** The print engine and the limits it was made with (the render worker makes its own from the configured limits). */
export interface LetterEngine {
  liquid: Liquid;
  limits: TemplateLimits;
  /** Told before each part is rendered: the render worker's watchdog reads it to name the letter that stalled. */
  beforePart?: (part: LetterPart) => void;
}

export const DEFAULT_LETTER_ENGINE: LetterEngine = { liquid: printLiquid, limits: DEFAULT_TEMPLATE_LIMITS };

export function parseLetterTemplate(template: { subject: string; body: string }, engine: LetterEngine = DEFAULT_LETTER_ENGINE): ParsedLetterTemplate {
  return { subject: engine.liquid.parse(template.subject), body: engine.liquid.parse(template.body) };
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
  engine: LetterEngine = DEFAULT_LETTER_ENGINE,
): LetterOutcome {
  const context = letterContext(customer, billing, campaign, today);
  const rendered: Record<LetterPart, string> = { subject: '', body: '' };
  for (const [part, maxChars] of [['subject', SUBJECT_OUTPUT_MAX], ['body', BODY_OUTPUT_MAX]] as const) {
    engine.beforePart?.(part);
    try {
      rendered[part] = renderWithin(engine.liquid, template[part], context, maxChars);
    } catch (error) {
      return { failedPart: part, reason: renderFailureReason(error, engine.limits) };
    }
  }
  return {
    letter: {
      addressLines: customer.postalAddress ? addressLinesOf(customer.postalAddress) : [],
      // The subject is one line whatever the template does.
      subject: tidy(rendered.subject).replace(/\s*\n\s*/g, ' '),
      body: tidy(rendered.body),
    },
  };
}
