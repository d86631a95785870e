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
 *     200 e-mails, with the same Message-ID; `.eml` files, 2,000 at a time, are simply written
 *     again).
 * Several mailings processes may share one database: the process running a campaign holds a
 * lease on it (campaign-lease.ts) and writes nothing once the lease is gone. A campaign whose
 * runner died (its lease ran out) or stopped cleanly (it released the lease) is resumed by
 * whichever runner claims it first: any runner when it starts, and every running one as it
 * looks for such campaigns each time it renews its own leases (every 3 s by default). A
 * process started again as the same instance (campaign-lease.ts) takes back at once what the
 * process before it held, without waiting for the lease to run out.
 */
import { systemClock, type Clock } from '../../shared/clock.js';
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
import type { Campaign, Prisma } from '../generated/prisma/client.js';
import { needsBilling } from '../letters/letter-fields.js';
import type { LetterOutcome } from '../letters/render-letter.js';
import { TemplateRenderer } from '../letters/template-renderer.js';
import { csvWriter, NOTICE_LIST_COLUMNS, UTF8_BOM } from '../notices/notice-list.js';
import type { NoticeMailer } from '../notices/notice-email.js';
import { writePrintFile, type PrintLayout } from '../printing/letter-pdf.js';
import {
  claimAbandoned,
  claimToStart,
  crashLoopFailure,
  DEFAULT_LEASE_MS,
  failCrashLooping,
  MAX_INTERRUPTIONS,
  findAbandoned,
  HeldLease,
  LeaseEnded,
  newRunnerId,
  releaseLease,
  renewLeases,
  abandonedFor,
  type LeaseTerms,
  type RunnerInstance,
} from './campaign-lease.js';
import { elapsedSince } from '../../shared/progress.js';
import { audienceOf } from './campaigns.js';
import { insertRecipients, recipientRows } from './recipients.js';
import { defaultLogger } from '../../shared/observability/logger.js';

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
  /**
   * How long this runner's claim on a campaign lasts unless renewed (9 s by default). It is
   * renewed every third of that, and as often the runner looks for campaigns whose runner has
   * stopped renewing theirs.
   */
  leaseMs?: number;
  /** The instance this runner runs as: without one, only campaigns whose lease has run out are taken over. */
  instance?: RunnerInstance;
  /** Business time (the real clock when not given): the date the letters bear, when a run started and ended. */
  clock?: Clock;
  /** Renders the letters off the main thread; when not given, the runner starts one of its own (default limits) and stops it with itself. */
  renderer?: TemplateRenderer;
}

/**
 * A run stops (FAILED) once its template has failed for this many letters in a row, or for
 * every letter of the audience's first page: the template, not the customers, is at fault, and
 * every further letter would cost up to the time limit.
 */
export const TEMPLATE_FAILURES_IN_A_ROW = 10;

interface Job {
  lease: HeldLease;
  done: Promise<void>;
}

const CSV_BATCH = 5_000;

