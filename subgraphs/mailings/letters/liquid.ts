/**
 * Letter templates are Liquid (liquidjs): a template language people already know, with
 * filters for dates and numbers, that cannot run code and has limits on parse and render work.
 * Customer data is data, never template: a name such as "{{ x }}" prints as it is.
 *
 * Two escapes, one per medium. A letter is plain text laid out on paper, so a value may not
 * add lines or invisible characters to it (a name with a line break must not push the
 * address out of the window): control characters become spaces. The notice e-mail's HTML
 * part escapes HTML, so `<b>` in a name shows as written.
 */
import { Liquid, type Template } from 'liquidjs';

const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]+/g;

export function escapeForPrint(value: unknown): string {
  return stringOf(value).replace(CONTROL_CHARACTERS, ' ');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeForHtml(value: unknown): string {
  return escapeForPrint(value).replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringOf).join(', ');
  return String(value);
}

const LIMITS = {
  // Bounds what one template may cost: a loop over (1..100000000) stops instead of hanging a run.
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

function engine(outputEscape: (value: unknown) => string): Liquid {
  return new Liquid({
    strictFilters: true,
    strictVariables: true,
    ownPropertyOnly: true,
    // No file system: `include` and `render` find nothing, so a template cannot read files.
    templates: {},
    outputEscape,
    ...LIMITS,
  });
}

export const printLiquid = engine(escapeForPrint);
export const htmlLiquid = engine(escapeForHtml);

export type ParsedTemplate = Template[];
