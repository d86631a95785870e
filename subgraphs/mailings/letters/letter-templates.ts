/** Saving letter templates: each is parsed, its fields checked against the catalogue, and tried once within the template limits. */
import { z } from 'zod';
import { badUserInput } from '../../shared/errors.js';
import { isUniqueViolation } from '../../shared/prisma-errors.js';
import { requiredText, validate } from '../../shared/validation.js';
import type { MailingsPrisma } from '../database.js';
import type { LetterTemplate } from '../generated/prisma/client.js';
import { fieldOfPath, LETTER_FIELDS, SAMPLE_CUSTOMER, type LetterField } from './letter-fields.js';
import { printLiquid, type ParsedTemplate } from './liquid.js';
import type { TemplateRenderer } from './template-renderer.js';

export const SUBJECT_MAX = 500;
export const BODY_MAX = 20_000;

/** Template text may hold line breaks (the body) but never NUL, which PostgreSQL cannot store. */
const templateText = (max: number) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters`, abort: true })
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL characters', abort: true })
    .refine((value) => value.trim().length > 0, 'must not be empty');

const letterTemplateInput = z.object({
  name: requiredText(200),
  subject: templateText(SUBJECT_MAX),
  body: templateText(BODY_MAX),
});

function parse(source: string, field: string): ParsedTemplate {
  try {
    return printLiquid.parse(source);
  } catch (error) {
    throw badUserInput(field, `is not a valid Liquid template: ${(error as Error).message}`);
  }
}

/** The fields a parsed template names; an unknown one is refused with its name. */
function fieldsOf(parsed: ParsedTemplate, field: string): LetterField[] {
  const found = new Set<LetterField>();
  let variables: ReturnType<typeof printLiquid.globalVariableSegmentsSync>;
  try {
    variables = printLiquid.globalVariableSegmentsSync(parsed);
  } catch (error) {
    // The analysis follows `include` and `render`, which find nothing: a template is one text.
    throw badUserInput(field, `cannot be rendered: ${(error as Error).message} (include, render and layout are not available)`);
  }
  for (const raw of variables) {
    // A computed index (`lines[forloop.index0]`) is checked as a list index; its own variables are listed apart.
    const segments = raw.map((segment) => (Array.isArray(segment) ? 0 : segment));
    const known = fieldOfPath(segments);
    const name = segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index ? `.${segment}` : segment)).join('');
    if (!known) throw badUserInput(field, `names the unknown field "${name}"; the fields are ${Object.keys(LETTER_FIELDS).join(', ')}`, { unknownField: name });
    found.add(known);
  }
  return [...found];
}

export interface CheckedTemplate {
  name: string;
  subject: string;
  body: string;
  fields: LetterField[];
}

/**
 * Validates a template and tries it once on a stand-in customer, in the render worker within
 * the template limits: errors only rendering shows (a runaway loop, an output too long) stop here.
 */
export async function checkTemplate(rawInput: unknown, renderer: TemplateRenderer): Promise<CheckedTemplate> {
  const input = validate(letterTemplateInput, rawInput, 'input');
  const subject = parse(input.subject, 'input.subject');
  const body = parse(input.body, 'input.body');
  const fields = [...new Set([...fieldsOf(subject, 'input.subject'), ...fieldsOf(body, 'input.body')])].sort();
  const [outcome] = await renderer.render({
    template: input,
    letters: [{ customer: SAMPLE_CUSTOMER, billing: null }],
    campaign: { name: 'Campaign', expectedDelivery: '2026-01-01' },
    today: '2026-01-01',
  });
  if (outcome && 'reason' in outcome) throw badUserInput(`input.${outcome.failedPart}`, `cannot be rendered: ${outcome.reason}`);
  return { ...input, fields };
}

export async function createLetterTemplate(prisma: MailingsPrisma, renderer: TemplateRenderer, rawInput: unknown): Promise<LetterTemplate> {
  const template = await checkTemplate(rawInput, renderer);
  try {
    return await prisma.letterTemplate.create({ data: template });
  } catch (error) {
    if (isUniqueViolation(error)) throw badUserInput('input.name', `a template named "${template.name}" exists already`);
    throw error;
  }
}
