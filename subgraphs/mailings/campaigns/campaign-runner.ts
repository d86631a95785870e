/**
 * Runs campaigns as background jobs inside the mailings process, with all their state in its
 * database, in three stages:
 *  1. COLLECTING: the audience is read from sales a page at a time; each page's letters are
 *     rendered and stored as recipient rows together with the sales cursor, in one
 *     transaction, so a crash loses at most the page in hand and a restart continues after
 *     the last one stored (rows are unique per campaign and customer: never a second letter);
 *  2. PRINTING: print files are written from the stored letters, each whole or not at all; a
 *     file already made is not made again;
 *  3. NOTIFYING: the notice list (CSV) and the exceptions are written from the rows; the
 *     notice e-mails go out in batches, each batch marked sent once handed over. A crash
 *     between handing a batch over and marking it can repeat that batch (at most one batch of
 *     e-mails, with the same Message-ID; `.eml` files are simply written again).
 * Campaigns left RUNNING by a process that died are resumed when the service starts.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AudienceCustomer, CustomerSource } from '../audience/sales-audience.js';
import { AUDIENCE_PAGE_SIZE } from '../audience/sales-audience.js';
import type { MailingsPrisma } from '../database.js';
import {
  campaignFolder,
  EMAILS_FOLDER,
  EXCEPTIONS_FILE,
  MANIFEST_FILE,
  NOTICE_LIST_FILE,
  printFileName,
} from '../files/campaign-files.js';
import type { Campaign } from '../generated/prisma/client.js';
import { needsBilling } from '../letters/letter-fields.js';
import { parseLetterTemplate } from '../letters/render-letter.js';
import { csvWriter, NOTICE_LIST_COLUMNS, UTF8_BOM } from '../notices/notice-list.js';
import type { NoticeMailer } from '../notices/notice-email.js';
import { writePrintFile, type PrintLayout } from '../printing/letter-pdf.js';
import { audienceOf } from './campaigns.js';
import { insertRecipients, recipientRows } from './recipients.js';

export interface Sender {
  /** Signs the notice e-mails ("Integra S.p.A."). */
  name: string;
  /** The return-address line printed above the address. */
  returnAddress: string;
  /** Where the letters are dated ("Milano"). */
  city: string;
}

/** The sender until MAILINGS_SENDER_NAME, MAILINGS_RETURN_ADDRESS and MAILINGS_SENDER_CITY say otherwise. */
export const DEFAULT_SENDER: Sender = { name: 'Integra S.p.A.', returnAddress: 'Integra S.p.A. · Via Esempio 1 · 20121 Milano MI', city: 'Milano' };

export interface CampaignRunnerOptions {
  prisma: MailingsPrisma;
  customers: CustomerSource;
  outputDir: string;
  /** A mailer per run: SMTP when configured, `.eml` files in the campaign's folder otherwise. */
  mailer: (campaignFolder: string) => NoticeMailer;
  sender: Sender;
  pageSize?: number;
  log?: (line: string) => void;
  /** Called after each page of recipients is stored; what it throws stops the run (tests stop runs this way). */
  afterPage?: (campaignId: string, pagesStored: number) => void | Promise<void>;
}

