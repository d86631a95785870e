/**
 * Where a campaign's output lives (`<INTEGRA_DATA_DIR>/mailings-files/campaigns/<id>/`) and
 * how it is downloaded: GET /files/campaigns/<id>/<name>?subject=...&role=...&expires=...&signature=...,
 * served by the mailings service, only through a link the API signed for a mailing clerk that
 * has not expired (download-links.ts), and recorded with that clerk's subject before a byte is
 * sent. Only names this module makes are served, from inside the campaign's own
 * folder, so a request cannot reach any other file (no `..`, no absolute paths, no other
 * extensions), and never through a symbolic link: one in place of the file, of the campaign's
 * folder or of `campaigns/` answers 404, whatever it points at.
 */
import { constants, lstatSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import type express from 'express';
import { isUuid } from '../../shared/batching.js';
import type { Identity } from '../../shared/identity/roles.js';
import type { DownloadLinks, LinkHolder, SignedLink } from './download-links.js';

export const FILES_ROUTE = '/files/campaigns';

export const NOTICE_LIST_FILE = 'notice-list.csv';
export const EXCEPTIONS_FILE = 'exceptions.csv';
export const MANIFEST_FILE = 'manifest.json';
export const EMAILS_FOLDER = 'emails';

export function printFileName(number: number): string {
  return `letters-${String(number + 1).padStart(4, '0')}.pdf`;
}

const SERVABLE_NAME = /^(letters-\d{4,6}\.pdf|notice-list\.csv|exceptions\.csv|manifest\.json)$/;

export function campaignFolder(outputDir: string, campaignId: string): string {
  return path.join(outputDir, 'campaigns', campaignId);
}

export function fileLink(links: DownloadLinks, baseUrl: string, campaignId: string, name: string, holder: Identity | undefined): SignedLink {
  return links.sign(baseUrl, FILES_ROUTE, campaignId, name, holder);
}

/** Keeps who downloads which file (FileDownload); a download it cannot record is not served. */
export type RecordDownload = (download: { campaignId: string; fileName: string; holder: LinkHolder }) => Promise<void>;

/** The size of a file the service would serve: a regular file, not a link to one. */
export function fileSize(file: string): number | null {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  return stats?.isFile() ? stats.size : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8; header=present',
  '.json': 'application/json',
};

const NOT_FOUND = 'No such file (yet): see MailingCampaign.files for those made so far.';

/**
 * Opens a campaign file for reading without following any symbolic link on the way from the
 * output folder (which may itself be one, as the operator set it): the folders are compared
 * with their real paths, the file is opened with O_NOFOLLOW and checked to be a regular file
 * on the descriptor itself, so nothing swapped in between the checks is read either.
 */
async function openCampaignFile(outputDir: string, campaignId: string, name: string) {
  const root = await realpath(outputDir).catch(() => null);
  const folder = campaignFolder(outputDir, campaignId);
  const real = await realpath(folder).catch(() => null);
  if (!root || real !== path.join(root, 'campaigns', campaignId)) return null;
  const handle = await open(path.join(real, name), constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (!handle) return null;
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: stats.size };
}

export function mountCampaignFiles(app: express.Express, outputDir: string, links: DownloadLinks, recordDownload: RecordDownload): void {
  app.get(`${FILES_ROUTE}/:campaignId/:name`, async (request, response) => {
    const { campaignId: rawCampaignId, name } = request.params as { campaignId: string; name: string };
    if (!isUuid(rawCampaignId) || !SERVABLE_NAME.test(name)) {
      response.status(404).json({ error: 'No such file: campaign files are named in the API (MailingCampaign.files).' });
      return;
    }
    const campaignId = rawCampaignId.toLowerCase();
    const link = links.check(campaignId, name, request.query as Record<string, unknown>);
    if ('error' in link) {
      response.status(link.status).json({ error: link.error });
      return;
    }
    const file = await openCampaignFile(outputDir, campaignId, name);
    if (!file) {
      response.status(404).json({ error: NOT_FOUND });
      return;
    }
    try {
      await recordDownload({ campaignId, fileName: name, holder: link.holder });
    } catch {
      await file.handle.close();
      response.status(503).json({ error: 'The download could not be recorded, so the file was not sent; try again in a moment.' });
      return;
    }
    response.setHeader('content-type', CONTENT_TYPES[path.extname(name)]!);
    response.setHeader('content-disposition', `attachment; filename="${name}"`);
    response.setHeader('content-length', String(file.size));
    response.setHeader('cache-control', 'private, no-store');
    // The headers go out with the first bytes: a file that cannot be read at all still answers JSON.
    const stream = file.handle.createReadStream();
    stream.once('error', () => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      for (const header of ['content-type', 'content-disposition', 'content-length']) response.removeHeader(header);
      response.status(500).json({ error: 'The file could not be read; try again, or run the campaign again to make it anew.' });
    });
    // A client that goes away stops the reading, which closes the file.
    response.once('close', () => stream.destroy());
    stream.pipe(response);
  });
}
