/** Builds the mailings subgraph (schema, resolvers, per-request context, file downloads, campaign runner); never listens. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createServiceMetrics } from '../shared/observability/metrics.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import type { CustomerSource } from './audience/sales-audience.js';
import { observeCampaigns } from './campaigns/campaign-metrics.js';
import type { RunnerInstance } from './campaigns/campaign-lease.js';
import { CampaignRunner, DEFAULT_SENDER, type Sender } from './campaigns/campaign-runner.js';
import { contextFactory } from './context.js';
import { DEFAULT_TEMPLATE_LIMITS } from './letters/liquid.js';
import { TemplateRenderer } from './letters/template-renderer.js';
import type { MailingsPrisma } from './database.js';
import { mountCampaignFiles } from './files/campaign-files.js';
import { downloadLinks } from './files/download-links.js';
import { emlNoticeMailer, smtpNoticeMailer } from './notices/notice-email.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(schemaFileOf('mailings'), 'utf8');

export interface MailingsServerOptions {
  customers: CustomerSource;
  outputDir: string;
  smtpUrl?: string | null;
  mailFrom?: string;
  sender?: Sender;
  publicUrl?: string | null;
  production?: boolean;
  /** The most an operation may cost (MAX_QUERY_COST). */
  maxQueryCost?: number;
  log?: (line: string) => void;
  /** Customers asked of sales per request (default 500). */
  pageSize?: number;
  afterPage?: ConstructorParameters<typeof CampaignRunner>[0]['afterPage'];
  /** How long the runner's claim on a campaign lasts unless renewed (default 9 s, MAILINGS_CAMPAIGN_LEASE_MS). */
  leaseMs?: number;
  /** The instance this process runs as: it resumes at once the campaigns its previous process held. */
  instance?: RunnerInstance;
  /** Business time (the real clock when not given): the date letters bear, the earliest delivery date, when download links expire. */
  clock?: Clock;
  /** How long rendering a letter's subject or body may take (default 1,000 ms). */
  templateRenderMs?: number;
  /** Heap of each render worker (default 64 MB). */
  renderMemoryMb?: number;
  /** MAILINGS_DOWNLOAD_KEY: signs download links (a random one for this process when not given: links die with it). */
  downloadKey?: string | Buffer;
  /** MAILINGS_DOWNLOAD_LINK_MINUTES: how long a download link works (15 minutes when not given). */
  downloadLinkMinutes?: number;
}

export function buildMailingsServer(prisma: MailingsPrisma, options: MailingsServerOptions) {
  const clock = options.clock ?? systemClock;
  const mailFrom = options.mailFrom ?? 'Integra S.p.A. <avvisi@integra.example>';
  const renderOptions = { limits: { renderMs: options.templateRenderMs ?? DEFAULT_TEMPLATE_LIMITS.renderMs }, memoryMb: options.renderMemoryMb };
  // Two workers: a campaign's pages never keep a template from being saved or previewed, nor the reverse.
  const renderers = { requests: new TemplateRenderer(renderOptions), campaigns: new TemplateRenderer(renderOptions) };
  const runner = new CampaignRunner({
    renderer: renderers.campaigns,
    prisma,
    customers: options.customers,
    outputDir: options.outputDir,
    mailer: (emailsFolder) => (options.smtpUrl ? smtpNoticeMailer(options.smtpUrl, mailFrom) : emlNoticeMailer(emailsFolder, mailFrom)),
    sender: options.sender ?? DEFAULT_SENDER,
    log: options.log,
    pageSize: options.pageSize,
    afterPage: options.afterPage,
    leaseMs: options.leaseMs,
    instance: options.instance,
    clock,
  });
  const links = downloadLinks({ key: options.downloadKey ?? randomBytes(32), validMinutes: options.downloadLinkMinutes, clock });
  const metrics = createServiceMetrics('mailings');
  observeCampaigns(metrics, prisma);
  const built = buildSubgraphServer({
    metrics,
    name: 'mailings',
    typeDefs,
    resolvers,
    context: contextFactory(prisma, {
      runner,
      renderer: renderers.requests,
      customers: options.customers,
      outputDir: options.outputDir,
      publicUrl: options.publicUrl ?? null,
      downloadLinks: links,
      clock,
    }),
    production: options.production ?? false,
    maxQueryCost: options.maxQueryCost,
    mount: (app) =>
      mountCampaignFiles(app, options.outputDir, links, async ({ campaignId, fileName, holder }) => {
        await prisma.fileDownload.create({ data: { campaignId, fileName, subject: holder.subject, role: holder.role, linkExpiresAt: holder.expiresAt, downloadedAt: clock() } });
      }),
    background: {
      start: async () => {
        await runner.resumeInterrupted();
      },
      stop: async () => {
        await runner.stop();
        renderers.requests.close();
        renderers.campaigns.close();
      },
    },
  });
  return { ...built, runner };
}
