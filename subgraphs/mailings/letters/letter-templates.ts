/** Saving letter templates: each is parsed, its fields checked against the catalogue, and tried once. */
import { z } from 'zod';
import { badUserInput } from '../../shared/errors.js';
import { isUniqueViolation } from '../../shared/prisma-errors.js';
import { requiredText, validate } from '../../shared/validation.js';
import type { MailingsPrisma } from '../database.js';
import type { LetterTemplate } from '../generated/prisma/client.js';
import { fieldOfPath, LETTER_FIELDS, letterContext, SAMPLE_CUSTOMER, type LetterField } from './letter-fields.js';
import { printLiquid, type ParsedTemplate } from './liquid.js';

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

export function checkTemplate(rawInput: unknown): CheckedTemplate {
  const input = validate(letterTemplateInput, rawInput, 'input');
  const subject = parse(input.subject, 'input.subject');
  const body = parse(input.body, 'input.body');
  const fields = [...new Set([...fieldsOf(subject, 'input.subject'), ...fieldsOf(body, 'input.body')])].sort();
  // Tried once on a stand-in customer: errors only rendering shows (an include, a runaway loop) stop here.
  const context = letterContext(SAMPLE_CUSTOMER, null, { name: 'Campaign', expectedDelivery: '2026-01-01' }, '2026-01-01');
  for (const [field, parsed] of [['input.subject', subject], ['input.body', body]] as const) {
    try {
      printLiquid.renderSync(parsed, context);
    } catch (error) {
      throw badUserInput(field, `cannot be rendered: ${(error as Error).message}`);
    }
  }
  return { ...input, fields };
}

export async function createLetterTemplate(prisma: MailingsPrisma, rawInput: unknown): Promise<LetterTemplate> {
  const template = checkTemplate(rawInput);
  try {
    return await prisma.letterTemplate.create({ data: template });
  } catch (error) {
    if (isUniqueViolation(error)) throw badUserInput('input.name', `a template named "${template.name}" exists already`);
    throw error;
  }
}
