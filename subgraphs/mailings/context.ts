/** What every mailings resolver receives: the process's PrismaClient, this request's loaders, the campaign runner and where sales is. */
import type { CallerContext } from '../shared/identity/roles.js';
import type { Clock } from '../shared/clock.js';
import type { CustomerSource } from './audience/sales-audience.js';
import type { CampaignRunner } from './campaigns/campaign-runner.js';
import type { MailingsPrisma } from './database.js';
import type { TemplateRenderer } from './letters/template-renderer.js';
import type { DownloadLinks } from './files/download-links.js';
import { createLoaders, type MailingsLoaders } from './loaders.js';

export interface MailingsContext extends CallerContext {
  prisma: MailingsPrisma;
  loaders: MailingsLoaders;
  runner: CampaignRunner;
  /** Renders letters for saves and previews, off the main thread (campaigns have a worker of their own). */
  renderer: TemplateRenderer;
  customers: CustomerSource;
  /** Base URL download links start with. */
  filesBaseUrl: string;
  /** Signs the download links of campaign files. */
  downloadLinks: DownloadLinks;
  outputDir: string;
  /** "Now" for this request, read once from the service's clock: the date of a preview, the earliest delivery date. */
  requestedAt: Date;
}

export interface MailingsServices {
  runner: CampaignRunner;
  renderer: TemplateRenderer;
  customers: CustomerSource;
  outputDir: string;
  publicUrl: string | null;
  downloadLinks: DownloadLinks;
  clock: Clock;
}

interface RequestLike {
  req?: { headers?: { host?: string }; protocol?: string };
}

export function contextFactory(prisma: MailingsPrisma, services: MailingsServices): (request?: RequestLike) => Promise<MailingsContext> {
  return async (request) => ({
    prisma,
    loaders: createLoaders(prisma),
    runner: services.runner,
    renderer: services.renderer,
    customers: services.customers,
    outputDir: services.outputDir,
    downloadLinks: services.downloadLinks,
    requestedAt: services.clock(),
    // Without a configured public URL, links point where this request arrived (the gateway forwards to this service).
    filesBaseUrl: services.publicUrl ?? `${request?.req?.protocol ?? 'http'}://${request?.req?.headers?.host ?? 'localhost:4005'}/`,
  });
}
