/** Input rules shared by the subgraphs' mutations, with messages a person can act on. */
import { z } from 'zod';
import { findCurrency } from './currencies.js';
import { fromZodError } from './errors.js';

export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, root: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, root);
  return result.data;
}

/**
 * Names, titles and addresses are single lines shown beside other text: control characters
 * (C0, DEL, C1, which include NUL, tab and line breaks, plus the Unicode line and paragraph
 * separators) would break or hide that text, and PostgreSQL cannot store NUL at all.
 */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder the
 * text around them, so a name could read differently from what was stored ("Trojan Source").
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Checks that stop at the first failure, so a megabyte of input costs one length check. */
const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters`, abort: true })
    .refine((value) => !CONTROL_CHARACTER.test(value), {
      message: 'must be a single line without control characters (such as NUL, tab or line breaks)',
      abort: true,
    })
    .refine((value) => !BIDI_CONTROL.test(value), {
      message: 'must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)',
      abort: true,
    });

export const requiredText = (max: number) => singleLine(max).min(1, 'must not be empty');

/** Printable Latin-1 (ISO-8859-1): what FatturaPA's text fields accept, and nothing else. */
const OUTSIDE_LATIN_1 = /[^\u0020-\u007E\u00A0-\u00FF]/u;

/** The first character outside printable Latin-1, named so a person can find and replace it. */
export function firstNonLatin1(value: string): string | undefined {
  return OUTSIDE_LATIN_1.exec(value)?.[0];
}

const describeCharacter = (char: string) => `"${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;

/** A single line that an Italian e-invoice (FatturaPA, Latin-1 only) can carry as it is. */
export const requiredLatin1Text = (max: number) =>
  requiredText(max).superRefine((value, context) => {
    const offending = firstNonLatin1(value);
    if (offending) {
      context.addIssue({
        code: 'custom',
        message: `must be written in Latin-1 (ISO-8859-1) for Italian e-invoices: ${describeCharacter(offending)} is not; replace it`,
        abort: true,
      });
    }
  });

export const optionalText = (max: number) =>
  singleLine(max)
    .nullish()
    .transform((value) => value || null);

/** RFC 5321 caps a forward path at 256 octets, so an address has at most 254 characters. */
export const EMAIL_MAX_LENGTH = 254;

export const email = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, { message: `must be at most ${EMAIL_MAX_LENGTH} characters`, abort: true })
  .email('must be an e-mail address such as name@example.com');

/**
 * UUIDs are compared as PostgreSQL does, whatever the case of their hex digits: the id comes
 * back lower-case, as the database stores and returns it.
 */
export const uuid = z
  .string()
  .trim()
  .uuid('must be an id returned by this API')
  .transform((id) => id.toLowerCase());

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR')
  .refine((code) => findCurrency(code) !== undefined, 'is not an ISO 4217 currency that money can be in (such as EUR, USD, JPY)');

/** A decimal string, so that no amount ever passes through a float. */
export const decimalString = (maxDecimals: number) =>
  z
    .string()
    .trim()
    .regex(
      new RegExp(`^\\d{1,12}(\\.\\d{1,${maxDecimals}})?$`),
      `must be a non-negative decimal such as 0.045 with at most ${maxDecimals} decimals`,
    );

export const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()), 'must be a valid date');
