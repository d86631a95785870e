/**
 * Print files: letters as A4 PDF pages (pdfkit), written to disk a letter at a time. Each
 * letter starts on a new sheet, carries fold and punch marks, its address in the envelope
 * window, and "page i of n" counted within the letter, so the print shop can check each
 * envelope's sheets. Pages are kept in memory only until their letter is done, and the PDF
 * only until the file has taken it.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { useFasterKerning, useRememberedWidths } from './faster-text-metrics.js';
import {
  A4,
  ADDRESS_FONT_SIZE,
  ADDRESS_INSET_MM,
  addressField,
  foldMarks,
  MARGINS,
  MAX_ADDRESS_LINES,
  MIN_ADDRESS_FONT_SIZE,
  MM,
  RETURN_ZONE_MM,
  type AddressPosition,
  type WindowSide,
} from './letter-layout.js';

export interface PrintLetter {
  addressLines: string[];
  subject: string;
  body: string;
}

export interface PrintLayout {
  window: WindowSide;
  addressPosition: AddressPosition;
  /** The small return-address line above the address ("Integra S.p.A. · Via ... · Milano"). */
  returnAddress: string;
  /** The date line, already formatted ("Milano, 28 November 2026"). */
  dateLine: string;
}

export interface WrittenPrintFile {
  letters: number;
  pages: number;
  bytes: number;
  sha256: string;
}

/** The standard PDF fonts need no embedding, which keeps 100,000 letters fast and small. */
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

type Doc = InstanceType<typeof PDFDocument>;

function newPage(doc: Doc): void {
  doc.addPage({ size: [A4.width, A4.height], margins: MARGINS });
}

/** A line too wide for the window is set smaller (never cut): the posts must read it all. */
function fitFontSize(doc: Doc, line: string, width: number): number {
  let size = ADDRESS_FONT_SIZE;
  doc.font(REGULAR).fontSize(size);
  while (size > MIN_ADDRESS_FONT_SIZE && doc.widthOfString(line) > width) {
    size -= 0.5;
    doc.fontSize(size);
  }
  return size;
}

function drawFirstPage(doc: Doc, letter: PrintLetter, layout: PrintLayout): void {
  const field = addressField(layout.window, layout.addressPosition);
  const inset = ADDRESS_INSET_MM * MM;
  const textWidth = field.width - 2 * inset;

  doc.save().lineWidth(0.5).strokeColor('#999999');
  for (const y of foldMarks(layout.addressPosition)) doc.moveTo(3 * MM, y).lineTo(8 * MM, y).stroke();
  doc.moveTo(3 * MM, A4.height / 2).lineTo(10 * MM, A4.height / 2).stroke();
  doc.restore();

  doc.font(REGULAR).fontSize(7).fillColor('#444444');
  doc.text(layout.returnAddress, field.x + inset, field.y + RETURN_ZONE_MM * MM - 12, { width: textWidth, lineBreak: false, ellipsis: true });
  doc.fillColor('black');

  let y = field.y + RETURN_ZONE_MM * MM;
  for (const line of letter.addressLines.slice(0, MAX_ADDRESS_LINES)) {
    const size = fitFontSize(doc, line, textWidth);
    doc.text(line, field.x + inset, y, { width: textWidth, lineBreak: false });
    y += size * 1.2;
  }

  const belowField = field.y + field.height + 8 * MM;
  doc.font(REGULAR).fontSize(10).text(layout.dateLine, MARGINS.left, belowField, { width: A4.width - MARGINS.left - MARGINS.right, align: 'right' });
  doc.font(BOLD).fontSize(11).text(letter.subject, MARGINS.left, belowField + 10 * MM, { width: A4.width - MARGINS.left - MARGINS.right });
  doc.moveDown(1.2);
}

function drawBody(doc: Doc, body: string): void {
  doc.font(REGULAR).fontSize(10.5);
  const width = A4.width - MARGINS.left - MARGINS.right;
  for (const paragraph of body.split(/\n{2,}/)) {
    doc.text(paragraph, MARGINS.left, doc.y, { width, align: 'left', lineGap: 2 });
    doc.moveDown(0.8);
  }
}

