/** Builds the mailings subgraph (schema, resolvers, per-request context, file downloads, campaign runner); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import type { CustomerSource } from './audience/sales-audience.js';
import { CampaignRunner, DEFAULT_SENDER, type Sender } from './campaigns/campaign-runner.js';
import { contextFactory } from './context.js';
import type { MailingsPrisma } from './database.js';
import { mountCampaignFiles } from './files/campaign-files.js';
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
  /** How long the runner's claim on a campaign lasts unless renewed (default 30 s). */
  leaseMs?: number;
  /** Business time (the real clock when not given): the date letters bear, the earliest delivery date. */
  clock?: Clock;
}

export function buildMailingsServer(prisma: MailingsPrisma, options: MailingsServerOptions) {
  const clock = options.clock ?? systemClock;
  const mailFrom = options.mailFrom ?? 'Integra S.p.A. <avvisi@integra.example>';
  const runner = new CampaignRunner({
    prisma,
    customers: options.customers,
    outputDir: options.outputDir,
    mailer: (emailsFolder) => (options.smtpUrl ? smtpNoticeMailer(options.smtpUrl, mailFrom) : emlNoticeMailer(emailsFolder, mailFrom)),
    sender: options.sender ?? DEFAULT_SENDER,
    log: options.log,
    pageSize: options.pageSize,
    afterPage: options.afterPage,
    leaseMs: options.leaseMs,
    clock,
  });
  const built = buildSubgraphServer({
    name: 'mailings',
    typeDefs,
    resolvers,
    context: contextFactory(prisma, { runner, customers: options.customers, outputDir: options.outputDir, publicUrl: options.publicUrl ?? null, clock }),
    production: options.production ?? false,
    maxQueryCost: options.maxQueryCost,
    mount: (app) => mountCampaignFiles(app, options.outputDir),
    background: {
      start: async () => {
        await runner.resumeInterrupted();
      },
      stop: () => runner.stop(),
    },
  });
  return { ...built, runner };
}