const NOTICE_BATCH = 200;
const CSV_BATCH = 5_000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export class CampaignRunner {
  private readonly jobs = new Map<string, Promise<void>>();
  private readonly pageSize: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: CampaignRunnerOptions) {
    this.pageSize = options.pageSize ?? AUDIENCE_PAGE_SIZE;
    this.log = options.log ?? ((line) => console.log(`mailings: ${line}`));
  }

  /**
   * Starts a DRAFT or FAILED campaign; one running or completed is returned as it is (a
   * campaign a crashed process left RUNNING is resumed when the service starts). The claim is
   * one conditional update and the job is registered before anything else is awaited, so
   * concurrent calls start one job.
   */
  async start(id: string): Promise<Campaign | null> {
    const { count } = await this.options.prisma.campaign.updateMany({
      where: { id, status: { in: ['DRAFT', 'FAILED'] } },
      data: { status: 'RUNNING', failure: null },
    });
    if (count === 1) this.launch(id);
    return this.options.prisma.campaign.findUnique({ where: { id } });
  }

  /** Campaigns a crashed process left RUNNING carry on. */
  async resumeInterrupted(): Promise<number> {
    const interrupted = await this.options.prisma.campaign.findMany({ where: { status: 'RUNNING' }, select: { id: true, name: true } });
    for (const campaign of interrupted) {
      this.log(`campaign ${campaign.id} (${campaign.name}) was interrupted; resuming`);
      this.launch(campaign.id);
    }
    return interrupted.length;
  }

  /** Resolves when the campaign's job (if any runs here) has ended. */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()]);
  }

  private launch(id: string): void {
    const job = this.run(id).finally(() => this.jobs.delete(id));
    this.jobs.set(id, job);
  }

  private async run(id: string): Promise<void> {
    const { prisma } = this.options;
    try {
      let campaign = await prisma.campaign.findUniqueOrThrow({ where: { id } });
      // The day the run started dates every letter, so a resumed run prints the same date.
      if (!campaign.startedAt) campaign = await prisma.campaign.update({ where: { id }, data: { startedAt: new Date() } });
      const folder = campaignFolder(this.options.outputDir, id);
      await mkdir(folder, { recursive: true });
      if (!campaign.audienceComplete) campaign = await this.collect(campaign, folder);
      await this.print(campaign, folder);
      await this.notify(campaign, folder);
      await prisma.campaign.update({ where: { id }, data: { status: 'COMPLETED', stage: 'DONE', finishedAt: new Date() } });
      this.log(`campaign ${id}: completed (${campaign.collected} customers, ${campaign.letters} letters)`);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      this.log(`campaign ${id}: stopped: ${message}; run it again to continue where it stopped`);
      await prisma.campaign.update({ where: { id }, data: { status: 'FAILED', failure: message } }).catch(() => {});
    }
  }

  /**
   * Reads the audience; each print file whose letters are all stored is printed at once, while
   * sales reads the next page (the printing stage then makes only the last, partial file).
   */
  private async collect(start: Campaign, folder: string): Promise<Campaign> {
    const { prisma, customers } = this.options;
    const template = await prisma.letterTemplate.findUniqueOrThrow({ where: { id: start.templateId } });
    const parsed = parseLetterTemplate(template);
    const withBilling = needsBilling(template.fields);
    const facts = { name: start.name, expectedDelivery: isoDay(start.expectedDeliveryOn) };
    const today = isoDay(start.startedAt ?? new Date());
    let campaign = await prisma.campaign.update({ where: { id: start.id }, data: { stage: 'COLLECTING' } });
    let pages = 0;
    const printed = await this.printedFiles(start, folder);
    const fetchAfter = (cursor: string | null, withTotal: boolean) => {
      const page = customers.page(audienceOf(campaign), cursor, this.pageSize, withTotal);
      // Its failure is met when it is awaited; a run that stops before then must not leave it unhandled.
      page.catch(() => {});
      return page;
    };
    let next = fetchAfter(campaign.salesCursor, campaign.audienceTotal === null);
    for (;;) {
      const page = await next;
      // Sales reads the next page while this one is rendered and stored: it runs in its own process.
      if (page.hasNextPage) next = fetchAfter(page.endCursor, false);
      const printable = page.customers.filter((customer: AudienceCustomer) => customer.postalAddress);
      const billing = withBilling ? await customers.billing(printable.map((customer) => customer.id)) : null;
      const rows = recipientRows(page.customers, { sequence: campaign.collected, letterNumber: campaign.letters }, parsed, billing, facts, today);
      const letters = rows.filter((row) => row.letterNumber !== null).length;
      const collected = campaign.collected + rows.length;
      campaign = await prisma.$transaction(async (tx) => {
        await insertRecipients(tx, campaign.id, rows);
        return tx.campaign.update({
          where: { id: campaign.id },
          data: {
            salesCursor: page.endCursor ?? campaign.salesCursor,
            collected,
            letters: campaign.letters + letters,
            audienceTotal: page.hasNextPage ? (campaign.audienceTotal ?? page.totalCount) : collected,
            audienceComplete: !page.hasNextPage,
          },
        });
      });
      pages += 1;
      await this.printRange(campaign, folder, printed, 0, Math.floor(campaign.letters / campaign.lettersPerFile));
      this.log(`campaign ${campaign.id}: collecting ${campaign.collected}/${campaign.audienceTotal ?? '?'} customers`);
      await this.options.afterPage?.(campaign.id, pages);
      if (!page.hasNextPage) return campaign;
    }
  }

  private layoutOf(campaign: Campaign): PrintLayout {
    const startedAt = campaign.startedAt ?? new Date();
    return {
      window: campaign.window,
      addressPosition: campaign.addressPosition,
      returnAddress: this.options.sender.returnAddress,
      dateLine: `${this.options.sender.city}, ${startedAt.toLocaleDateString('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`,
    };
  }

  /** The print files already made (recorded, and on disk). */
  private async printedFiles(campaign: Campaign, folder: string): Promise<Set<number>> {
    const files = await this.options.prisma.printFile.findMany({ where: { campaignId: campaign.id }, select: { number: true, fileName: true } });
    return new Set(files.filter((file) => existsSync(path.join(folder, file.fileName))).map((file) => file.number));
  }

  /** Makes print files `from` up to (not including) `to` that are not made yet; each file's letters must all be stored. */
  private async printRange(campaign: Campaign, folder: string, done: Set<number>, from: number, to: number): Promise<void> {
    const { prisma } = this.options;
    const layout = this.layoutOf(campaign);
    for (let number = from; number < to; number += 1) {
      if (done.has(number)) continue;
      const letters = await prisma.recipient.findMany({
        where: { campaignId: campaign.id, letterNumber: { gte: number * campaign.lettersPerFile, lt: (number + 1) * campaign.lettersPerFile } },
        orderBy: { letterNumber: 'asc' },
        select: { addressLines: true, subject: true, body: true },
      });
      const fileName = printFileName(number);
      const written = await writePrintFile(
        path.join(folder, fileName),
        letters.map((letter) => ({ addressLines: letter.addressLines, subject: letter.subject ?? '', body: letter.body ?? '' })),
        layout,
      );
      await prisma.printFile.upsert({
        where: { campaignId_number: { campaignId: campaign.id, number } },
        create: { campaignId: campaign.id, number, fileName, ...written },
        update: { fileName, ...written },
      });
      done.add(number);
      // While the audience is still read, the number of letters is not known yet.
      this.log(`campaign ${campaign.id}: printing ${Math.min((number + 1) * campaign.lettersPerFile, campaign.letters)}/${campaign.audienceComplete ? campaign.letters : '?'} letters (${fileName}, ${written.pages} page${written.pages === 1 ? '' : 's'})`);
    }
  }

  private async print(campaign: Campaign, folder: string): Promise<void> {
    const { prisma } = this.options;
    await prisma.campaign.update({ where: { id: campaign.id }, data: { stage: 'PRINTING' } });
    const files = Math.ceil(campaign.letters / campaign.lettersPerFile);
    await this.printRange(campaign, folder, await this.printedFiles(campaign, folder), 0, files);
    const printFiles = await prisma.printFile.findMany({ where: { campaignId: campaign.id }, orderBy: { number: 'asc' } });
    const manifest = {
      campaign: { id: campaign.id, name: campaign.name, expectedDeliveryOn: isoDay(campaign.expectedDeliveryOn) },
      paper: 'A4',
      envelope: { window: campaign.window, addressPosition: campaign.addressPosition },
      letters: campaign.letters,
      pages: printFiles.reduce((sum, file) => sum + file.pages, 0),
      files: printFiles.map((file) => ({
        name: file.fileName,
        firstLetter: file.number * campaign.lettersPerFile + 1,
        letters: file.letters,
        pages: file.pages,
        bytes: file.bytes,
        sha256: file.sha256,
      })),
    };
    await writeFile(path.join(folder, `${MANIFEST_FILE}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(path.join(folder, `${MANIFEST_FILE}.partial`), path.join(folder, MANIFEST_FILE));
  }

  /** Writes a CSV from the recipients chosen by `where`, a batch at a time, through a partial file. */
  private async writeCsv(file: string, columns: readonly string[], where: object, toRecord: (row: { customerId: string; name: string; email: string | null; letterSkipped: string | null; noticeSkipped: string | null; letterNumber: number | null }) => string[]): Promise<void> {
    const { prisma } = this.options;
    const writer = csvWriter(columns);
    const output = createWriteStream(`${file}.partial`);
    output.write(UTF8_BOM);
    const written = pipeline(writer, output);
    for (let after = -1; ; ) {
      const rows = await prisma.recipient.findMany({
        where: { ...where, sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: CSV_BATCH,
        select: { customerId: true, name: true, email: true, letterSkipped: true, noticeSkipped: true, letterNumber: true, sequence: true },
      });
      for (const row of rows) {
        if (!writer.write(toRecord(row))) await new Promise((resolve) => writer.once('drain', resolve));
      }
      if (rows.length < CSV_BATCH) break;
      after = rows.at(-1)!.sequence;
    }
    writer.end();
    await written;
    await rename(`${file}.partial`, file);
  }

  private async notify(campaign: Campaign, folder: string): Promise<void> {
    const { prisma } = this.options;
    await prisma.campaign.update({ where: { id: campaign.id }, data: { stage: 'NOTIFYING' } });
    const expectedDelivery = isoDay(campaign.expectedDeliveryOn);
    const told = { campaignId: campaign.id, letterNumber: { not: null }, noticeSkipped: null };
    await this.writeCsv(path.join(folder, NOTICE_LIST_FILE), NOTICE_LIST_COLUMNS, told, (row) => [row.customerId, row.name, row.email ?? '', expectedDelivery]);
    await this.writeCsv(
      path.join(folder, EXCEPTIONS_FILE),
      ['customer_id', 'name', 'reason', 'letter_printed'],
      { campaignId: campaign.id, OR: [{ letterSkipped: { not: null } }, { noticeSkipped: { not: null } }] },
      (row) => [row.customerId, row.name, (row.letterSkipped ?? row.noticeSkipped)!, row.letterNumber === null ? 'no' : 'yes'],
    );

    const mailer = this.options.mailer(path.join(folder, EMAILS_FOLDER));
    try {
      const total = await prisma.recipient.count({ where: told });
      let sent = await prisma.recipient.count({ where: { ...told, emailedAt: { not: null } } });
      // Keyset: each batch starts after the last one's letter, so the index on (campaign,
      // letter number) is not walked again past the rows already marked sent.
      for (let after = -1; ; ) {
        const batch = await prisma.recipient.findMany({
          where: { ...told, emailedAt: null, letterNumber: { gt: after } },
          orderBy: { letterNumber: 'asc' },
          take: NOTICE_BATCH,
          select: { id: true, customerId: true, name: true, email: true, letterNumber: true },
        });
        if (batch.length === 0) break;
        after = batch.at(-1)!.letterNumber!;
        for (let index = 0; index < batch.length; index += mailer.concurrency) {
          await Promise.all(
            batch.slice(index, index + mailer.concurrency).map((recipient) =>
              mailer.send({ campaignId: campaign.id, customerId: recipient.customerId, name: recipient.name, email: recipient.email!, expectedDelivery, senderName: this.options.sender.name }),
            ),
          );
        }
        await prisma.recipient.updateMany({ where: { id: { in: batch.map((recipient) => recipient.id) } }, data: { emailedAt: new Date() } });
        sent += batch.length;
        this.log(`campaign ${campaign.id}: notifying ${sent}/${total} e-mails`);
      }
    } finally {
      mailer.close();
    }
  }
}
