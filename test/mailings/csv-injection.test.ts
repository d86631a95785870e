/**
 * CSV injection: a customer name that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) reaches the notice list and the exceptions as text, behind a single
 * quote, quoted, as OWASP recommends. Read back with an RFC 4180 reader, as a spreadsheet would.
 */
import { TemplateRenderer } from '../../subgraphs/mailings/letters/template-renderer.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceCustomer, CustomerSource } from '../../subgraphs/mailings/audience/sales-audience.js';
import { CampaignRunner, DEFAULT_SENDER } from '../../subgraphs/mailings/campaigns/campaign-runner.js';
import { createCampaign } from '../../subgraphs/mailings/campaigns/campaigns.js';
import { createMailingsPrisma, type MailingsPrisma } from '../../subgraphs/mailings/database.js';
import { campaignFolder, EXCEPTIONS_FILE, NOTICE_LIST_FILE } from '../../subgraphs/mailings/files/campaign-files.js';
import { SAMPLE_CUSTOMER } from '../../subgraphs/mailings/letters/letter-fields.js';
import { createLetterTemplate } from '../../subgraphs/mailings/letters/letter-templates.js';
import { noticeListCsv } from '../../subgraphs/mailings/notices/notice-list.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/** RFC 4180 as a spreadsheet reads it: quoted cells (with "" for a quote) and bare ones, CRLF between records. */
function readCsv(text: string): { cells: string[]; quoted: boolean[] }[] {
  const records: { cells: string[]; quoted: boolean[] }[] = [];
  let record = { cells: [] as string[], quoted: [] as boolean[] };
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  while (at < text.length) {
    let cell = '';
    let quoted = false;
    if (text[at] === '"') {
      quoted = true;
      at += 1;
      for (;;) {
        const next = text.indexOf('"', at);
        if (next < 0) throw new Error('unterminated quoted cell');
        cell += text.slice(at, next);
        if (text[next + 1] === '"') {
          cell += '"';
          at = next + 2;
        } else {
          at = next + 1;
          break;
        }
      }
    } else {
      const end = text.slice(at).search(/,|\r\n/);
      cell = end < 0 ? text.slice(at) : text.slice(at, at + end);
      at += cell.length;
    }
    record.cells.push(cell);
    record.quoted.push(quoted);
    if (text[at] === ',') {
      at += 1;
    } else if (text.startsWith('\r\n', at) || at >= text.length) {
      records.push(record);
      record = { cells: [], quoted: [] };
      at += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[at])} after a cell at ${at}`);
    }
  }
  return records;
}

const FORMULAS = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '\uFF1D1+1'];
const HARMLESS = ['Rossi, Bianchi & C.', 'Il "Faro" s.r.l.', 'Alfa-Beta S.p.A.', "D'Angelo"];

describe('the notice list writer', () => {
  it("writes a cell that starts like a formula behind a single quote, quoted; leaves other cells as they were", async () => {
    const names = [...FORMULAS, ...HARMLESS];
    const csv = await noticeListCsv(names.map((name, index) => ({ customerId: `c${index}`, name, email: `-c${index}@x.example`, expectedDelivery: '2026-12-01' })));
    const [header, ...rows] = readCsv(csv);
    expect(header!.cells).toEqual(['customer_id', 'name', 'email', 'expected_delivery']);
    expect(rows.map((row) => row.cells[1])).toEqual([...FORMULAS.map((name) => `'${name}`), ...HARMLESS]);
    expect(rows.slice(0, FORMULAS.length).every((row) => row.quoted[1])).toBe(true);
    // Any column: an address starting with '-' is neutralised too.
    expect(rows.map((row) => row.cells[2])).toEqual(names.map((_, index) => `'-c${index}@x.example`));
    // The raw bytes, as a spreadsheet gets them: no cell opens with a formula character.
    expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(csv).not.toMatch(/(^|,)[=+\-@\t\r]/m);
  });
});

describe('a campaign run', () => {
  const withEmail: AudienceCustomer[] = FORMULAS.map((legalName) => ({ ...SAMPLE_CUSTOMER, id: randomUUID(), legalName }));
  // Customers without an e-mail address are listed in the exceptions, with their names.
  const withoutEmail: AudienceCustomer[] = FORMULAS.map((legalName) => ({ ...SAMPLE_CUSTOMER, id: randomUUID(), legalName, noticeEmail: null }));
  const everyone = [...withEmail, ...withoutEmail];
  const customers: CustomerSource = {
    async page(_criteria, after, first, withTotal) {
      const from = after === null ? 0 : Number(after);
      const page = everyone.slice(from, from + first);
      return { customers: page, endCursor: String(from + page.length), hasNextPage: from + page.length < everyone.length, totalCount: withTotal ? everyone.length : null };
    },
    billing: async () => new Map(),
  };
  const outputDir = mkdtempSync(path.join(tmpdir(), 'integra-csv-injection-test-'));
  let database: TestDatabase;
  let prisma: MailingsPrisma;
  const renderer = new TemplateRenderer();

  beforeAll(async () => {
    database = await createTestDatabase('mailings');
    prisma = createMailingsPrisma(database.adapter);
  }, 60_000);

  afterAll(async () => {
    renderer.close();
    await prisma?.$disconnect();
    await database?.close();
  });

  it('writes the notice list and the exceptions with every formula neutralised', async () => {
    const clock = clockFrom();
    const today = clock.now();
    const templateId = (await createLetterTemplate(prisma, renderer, { name: 'Avviso', subject: 'Avviso', body: 'Gentile {{ recipient.name }}' })).id;
    const expectedDeliveryOn = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 14));
    const { id } = await createCampaign(prisma, { name: 'Formule', templateId, audience: {}, expectedDeliveryOn }, today);
    const runner = new CampaignRunner({
      prisma,
      renderer,
      customers,
      outputDir,
      mailer: () => ({ send: async () => {}, close: () => {}, concurrency: 4, batchSize: 200 }),
      sender: DEFAULT_SENDER,
      pageSize: 5,
      log: () => {},
    });
    await runner.start(id);
    await runner.settled(id);
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id }, select: { status: true, failure: true } })).toEqual({ status: 'COMPLETED', failure: null });

    // Names are printed on one line (control characters become spaces), so "\tx" and "\rx" arrive as " x".
    const asStored = FORMULAS.map((name) => name.replace(/[\t\r]/g, ' '));
    const expected = asStored.map((name) => (/^[=+\-@\uFF1D]/.test(name) ? `'${name}` : name));
    for (const [file, names] of [
      [NOTICE_LIST_FILE, withEmail],
      [EXCEPTIONS_FILE, withoutEmail],
    ] as const) {
      const csv = readFileSync(path.join(campaignFolder(outputDir, id), file), 'utf8');
      const rows = readCsv(csv).slice(1);
      const byId = new Map(rows.map((row) => [row.cells[0], row]));
      expect(names.map((customer) => byId.get(customer.id)?.cells[1]), file).toEqual(expected);
      // No unquoted cell starts a formula (the CRLF that ends each record aside: exceptions.csv ends with an empty detail column).
      expect(csv.replaceAll('\r\n', '\n'), file).not.toMatch(/(^|,)[=+\-@\t\r]/m);
      expect(csv, file).toContain(`,"'=HYPERLINK(""http://x"")",`);
    }
  }, 60_000);
});
