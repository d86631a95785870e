/**
 * What the mailings service needs besides its port and database: where sales and billing
 * are (it reads customers and figures from them), where its files go, and how notices are
 * sent. Read once at start-up; see the README's configuration table.
 */
import path from 'node:path';
import { cleanEnv, email, str, url } from 'envalid';
import { projectRoot, readSubgraphUrl, throwOnInvalidEnv, withNodeEnvDefault } from '../shared/config.js';
import type { Sender } from './campaigns/campaign-runner.js';

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
}

export function readMailingsConfig(env: NodeJS.ProcessEnv = process.env): MailingsConfig {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      MAILINGS_SMTP_URL: str({ default: '', desc: 'SMTP server for the notice e-mails (smtp://host:port); empty writes .eml files' }),
      MAILINGS_MAIL_FROM: email({ default: 'avvisi@integra.example', desc: 'sender address of the notice e-mails' }),
      MAILINGS_SENDER_NAME: str({ default: 'Integra S.p.A.' }),
      MAILINGS_RETURN_ADDRESS: str({ default: 'Integra S.p.A. · Via Esempio 1 · 20121 Milano MI' }),
      MAILINGS_SENDER_CITY: str({ default: 'Milano' }),
      MAILINGS_PUBLIC_URL: url({ default: undefined, desc: 'base URL of the mailings service for download links' }),
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
  };
}
