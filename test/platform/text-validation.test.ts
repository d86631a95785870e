/**
 * The shared zod helpers every subgraph's input rules are built from: single-line texts refuse
 * control and bidirectional control characters, e-mails are capped at RFC 5321's 254
 * characters, and ids come out in the lower case the database stores.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH, email, optionalText, requiredText, uuid } from '../../subgraphs/shared/validation.js';

function problemsOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const CONTROL = 'must be a single line without control characters (such as NUL, tab or line breaks)';
const BIDI = 'must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)';

describe('requiredText and optionalText', () => {
  it.each([
    ['NUL', 'Rossi\u0000 S.p.A.', CONTROL],
    ['a tab', 'Rossi\tS.p.A.', CONTROL],
    ['a line break', 'Rossi\nS.p.A.', CONTROL],
    ['a carriage return', 'Rossi\rS.p.A.', CONTROL],
    ['an escape', 'Rossi\u001B[31m', CONTROL],
    ['DEL', 'Rossi\u007F', CONTROL],
    ['a C1 control (NEL)', 'Rossi\u0085S.p.A.', CONTROL],
    ['a line separator', 'Rossi\u2028S.p.A.', CONTROL],
    ['a right-to-left override', 'Rossi \u202Efdp.exe', BIDI],
    ['a left-to-right embedding', '\u202ARossi', BIDI],
    ['a pop directional formatting', 'Rossi\u202C', BIDI],
    ['a right-to-left isolate', '\u2067Rossi\u2069', BIDI],
    ['a first strong isolate', '\u2068Rossi', BIDI],
  ])('refuse %s', (_label, value, problem) => {
    expect(problemsOf(requiredText(200), value)).toEqual([problem]);
    expect(problemsOf(optionalText(200), value)).toEqual([problem]);
  });

  it.each([
    ['accents and ligatures', 'Œuvres Ærø Ørsted Müller-Lüdenscheidt'],
    ['a right-to-left script', 'شركة محمد عبد الله'],
    ['a mixed-direction name', 'Studio אלף Bet'],
    ['CJK', '会议 株式会社'],
    ['emoji', 'Team 🚀'],
  ])('accept %s', (_label, value) => {
    expect(requiredText(200).parse(value)).toBe(value);
  });

  it('trim line breaks and tabs at either end rather than refusing them', () => {
    expect(requiredText(200).parse('\tRossi S.p.A.\n')).toBe('Rossi S.p.A.');
  });

  it('refuse a megabyte with the length problem alone', () => {
    expect(problemsOf(requiredText(200), `${'x'.repeat(1_000_000)}\u0000`)).toEqual(['must be at most 200 characters']);
  });
});

describe('email', () => {
  const ofLength = (length: number) => `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 197)}.com`;

  it('accepts an address of 254 characters', () => {
    expect(ofLength(EMAIL_MAX_LENGTH)).toHaveLength(254);
    expect(email.parse(ofLength(254))).toBe(ofLength(254));
  });

  it('refuses 255 characters, and 5 MB, with the length problem alone', () => {
    expect(problemsOf(email, ofLength(255))).toEqual(['must be at most 254 characters']);
    expect(problemsOf(email, `${'a'.repeat(5_000_000)}@example.com`)).toEqual(['must be at most 254 characters']);
  });

  it('refuses control characters', () => {
    expect(problemsOf(email, 'marco\u0000@example.com')).toHaveLength(1);
  });
});

describe('uuid', () => {
  it('gives the id in lower case, whatever case it came in', () => {
    expect(uuid.parse('A3E0A682-3CF5-4BEE-A102-E16F8B5AD0CF')).toBe('a3e0a682-3cf5-4bee-a102-e16f8b5ad0cf');
    expect(uuid.parse('a3e0a682-3cf5-4bee-a102-e16f8b5ad0cf')).toBe('a3e0a682-3cf5-4bee-a102-e16f8b5ad0cf');
  });

  it('refuses what is not an id, NUL included', () => {
    expect(problemsOf(uuid, 'a3e0a682-3cf5-4bee-a102-e16f8b5ad0cf\u0000')).toEqual(['must be an id returned by this API']);
  });
});
