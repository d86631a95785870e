/**
 * The notice list: the customers told by e-mail that a letter is on its way, as CSV for
 * whoever sends or checks the e-mails. RFC 4180 via csv-stringify (a well-tried writer, so
 * commas, quotes and line breaks in names are quoted right): CRLF line ends, a header row,
 * UTF-8 with a byte-order mark so spreadsheet programs read accented names correctly.
 *
 * Names come from customers, and a spreadsheet runs a cell that starts with = + - @ (or a tab
 * or carriage return before one) as a formula: `=HYPERLINK("http://x")` in a name would become
 * a link, or worse, in the hands of whoever opens the file. As OWASP recommends (CSV
 * injection), such a cell is written with a single quote before it, which spreadsheets show as
 * text, and quoted; csv-stringify's escape_formulas adds the quote (also before the full-width
 * look-alikes Apple Numbers folds to them), the quoted_match below quotes the cell.
 */
import { stringify, type Stringifier } from 'csv-stringify';

export const NOTICE_LIST_COLUMNS = ['customer_id', 'name', 'email', 'expected_delivery'] as const;

export interface NoticeListRow {
  customerId: string;
  name: string;
  email: string;
  expectedDelivery: string;
}

const UTF8_BOM = '\uFEFF';

/** A cell a spreadsheet would take as a formula, by its first character, as escape_formulas sees it. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Every CSV mailings writes (the notice list, the exceptions) comes from here, formulas neutralised. */
export function csvWriter(columns: readonly string[]): Stringifier {
  return stringify({
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    bom: false,
    escape_formulas: true,
    quoted_match: [/[\r\n]/, FORMULA_START],
  });
}

export { UTF8_BOM };

/** The list as one string: for tests and small lists (a run streams it with csvWriter). */
export async function noticeListCsv(rows: NoticeListRow[]): Promise<string> {
  const writer = csvWriter(NOTICE_LIST_COLUMNS);
  const chunks: string[] = [];
  writer.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    writer.on('end', resolve);
    writer.on('error', reject);
  });
  for (const row of rows) writer.write([row.customerId, row.name, row.email, row.expectedDelivery]);
  writer.end();
  await done;
  return UTF8_BOM + chunks.join('');
}
