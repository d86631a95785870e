/**
 * What the mailings service needs besides its port and database: where sales and billing
 * are (it reads customers and figures from them), where its files go, and how notices are
 * sent. Read once at start-up; see the README's configuration table.
 */
import path from 'node:path';
import { cleanEnv, email, makeValidator, str, url } from 'envalid';
import { positiveInteger, projectRoot, readSubgraphUrl, throwOnInvalidEnv, withNodeEnvDefault } from '../shared/config.js';
import { DEFAULT_LEASE_MS } from './campaigns/campaign-lease.js';
import { DEFAULT_SENDER, type Sender } from './campaigns/campaign-runner.js';
import { DEFAULT_TEMPLATE_LIMITS } from './letters/liquid.js';
import { DEFAULT_RENDER_MEMORY_MB } from './letters/template-renderer.js';
import { DEFAULT_DOWNLOAD_LINK_MINUTES, developmentDownloadKey, DOWNLOAD_KEY_MIN_LENGTH } from './files/download-links.js';

const downloadKey = makeValidator<string>((input) => {
  if (input.trim().length < DOWNLOAD_KEY_MIN_LENGTH) throw new Error(`must be a secret of at least ${DOWNLOAD_KEY_MIN_LENGTH} characters (openssl rand -base64 32)`);
  return input.trim();
});

const minutes = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || value < 1 || value > 7 * 24 * 60) throw new Error(`must be a whole number of minutes from 1 to 10080 (a week), got "${input}"`);
  return value;
});

/** Below a second the heartbeat (a third of it) would be mostly queries; beyond 10 minutes a crashed run waits too long. */
const leaseMs = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || value < 1_000 || value > 600_000) throw new Error(`must be a whole number of milliseconds from 1000 to 600000, got "${input}"`);
  return value;
});

export interface MailingsConfig {
  salesUrl: string;
  billingUrl: string;
  outputDir: string;
  /** smtp://user:pass@host:port or smtps://...; null writes `.eml` files instead of sending. */
  smtpUrl: string | null;
  mailFrom: string;
  sender: Sender;
  /** Where download links point; null: the address the request came to. */
  publicUrl: string | null;
  /** How long one rendering of a template (a letter's subject or body) may take, in milliseconds. */
  templateRenderMs: number;
  /** The heap of each render worker thread, in MB. */
  renderMemoryMb: number;
  /** Signs download links: MAILINGS_DOWNLOAD_KEY, or in development a key kept in the data folder. */
  downloadKey: string;
  downloadLinkMinutes: number;
  /** How long a campaign's runner holds it without renewing (renewed every third of it): how soon a crashed runner's campaign is free. */
  campaignLeaseMs: number;
}

export function readMailingsConfig(env: NodeJS.ProcessEnv = process.env): MailingsConfig {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      MAILINGS_SMTP_URL: str({ default: '', desc: 'SMTP server for the notice e-mails (smtp://host:port); empty writes .eml files' }),
      MAILINGS_MAIL_FROM: email({ default: 'avvisi@integra.example', desc: 'sender address of the notice e-mails' }),
      MAILINGS_SENDER_NAME: str({ default: DEFAULT_SENDER.name }),
      MAILINGS_RETURN_ADDRESS: str({ default: DEFAULT_SENDER.returnAddress }),
      MAILINGS_SENDER_CITY: str({ default: DEFAULT_SENDER.city }),
      MAILINGS_PUBLIC_URL: url({ default: undefined, desc: 'base URL of the mailings service for download links' }),
      MAILINGS_TEMPLATE_RENDER_MS: positiveInteger({ default: DEFAULT_TEMPLATE_LIMITS.renderMs, desc: "how long rendering a letter's subject or body may take, in milliseconds" }),
      MAILINGS_RENDER_MEMORY_MB: positiveInteger({ default: DEFAULT_RENDER_MEMORY_MB, desc: 'heap of each thread that renders letters, in MB' }),
      // devDefault '': development makes and keeps its own key; production must be given one.
      MAILINGS_DOWNLOAD_KEY: downloadKey({ devDefault: '', desc: 'secret signing the download links of campaign files (at least 32 characters)' }),
      MAILINGS_CAMPAIGN_LEASE_MS: leaseMs({
        default: DEFAULT_LEASE_MS,
        desc: 'how long a running campaign stays claimed by its mailings process unless renewed (every third of it): how soon another instance resumes it after a crash',
      }),
      MAILINGS_DOWNLOAD_LINK_MINUTES: minutes({ default: DEFAULT_DOWNLOAD_LINK_MINUTES, desc: 'how long a download link of a campaign file works' }),
    },
    { reporter: throwOnInvalidEnv },
  );
  const dataDir = env.INTEGRA_DATA_DIR ?? path.join(projectRoot, '.data');
  return {
    salesUrl: readSubgraphUrl('sales', env),
    billingUrl: readSubgraphUrl('billing', env),
    outputDir: path.resolve(dataDir, 'mailings-files'),
    smtpUrl: clean.MAILINGS_SMTP_URL || null,
    mailFrom: `${clean.MAILINGS_SENDER_NAME} <${clean.MAILINGS_MAIL_FROM}>`,
    sender: { name: clean.MAILINGS_SENDER_NAME, returnAddress: clean.MAILINGS_RETURN_ADDRESS, city: clean.MAILINGS_SENDER_CITY },
    publicUrl: clean.MAILINGS_PUBLIC_URL ?? null,
    templateRenderMs: clean.MAILINGS_TEMPLATE_RENDER_MS,
    renderMemoryMb: clean.MAILINGS_RENDER_MEMORY_MB,
    downloadKey: clean.MAILINGS_DOWNLOAD_KEY || developmentDownloadKey(dataDir),
    downloadLinkMinutes: clean.MAILINGS_DOWNLOAD_LINK_MINUTES,
    campaignLeaseMs: clean.MAILINGS_CAMPAIGN_LEASE_MS,
  };
}
