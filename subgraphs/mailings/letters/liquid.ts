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
import { Context, Liquid, toValueSync, type Template } from 'liquidjs';

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

/** What one rendering of a template (a letter's subject or body) may cost; see the README's "Mass mailings". */
export interface TemplateLimits {
  /** liquidjs's `renderLimit`: milliseconds one rendering may run. */
  renderMs: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = { renderMs: 1_000 };

/** Characters of template liquidjs parses at once (`parseLimit`): a body is at most 20,000. */
const PARSE_LIMIT = 100_000;
/**
 * liquidjs's `memoryLimit`: the characters and list items one rendering may create. liquidjs
 * counts what filters and ranges make but not what the template writes out, nor a
 * `capture` (a capture doubling itself 25 times is 1 GB); the emitters below charge both.
 */
export const MEMORY_LIMIT = 2_000_000;
/** The longest subject and body a template may render to: a subject is one line, a body about ten pages. */
export const SUBJECT_OUTPUT_MAX = 1_000;
export const BODY_OUTPUT_MAX = 30_000;

/** A template could not be rendered within the limits, or failed; `reason` says why, for a person. */
export class TemplateRenderFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TemplateRenderFailure';
  }
}

/** A duration as a person reads it in a refusal: 1000 → "1 s", 200 → "0.2 s". */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** liquidjs's own messages ("template render limit exceeded, line:1, col:25") in words a template author can act on. */
export function renderFailureReason(error: unknown, limits: TemplateLimits): string {
  // liquidjs wraps what a tag throws (the output limit's failure) in a RenderError.
  for (let cause = error; cause instanceof Error; cause = (cause as { originalError?: unknown }).originalError) {
    if (cause instanceof TemplateRenderFailure) return cause.reason;
  }
  const message = (error as Error)?.message ?? String(error);
  const where = /line:\d+, col:\d+/.exec(message)?.[0]?.replace(':', ' ').replace('col:', 'column ');
  const at = where ? ` (at ${where})` : '';
  if (message.includes('template render limit exceeded')) return `rendering took longer than ${seconds(limits.renderMs)}${at}`;
  if (message.includes('memory alloc limit exceeded')) return `rendering makes more than ${MEMORY_LIMIT.toLocaleString('en')} characters or list items${at}: loops or captures too large`;
  if (message.includes('parse length limit exceeded')) return `the template is longer than ${PARSE_LIMIT.toLocaleString('en')} characters`;
  return message;
}

/**
 * Writes what a template outputs, charging every character to the rendering's memory limit
 * (liquidjs charges none); with `maxChars`, the rendering stops as soon as the output is
 * longer, before the text is built any further.
 */
class CountingEmitter {
  buffer = '';

  constructor(
    private readonly context: Context,
    private readonly maxChars = Infinity,
  ) {}

  write(html: unknown): void {
    const text = html === null || html === undefined ? '' : typeof html === 'string' ? html : String(html);
    this.context.memoryLimit.use(text.length);
    if (this.buffer.length + text.length > this.maxChars) throw new TemplateRenderFailure(`the output exceeds the limit of ${this.maxChars.toLocaleString('en')} characters`);
    this.buffer += text;
  }
}

export function createLiquid(outputEscape: (value: unknown) => string, limits: TemplateLimits = DEFAULT_TEMPLATE_LIMITS): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    strictVariables: true,
    ownPropertyOnly: true,
    // No file system: `include` and `render` find nothing, so a template cannot read files.
    templates: {},
    outputEscape,
    parseLimit: PARSE_LIMIT,
    renderLimit: limits.renderMs,
    memoryLimit: MEMORY_LIMIT,
  });
  // `capture` (and any tag rendering its block to a value) asks for an emitter of its own: one that counts.
  const renderer = liquid.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates, context, emitter) => renderTemplates(templates, context, emitter ?? new CountingEmitter(context));
  return liquid;
}

/** Renders synchronously within the engine's limits, stopping once the output passes `maxChars`. */
export function renderWithin(liquid: Liquid, template: ParsedTemplate, scope: object, maxChars: number): string {
  const context = new Context(scope, liquid.options, { sync: true }, { liquid });
  const emitter = new CountingEmitter(context, maxChars);
  toValueSync(liquid.renderer.renderTemplates(template, context, emitter));
  return emitter.buffer;
}

export const printLiquid = createLiquid(escapeForPrint);
export const htmlLiquid = createLiquid(escapeForHtml);

export type ParsedTemplate = Template[];
