/** The faster kerning lookup and the remembered word widths set exactly the same PDF as pdfkit alone. */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { useFasterKerning, useRememberedWidths } from '../../subgraphs/mailings/printing/faster-text-metrics.js';

const TEXT = 'AVVISO: Tariffe "WAVE" per Yvonne Lättà, P.Tr. Vo. Wa. LT AT 12.345,67 € — Ç’è tutto.';

/** A one-page PDF of TEXT in both fonts, uncompressed and dated, so that equal drawing gives equal bytes. */
function drawn(faster: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ compress: false, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (faster) useRememberedWidths(doc, 40);
  // The same words in two fonts and three sizes: a width remembered for one must not serve another.
  for (const font of ['Helvetica-Bold', 'Helvetica', 'Helvetica-Bold']) {
    doc.font(font);
    if (faster) useFasterKerning(doc);
    for (const size of [10.5, 8, 10.5]) doc.fontSize(size).text(TEXT.repeat(8), { width: 300, align: 'left' });
    doc.fontSize(9).text(TEXT, { width: 200, align: 'justify', characterSpacing: 0.5 });
  }
  doc.end();
  return done;
}

describe('faster text metrics for the standard fonts', () => {
  it('measures the same widths, kerned', () => {
    const plain = new PDFDocument().font('Helvetica').fontSize(10.5);
    const fast = new PDFDocument().font('Helvetica').fontSize(10.5);
    useFasterKerning(fast);
    for (const word of ['AVATAR', 'WAVE', 'Tolto,', 'P.Tr.', TEXT]) expect(fast.widthOfString(word)).toBe(plain.widthOfString(word));
    // Kerning is there to be kept: "AV" is set tighter than "A" and "V" apart.
    expect(fast.widthOfString('AV')).toBeLessThan(fast.widthOfString('A') + fast.widthOfString('V'));
  });

  it('sets byte for byte the same PDF as pdfkit alone', async () => {
    expect((await drawn(true)).equals(await drawn(false))).toBe(true);
  });

  it('replaces a font’s lookup once', () => {
    const doc = new PDFDocument().font('Helvetica');
    expect(useFasterKerning(doc)).toBe(true);
    expect(useFasterKerning(doc.font('Helvetica'))).toBe(false);
  });
});
