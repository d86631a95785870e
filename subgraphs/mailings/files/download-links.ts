/**
 * Download links of campaign files that expire: `files { url }` hands out
 * `/files/campaigns/<id>/<name>?expires=<unix seconds>&signature=<HMAC-SHA256>`, the signature
 * over the campaign id, the file name and the expiry, keyed with MAILINGS_DOWNLOAD_KEY. A link
 * copied into a ticket or a browser history stops working after MAILINGS_DOWNLOAD_LINK_MINUTES,
 * and nobody can make one for another file or a later expiry without the key.
 *
 * Whoever holds a link may download the file until it expires: binding a link to the person
 * (their role) waits for the platform's identity.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../shared/clock.js';

export const DEFAULT_DOWNLOAD_LINK_MINUTES = 15;

/** 256 bits, as HMAC-SHA256 uses; a shorter key is refused by the configuration. */
export const DOWNLOAD_KEY_MIN_LENGTH = 32;

export const DOWNLOAD_KEY_FILE = 'mailings-download.key';

export interface SignedLink {
  url: string;
  expiresAt: Date;
}

export type LinkRefusal = { status: 403; error: string };

export interface DownloadLinks {
  /** A link to a campaign file, valid from now for the configured time. */
  sign(baseUrl: string, route: string, campaignId: string, name: string): SignedLink;
  /** Null when the link is signed by this key for this file and not expired; otherwise why not. */
  refusal(campaignId: string, name: string, query: Record<string, unknown>): LinkRefusal | null;
}

export interface DownloadLinkOptions {
  key: string | Buffer;
  validMinutes?: number;
  /** Business time of the service: when a link is made and when it is used. */
  clock: Clock;
}

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export function downloadLinks({ key, validMinutes = DEFAULT_DOWNLOAD_LINK_MINUTES, clock }: DownloadLinkOptions): DownloadLinks {
  // Fields on their own lines: a campaign id and a file name never hold one, so no two (id, name, expiry) sign the same text.
  const signature = (campaignId: string, name: string, expires: number) => createHmac('sha256', key).update(`${campaignId.toLowerCase()}\n${name}\n${expires}`).digest('base64url');
  return {
    sign(baseUrl, route, campaignId, name) {
      const expires = Math.floor(clock().getTime() / 1000) + validMinutes * 60;
      const url = new URL(`${route}/${campaignId}/${name}`, baseUrl);
      url.searchParams.set('expires', String(expires));
      url.searchParams.set('signature', signature(campaignId, name, expires));
      return { url: url.toString(), expiresAt: new Date(expires * 1000) };
    },
    refusal(campaignId, name, query) {
      const { expires, signature: given } = query;
      if (expires === undefined && given === undefined) {
        return { status: 403, error: 'This download link is not signed: use the url MailingCampaign.files gives, which is valid for a limited time.' };
      }
      if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof given !== 'string' || !SIGNATURE.test(given)) {
        return { status: 403, error: 'This download link is damaged (its expires or signature is missing or malformed): ask MailingCampaign.files for a new one.' };
      }
      const expected = Buffer.from(signature(campaignId, name, Number(expires)));
      if (!timingSafeEqual(expected, Buffer.from(given))) {
        return { status: 403, error: 'This download link was not made by this service for this file and time (its signature does not match): ask MailingCampaign.files for a new one.' };
      }
      if (clock().getTime() >= Number(expires) * 1000) {
        return { status: 403, error: `This download link expired at ${new Date(Number(expires) * 1000).toISOString()}: ask MailingCampaign.files for a new one.` };
      }
      return null;
    },
  };
}

/**
 * The development key when MAILINGS_DOWNLOAD_KEY is unset: made once, kept in the data folder
 * (readable by its owner only), so links survive a restart; production requires the variable.
 */
export function developmentDownloadKey(dataDir: string): string {
  const file = path.join(dataDir, DOWNLOAD_KEY_FILE);
  const kept = () => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  if (kept().length >= DOWNLOAD_KEY_MIN_LENGTH) return kept();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    // 'wx' where there was none: of two services starting at once, one writes it and both use it.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return kept();
  }
  chmodSync(file, 0o600);
  return key;
}
