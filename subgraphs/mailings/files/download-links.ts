/**
 * Download links of campaign files, each a capability for one clerk, one file and a short time,
 * as S3's presigned URLs are: `files { url }` hands out
 * `/files/campaigns/<id>/<name>?subject=<who>&role=mailing-clerk&expires=<unix seconds>&signature=<HMAC-SHA256>`,
 * the signature over the campaign id, the file name, the subject and role of the verified
 * caller it was issued to, and the expiry, keyed with MAILINGS_DOWNLOAD_KEY.
 *
 * A link is minted only for a caller whose verified token carries `mailing-clerk` when it asks
 * (CampaignFile is guarded by @requiresScopes, and `sign` checks the role again), stops working
 * after MAILINGS_DOWNLOAD_LINK_MINUTES, and nobody can make one for another file, another
 * person or role, or a later expiry without the key. Every download is recorded with the
 * subject the link names (FileDownload), so a file that leaves is traced to the clerk it was
 * issued to. The link itself is the credential while it lives: a browser follows it without a
 * token (it cannot send one on a plain link), and the print shop's script needs no Integra
 * identity of its own; that is why it lives minutes, not days.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import type { Clock } from '../../shared/clock.js';
import type { Identity } from '../../shared/identity/roles.js';

export const DEFAULT_DOWNLOAD_LINK_MINUTES = 15;

/** 256 bits, as HMAC-SHA256 uses; a shorter key is refused by the configuration. */
export const DOWNLOAD_KEY_MIN_LENGTH = 32;

export const DOWNLOAD_KEY_FILE = 'mailings-download.key';

/** The role a download link is issued for, and the only one the files route accepts. */
export const FILE_ROLE = 'mailing-clerk';

export interface SignedLink {
  url: string;
  expiresAt: Date;
}

/** Whom a link was issued to, as its signature vouches. */
export interface LinkHolder {
  subject: string;
  role: string;
  expiresAt: Date;
}

export type LinkCheck = { holder: LinkHolder } | { status: 403; error: string };

export interface DownloadLinks {
  /** A link to a campaign file for `holder`, valid from now for the configured time; refused unless the holder is a mailing clerk. */
  sign(baseUrl: string, route: string, campaignId: string, name: string, holder: Identity | undefined): SignedLink;
  /** Whom the link was issued to, when it is signed by this key for this file and holder and not expired; otherwise why not. */
  check(campaignId: string, name: string, query: Record<string, unknown>): LinkCheck;
}

export interface DownloadLinkOptions {
  key: string | Buffer;
  validMinutes?: number;
  /** Business time of the service: when a link is made and when it is used. */
  clock: Clock;
}

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
/** A token subject as a link carries it: at most 256 characters, none of them a control character. */
const SUBJECT = /^[^\p{Cc}]{1,256}$/u;

const refused = (error: string): LinkCheck => ({ status: 403, error: `${error}: ask MailingCampaign.files for a new one.` });

export function downloadLinks({ key, validMinutes = DEFAULT_DOWNLOAD_LINK_MINUTES, clock }: DownloadLinkOptions): DownloadLinks {
  // A JSON array: however a subject is spelled, no two (id, name, subject, role, expiry) sign the same text.
  const signature = (campaignId: string, name: string, subject: string, role: string, expires: number) =>
    createHmac('sha256', key).update(JSON.stringify(['campaign-file', campaignId.toLowerCase(), name, subject, role, expires])).digest('base64url');
  return {
    sign(baseUrl, route, campaignId, name, holder) {
      // The schema's access rules refused anyone else already; a link is a credential, so checked again where it is made.
      if (!holder?.roles.has(FILE_ROLE)) {
        throw new GraphQLError(`Download links are issued only to a caller with the ${FILE_ROLE} role`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      }
      if (!SUBJECT.test(holder.subject)) {
        throw new GraphQLError('Your token\'s subject cannot be put in a download link (at most 256 characters, no control characters); ask the administrator of the identity provider', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      }
      const expires = Math.floor(clock().getTime() / 1000) + validMinutes * 60;
      const url = new URL(`${route}/${campaignId}/${name}`, baseUrl);
      url.searchParams.set('subject', holder.subject);
      url.searchParams.set('role', FILE_ROLE);
      url.searchParams.set('expires', String(expires));
      url.searchParams.set('signature', signature(campaignId, name, holder.subject, FILE_ROLE, expires));
      return { url: url.toString(), expiresAt: new Date(expires * 1000) };
    },
    check(campaignId, name, query) {
      const { subject, role, expires, signature: given } = query;
      if (expires === undefined && given === undefined) {
        return refused('This download link is not signed: use the url MailingCampaign.files gives, which is valid for a limited time');
      }
      if (
        typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) ||
        typeof given !== 'string' || !SIGNATURE.test(given) ||
        typeof subject !== 'string' || !SUBJECT.test(subject) ||
        typeof role !== 'string' || role.length > 64
      ) {
        return refused('This download link is damaged (its subject, role, expires or signature is missing or malformed)');
      }
      const expected = Buffer.from(signature(campaignId, name, subject, role, Number(expires)));
      if (!timingSafeEqual(expected, Buffer.from(given))) {
        return refused('This download link was not made by this service for this file, person and time (its signature does not match)');
      }
      // Signed, so issued by this service; a role it no longer serves files to is refused all the same.
      if (role !== FILE_ROLE) return refused(`This download link was issued for the role ${role}; files are served to ${FILE_ROLE} only`);
      const expiresAt = new Date(Number(expires) * 1000);
      if (clock().getTime() >= expiresAt.getTime()) return refused(`This download link expired at ${expiresAt.toISOString()}`);
      return { holder: { subject, role, expiresAt } };
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
