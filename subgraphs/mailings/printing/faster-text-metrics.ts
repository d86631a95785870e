/**
 * Two speed-ups of pdfkit's text measurement, each setting byte for byte the same PDF
 * (test/mailings/faster-text-metrics.test.ts).
 *
 * Kerning: pdfkit's standard fonts (Helvetica) look up the kerning of every pair of adjacent characters,
 * for every width measured and every line set, by a key built as a new string each time
 * (`left + '\0' + right` into an object of some 2,700 keys). Printing 100,000 letters spent
 * about a tenth of the mailing service's CPU time there. The same table as a map of maps gives
 * the same amounts without building anything.
 *
 * This reaches into pdfkit's font objects (`doc._font.font.kernPairs`); if a later pdfkit no
 * longer has them, nothing is changed and pdfkit's own lookup stays in place.
 *
 * Word widths: pdfkit measures every word of every paragraph it wraps, remembering the widths
 * only for that one paragraph; the letters of a campaign share most of their words.
 */
type Doc = InstanceType<typeof import('pdfkit')>;

interface StandardFontMetrics {
  kernPairs?: Record<string, number>;
  getKernPair?: (left: string, right: string) => number;
}

const faster = new WeakSet<object>();

/** Replaces the kerning lookup of the document's current font, if it is a standard font not done yet. */
export function useFasterKerning(doc: Doc): boolean {
  const metrics = (doc as unknown as { _font?: { font?: StandardFontMetrics } })._font?.font;
  if (!metrics || faster.has(metrics)) return false;
  const pairs = metrics.kernPairs;
  if (!pairs || typeof pairs !== 'object' || typeof metrics.getKernPair !== 'function') return false;
  const table = new Map<string, Map<string, number>>();
  for (const [key, amount] of Object.entries(pairs)) {
    const separator = key.indexOf('\0');
    if (separator < 0) return false;
    const left = key.slice(0, separator);
    let row = table.get(left);
    if (!row) table.set(left, (row = new Map()));
    row.set(key.slice(separator + 1), amount);
  }
  metrics.getKernPair = (left, right) => table.get(left)?.get(right) ?? 0;
  faster.add(metrics);
  return true;
}

interface CurrentFont {
  _font?: { name?: string };
  _fontSize?: number;
}

/**
 * Remembers the widths pdfkit measures, per font, size and string, for the document's life (one
 * print file). Measurements with options that change a width other than by font and size
 * (OpenType features, character spacing, horizontal scaling) are measured afresh.
 */
export function useRememberedWidths(doc: Doc, limit = 50_000): void {
  const measure = doc.widthOfString.bind(doc);
  const current = doc as unknown as CurrentFont;
  const widths = new Map<string, number>();
  doc.widthOfString = (text: string, options?: PDFKit.Mixins.TextOptions) => {
    const fontName = current._font?.name;
    const scaling = (options as { horizontalScaling?: number } | undefined)?.horizontalScaling ?? 100;
    if (!fontName || typeof current._fontSize !== 'number' || options?.features || options?.characterSpacing || scaling !== 100) return measure(text, options);
    const key = `${fontName}\0${current._fontSize}\0${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = measure(text, options);
      // A bound on what a document can hold, should its letters share nothing.
      if (widths.size >= limit) widths.clear();
      widths.set(key, width);
    }
    return width;
  };
}