/** Numbers the pages of the letter just drawn; the footer sits in the bottom margin. */
function numberPages(doc: Doc): number {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(8).fillColor('#444444');
    doc.text(`Page ${index + 1} of ${range.count}`, MARGINS.left, A4.height - 15 * MM, { width: A4.width - MARGINS.left - MARGINS.right, align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
  return range.count;
}

/**
 * pdfkit compresses each finished page with zlib.deflateSync, whose result is a slice of a new
 * 16 kB buffer: a page of about 1 kB keeps 16 kB alive until the garbage collector gets to it.
 * 100,000 letters went through about 2 GB of those, and the mailings service held 60–70 MB of
 * them at a time, waiting to be collected. While pdfkit finishes pages (synchronously: no other
 * code runs meanwhile) each result is copied into a buffer of its own size, and the 16 kB one
 * is garbage at once, collected young.
 */
function withRightSizedDeflate<T>(finishPages: () => T): T {
  const deflateSync = zlib.deflateSync;
  zlib.deflateSync = ((buffer: zlib.InputType, options?: zlib.ZlibOptions) => Buffer.from(deflateSync(buffer, options))) as typeof zlib.deflateSync;
  try {
    return finishPages();
  } finally {
    zlib.deflateSync = deflateSync;
  }
}

/** PDF bytes drawn but not yet written to the file that the drawing may run ahead by. */
const UNWRITTEN_LIMIT = 256 * 1024;

/**
 * pdfkit pushes every page it finishes without waiting for the file, so a file of 1,000 letters
 * drawn in one go was held whole in memory (each compressed page in a buffer of 16 kB: about
 * 16 MB a file) until the drawing ended. Between letters the file catches up.
 */
async function fileCaughtUp(doc: Doc, output: WriteStream): Promise<void> {
  while (doc.readableLength + output.writableLength > UNWRITTEN_LIMIT) {
    if (output.errored) throw output.errored;
    // A full file stream says so with 'drain' (and `once` rejects on its 'error'); otherwise
    // the pipe resumes on the next tick and moves pdfkit's queue along.
    if (output.writableNeedDrain) await once(output, 'drain');
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Writes the letters to `path` (through `path.partial`, renamed when complete, so a crash
 * never leaves a file that looks finished).
 */
export async function writePrintFile(path: string, letters: Iterable<PrintLetter>, layout: PrintLayout): Promise<WrittenPrintFile> {
  const partial = `${path}.partial`;
  // Size and margins here too: pages pdfkit adds when the body runs over take them from here.
  const doc = new PDFDocument({ size: [A4.width, A4.height], margins: MARGINS, autoFirstPage: false, bufferPages: true, compress: true, info: { Title: 'Letters', Producer: 'Integra mailings' } });
  // pdfkit keeps one font object per name for the document's life.
  for (const font of [BOLD, REGULAR]) useFasterKerning(doc.font(font));
  useRememberedWidths(doc);
  const hash = createHash('sha256');
  const output = createWriteStream(partial, { highWaterMark: UNWRITTEN_LIMIT });
  doc.on('data', (chunk: Buffer) => hash.update(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve);
    output.on('error', reject);
    doc.on('error', reject);
  });
  // A write error that stops the drawing is thrown from the drawing; `finished` is not awaited then.
  finished.catch(() => {});
  doc.pipe(output);
  let count = 0;
  let pages = 0;
  try {
    for (const letter of letters) {
      newPage(doc);
      drawFirstPage(doc, letter, layout);
      drawBody(doc, letter.body);
      pages += numberPages(doc);
      withRightSizedDeflate(() => doc.flushPages());
      count += 1;
      await fileCaughtUp(doc, output);
    }
  } catch (error) {
    output.destroy();
    throw error;
  }
  withRightSizedDeflate(() => doc.end());
  await finished;
  await rename(partial, path);
  return { letters: count, pages, bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}