/** Why a run gave up on its template: the error its run records as the campaign's `failure`. */
function templateGivenUp(failures: number, customerId: string, last: LetterOutcome | null, where = 'in a row'): Error {
  const why = last && 'reason' in last ? `in its ${last.failedPart}: ${last.reason}` : 'not rendered';
  return new Error(`the template failed for ${failures} letter${failures === 1 ? '' : 's'} ${where}, and the run was stopped; the last, for customer ${customerId}, ${why}`);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export class CampaignRunner {
  /** This runner's name in the campaigns it holds (`Campaign.runnerId`): instance (or host), process id and a random part. */
  readonly id: string;
  private readonly jobs = new Map<string, Job>();
  private readonly pageSize: number;
  private readonly log: (line: string) => void;
  private readonly terms: LeaseTerms;
  /** The condition a RUNNING campaign meets when no live runner holds it (abandonedFor). */
  private readonly abandoned: Prisma.Sql;
  private readonly clock: Clock;
  /** Set by resumeInterrupted: from then on abandoned campaigns are taken over as leases are renewed. */
  private watching = false;
  private stopping = false;
  private stopped = false;
  private keeper: NodeJS.Timeout | null = null;
  private keeping: Promise<void> | null = null;
  private readonly renderer: TemplateRenderer;

  constructor(private readonly options: CampaignRunnerOptions) {
    this.renderer = options.renderer ?? new TemplateRenderer();
    this.pageSize = options.pageSize ?? AUDIENCE_PAGE_SIZE;
    this.log = options.log ?? ((line) => defaultLogger().info(line));
    this.id = newRunnerId(options.instance);
    this.terms = { runnerId: this.id, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS };
    this.abandoned = abandonedFor(this.terms, options.instance);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Starts a DRAFT or FAILED campaign, or resumes a RUNNING one whose runner has stopped
   * renewing its lease; one running elsewhere or completed is returned as it is. The claim is
   * one conditional update and the job is registered before anything else is awaited, so
   * concurrent calls, here or on other instances, start one job.
   */
  async start(id: string): Promise<Campaign | null> {
    if (!this.stopping && !this.jobs.has(id)) {
      const sentAt = performance.now();
      if (await claimToStart(this.options.prisma, this.terms, id)) this.launch(id, sentAt);
    }
    return this.options.prisma.campaign.findUnique({ where: { id } });
  }

  /**
   * Resumes the campaigns left RUNNING by a runner that is gone, and from then on, until
   * stopped, looks for more at every lease renewal: a crashed peer's campaigns carry on here
   * without either being restarted. Called when the service starts.
   */
  async resumeInterrupted(): Promise<number> {
    this.watching = !this.stopping;
    const resumed = await this.takeOverAbandoned();
    this.keepLeases();
    return resumed;
  }

  /** Resolves when the campaign's job (if any runs here) has ended. */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id)?.done;
  }

  /**
   * Stops cleanly: nothing more is claimed, each job stops before its next step and releases
   * its lease, so that another instance (or this one, started again) resumes it at once.
   * Leases are still renewed while the jobs wind down.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.watching = false;
    // A claim made just before may still launch a job; launch stops it at once, and it is waited for here.
    while (this.jobs.size || this.keeping) {
      for (const job of this.jobs.values()) job.lease.end('the service is stopping', 'stopping');
      await Promise.allSettled([this.keeping, ...[...this.jobs.values()].map((job) => job.done)]);
    }
    this.stopped = true;
    if (this.keeper) clearTimeout(this.keeper);
    this.keeper = null;
    if (!this.options.renderer) this.renderer.close();
  }

  private async takeOverAbandoned(): Promise<number> {
    let resumed = 0;
    for (const campaign of await findAbandoned(this.options.prisma, this.abandoned)) {
      if (this.stopping || this.jobs.has(campaign.id)) continue;
      if (await failCrashLooping(this.options.prisma, campaign.id, this.abandoned)) {
        this.log(`campaign ${campaign.id} (${campaign.name}): failed, not resumed: ${crashLoopFailure(MAX_INTERRUPTIONS + 1)}`);
        continue;
      }
      const sentAt = performance.now();
      // Another runner may have been quicker since the campaign was found.
      if (!(await claimAbandoned(this.options.prisma, this.terms, campaign.id, this.abandoned))) continue;
      const why = !campaign.runnerId
        ? 'its runner stopped'
        : this.isPredecessor(campaign.runnerId)
          ? `its runner ${campaign.runnerId}, this instance's previous process, is gone`
          : `its runner ${campaign.runnerId} stopped renewing its lease`;
      this.log(`campaign ${campaign.id} (${campaign.name}) was interrupted (${why}); resuming it in runner ${this.id}`);
      this.launch(campaign.id, sentAt);
      resumed += 1;
    }
    return resumed;
  }

  /** A runner this instance ran as before this process: gone, since this one now listens where it did or owns the database. */
  private isPredecessor(runnerId: string): boolean {
    const { instance } = this.options;
    return instance !== undefined && runnerId !== this.id && (instance.ownsDatabase || (instance.name !== null && runnerId.startsWith(`${instance.name}/`)));
  }

  /** Every third of a lease: renews the leases of the jobs running here and, once watching, takes over abandoned campaigns. */
  private keepLeases(): void {
    if (this.keeper || this.keeping || this.stopped || (!this.jobs.size && !this.watching)) return;
    this.keeper = setTimeout(() => {
      this.keeper = null;
      this.keeping = this.keepOnce().finally(() => {
        this.keeping = null;
        this.keepLeases();
      });
    }, Math.max(1, Math.floor(this.terms.leaseMs / 3)));
    // A runner with nothing to do must not keep the process alive.
    this.keeper.unref();
  }

  private async keepOnce(): Promise<void> {
    const held = [...this.jobs.values()];
    if (held.length) {
      const sentAt = performance.now();
      try {
        const still = await renewLeases(this.options.prisma, this.terms, held.map((job) => job.lease.campaignId));
        for (const job of held) {
          if (still.has(job.lease.campaignId)) job.lease.renewed(sentAt);
          // A job that has just recorded its end is no longer RUNNING: ending its lease then changes nothing.
          else job.lease.end('another runner has taken the campaign over (the lease held here had run out)', 'lost');
        }
      } catch (error) {
        // The jobs stop by themselves if the lease runs out before a renewal gets through.
        this.log(`could not renew the leases of ${held.length} running campaign${held.length === 1 ? '' : 's'}: ${(error as Error)?.message ?? error}`);
      }
    }
    if (this.watching && !this.stopping) {
      await this.takeOverAbandoned().catch((error: unknown) => this.log(`could not look for interrupted campaigns: ${(error as Error)?.message ?? error}`));
    }
  }

  private launch(id: string, claimSentAt: number): void {
    const job: Job = { lease: new HeldLease(id, this.terms.leaseMs, claimSentAt), done: Promise.resolve() };
    job.done = this.run(job.lease).finally(() => {
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    });
    this.jobs.set(id, job);
    if (this.stopping) job.lease.end('the service is stopping', 'stopping');
    this.keepLeases();
  }

  /**
   * Writes the campaign's row if this runner still holds it: every write a job makes to its
   * campaign goes through here, so a runner that has lost its lease changes nothing.
   */
  private async record(lease: HeldLease, data: Prisma.CampaignUpdateManyMutationInput, db: Prisma.TransactionClient = this.options.prisma): Promise<Campaign> {
    lease.check();
    const [campaign] = await db.campaign.updateManyAndReturn({ where: { id: lease.campaignId, runnerId: this.id }, data });
    if (!campaign) throw lease.end('another runner has taken the campaign over', 'lost');
    return campaign;
  }

  private async run(lease: HeldLease): Promise<void> {
    const { prisma } = this.options;
    const id = lease.campaignId;
    try {
      let campaign = await prisma.campaign.findUniqueOrThrow({ where: { id } });
      // The day the run started dates every letter, so a resumed run prints the same date.
      if (!campaign.startedAt) campaign = await this.record(lease, { startedAt: this.clock() });
      const folder = campaignFolder(this.options.outputDir, id);
      await mkdir(folder, { recursive: true });
      // How long each stage took in this run, for the log: where a slow campaign spends its time.
      const stages: string[] = [];
      const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
        const started = performance.now();
        const result = await work();
        stages.push(`${stage} ${elapsedSince(started)}`);
        return result;
      };
      if (!campaign.audienceComplete) campaign = await timed('collecting and printing', () => this.collect(lease, campaign, folder));
      await timed('printing', () => this.print(lease, campaign, folder));
      await timed('notifying', () => this.notify(lease, campaign, folder));
      await this.record(lease, { status: 'COMPLETED', stage: 'DONE', finishedAt: this.clock(), runnerId: null, leaseExpiresAt: null });
      this.log(`campaign ${id}: completed (${campaign.collected} customers, ${campaign.letters} letters; ${stages.join(', ')})`);
    } catch (error) {
      if (error instanceof LeaseEnded) {
        // Only a lease still held here is released; one another runner holds now is left alone.
        const released = await releaseLease(prisma, this.id, id).catch(() => false);
        if (error.because === 'stopping') {
          this.log(`campaign ${id}: paused as the service stops; ${released ? 'another mailings instance, or this one when it starts again, resumes it' : 'its lease could not be released: it is resumed once the lease runs out'}`);
        } else {
          this.log(`campaign ${id}: stopped in runner ${this.id} without writing more: ${error.message}`);
        }
        return;
      }
      const message = (error as Error)?.message ?? String(error);
      const recorded = await prisma.campaign
        .updateMany({ where: { id, runnerId: this.id }, data: { status: 'FAILED', failure: message, runnerId: null, leaseExpiresAt: null } })
        .then(({ count }) => count === 1, () => null);
      const next = recorded === null ? 'the failure could not be recorded; the campaign is resumed once its lease runs out' : recorded ? 'run it again to continue where it stopped' : 'another runner holds it now';
      this.log(`campaign ${id}: stopped: ${message}; ${next}`);
    }
  }

  /**
   * Reads the audience; each print file whose letters are all stored is printed at once, while
   * sales reads the next page (the printing stage then makes only the last, partial file).
   */
  private async collect(lease: HeldLease, start: Campaign, folder: string): Promise<Campaign> {
    const { prisma, customers } = this.options;
    const template = await prisma.letterTemplate.findUniqueOrThrow({ where: { id: start.templateId } });
    const withBilling = needsBilling(template.fields);
    const facts = { name: start.name, expectedDelivery: isoDay(start.expectedDeliveryOn) };
    const today = isoDay(start.startedAt ?? this.clock());
    let campaign = await this.record(lease, { stage: 'COLLECTING' });
    let pages = 0;
    let failuresInARow = 0;
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
      // The whole page in one message to the render worker; the page is not stored if the template is given up on.
      const rendered = await this.renderer.render({
        template: { subject: template.subject, body: template.body },
        letters: printable.map((customer) => ({ customer, billing: billing?.get(customer.id) ?? null })),
        campaign: facts,
        today,
        stopAfterFailures: TEMPLATE_FAILURES_IN_A_ROW - failuresInARow,
      });
      const letterOf = new Map<string, LetterOutcome>();
      for (const [index, outcome] of rendered.entries()) {
        const customer = printable[index]!;
        failuresInARow = outcome && 'letter' in outcome ? 0 : failuresInARow + 1;
        if (outcome && 'reason' in outcome) this.log(`campaign ${campaign.id}: no letter for customer ${customer.id}: its template's ${outcome.failedPart} ${outcome.reason}`);
        // The worker leaves the rest of the page untried once the failures in a row reach the limit.
        if (!outcome || failuresInARow >= TEMPLATE_FAILURES_IN_A_ROW) throw templateGivenUp(failuresInARow, customer.id, outcome);
        letterOf.set(customer.id, outcome);
      }
      const firstPage = campaign.collected === 0;
      if (firstPage && printable.length && failuresInARow === printable.length) {
        const last = rendered.at(-1)!;
        throw templateGivenUp(failuresInARow, printable.at(-1)!.id, last, 'of the first page');
      }
      const rows = recipientRows(page.customers, { sequence: campaign.collected, letterNumber: campaign.letters }, letterOf);
      const letters = rows.filter((row) => row.letterNumber !== null).length;
      const collected = campaign.collected + rows.length;
      campaign = await prisma.$transaction(async (tx) => {
        // The campaign's row first: it is locked from here to the commit, and the rows go in only if this runner still holds it.
        const updated = await this.record(
          lease,
          {
            salesCursor: page.endCursor ?? campaign.salesCursor,
            collected,
            letters: campaign.letters + letters,
            audienceTotal: page.hasNextPage ? (campaign.audienceTotal ?? page.totalCount) : collected,
            audienceComplete: !page.hasNextPage,
          },
          tx,
        );
        await insertRecipients(tx, campaign.id, rows);
        return updated;
      });
      pages += 1;
      await this.printRange(lease, campaign, folder, printed, 0, Math.floor(campaign.letters / campaign.lettersPerFile));
      this.log(`campaign ${campaign.id}: collecting ${campaign.collected}/${campaign.audienceTotal ?? '?'} customers`);
      await this.options.afterPage?.(campaign.id, pages);
      if (!page.hasNextPage) {
        // The printing and notifying stages read the recipients by index, a page at a time. Their
        // statistics date from when the table was nearly empty (and PGlite refreshes none by
        // itself): without this the planner scanned all of a 100,000-letter campaign's rows
        // for every batch of notices (30 ms a batch of 200 instead of 1).
        await prisma.$executeRawUnsafe('ANALYZE "Recipient"');
        return campaign;
      }
    }
  }

  private layoutOf(campaign: Campaign): PrintLayout {
    const startedAt = campaign.startedAt ?? this.clock();
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
  private async printRange(lease: HeldLease, campaign: Campaign, folder: string, done: Set<number>, from: number, to: number): Promise<void> {
    const { prisma } = this.options;
    const layout = this.layoutOf(campaign);
    for (let number = from; number < to; number += 1) {
      if (done.has(number)) continue;
      lease.check();
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

  private async print(lease: HeldLease, campaign: Campaign, folder: string): Promise<void> {
    const { prisma } = this.options;
    await this.record(lease, { stage: 'PRINTING' });
    const files = Math.ceil(campaign.letters / campaign.lettersPerFile);
    await this.printRange(lease, campaign, folder, await this.printedFiles(campaign, folder), 0, files);
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
    lease.check();
    await writeFile(path.join(folder, `${MANIFEST_FILE}.partial`), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(path.join(folder, `${MANIFEST_FILE}.partial`), path.join(folder, MANIFEST_FILE));
  }

  /** Writes a CSV from the recipients chosen by `where`, a batch at a time, through a partial file. */
  private async writeCsv(
    lease: HeldLease,
    file: string,
    columns: readonly string[],
    where: object,
    toRecord: (row: { customerId: string; name: string; email: string | null; letterSkipped: string | null; letterFailure: string | null; noticeSkipped: string | null; letterNumber: number | null }) => string[],
  ): Promise<void> {
    const { prisma } = this.options;
    lease.check();
    const writer = csvWriter(columns);
    const output = createWriteStream(`${file}.partial`);
    output.write(UTF8_BOM);
    const written = pipeline(writer, output);
    for (let after = -1; ; ) {
      const rows = await prisma.recipient.findMany({
        where: { ...where, sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: CSV_BATCH,
        select: { customerId: true, name: true, email: true, letterSkipped: true, letterFailure: true, noticeSkipped: true, letterNumber: true, sequence: true },
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

  private async notify(lease: HeldLease, campaign: Campaign, folder: string): Promise<void> {
    const { prisma } = this.options;
    await this.record(lease, { stage: 'NOTIFYING' });
    const expectedDelivery = isoDay(campaign.expectedDeliveryOn);
    const told = { campaignId: campaign.id, letterNumber: { not: null }, noticeSkipped: null };
    await this.writeCsv(lease, path.join(folder, NOTICE_LIST_FILE), NOTICE_LIST_COLUMNS, told, (row) => [row.customerId, row.name, row.email ?? '', expectedDelivery]);
    await this.writeCsv(
      lease,
      path.join(folder, EXCEPTIONS_FILE),
      ['customer_id', 'name', 'reason', 'letter_printed', 'detail'],
      { campaignId: campaign.id, OR: [{ letterSkipped: { not: null } }, { noticeSkipped: { not: null } }] },
      (row) => [row.customerId, row.name, (row.letterSkipped ?? row.noticeSkipped)!, row.letterNumber === null ? 'no' : 'yes', row.letterFailure ?? ''],
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
          take: mailer.batchSize,
          select: { id: true, customerId: true, name: true, email: true, letterNumber: true },
        });
        if (batch.length === 0) break;
        after = batch.at(-1)!.letterNumber!;
        lease.check();
        for (let index = 0; index < batch.length; index += mailer.concurrency) {
          await Promise.all(
            batch.slice(index, index + mailer.concurrency).map((recipient) =>
              mailer.send({ campaignId: campaign.id, customerId: recipient.customerId, name: recipient.name, email: recipient.email!, expectedDelivery, senderName: this.options.sender.name }),
            ),
          );
        }
        // Recorded even if the lease has been lost meanwhile: these were sent, and whoever resumes must not send them again.
        await prisma.recipient.updateMany({ where: { id: { in: batch.map((recipient) => recipient.id) } }, data: { emailedAt: this.clock() } });
        sent += batch.length;
        this.log(`campaign ${campaign.id}: notifying ${sent}/${total} e-mails`);
      }
    } finally {
      mailer.close();
    }
  }
}
