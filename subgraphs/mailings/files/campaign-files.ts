/**
 * Where a campaign's output lives (`<INTEGRA_DATA_DIR>/mailings-files/campaigns/<id>/`) and
 * how it is downloaded: GET /files/campaigns/<id>/<name>, served by the mailings service.
 * Only names this module makes are served, from inside the campaign's own folder, so a
 * request cannot reach any other file (no `..`, no absolute paths, no other extensions).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type express from 'express';
import { isUuid } from '../../shared/batching.js';

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

export function fileUrl(baseUrl: string, campaignId: string, name: string): string {
  return new URL(`${FILES_ROUTE}/${campaignId}/${name}`, baseUrl).toString();
}

export function fileSize(file: string): number | null {
  return existsSync(file) ? statSync(file).size : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8; header=present',
  '.json': 'application/json',
};

export function mountCampaignFiles(app: express.Express, outputDir: string): void {
  app.get(`${FILES_ROUTE}/:campaignId/:name`, (request, response) => {
    const { campaignId, name } = request.params as { campaignId: string; name: string };
    if (!isUuid(campaignId) || !SERVABLE_NAME.test(name)) {
      response.status(404).json({ error: 'No such file: campaign files are named in the API (MailingCampaign.files).' });
      return;
    }
    const folder = campaignFolder(outputDir, campaignId.toLowerCase());
    const file = path.resolve(folder, name);
    if (path.dirname(file) !== path.resolve(folder) || !existsSync(file)) {
      response.status(404).json({ error: 'No such file (yet): see MailingCampaign.files for those made so far.' });
      return;
    }
    response.setHeader('content-type', CONTENT_TYPES[path.extname(name)]!);
    response.setHeader('content-disposition', `attachment; filename="${name}"`);
    // Served relative to the campaign's folder: the folders above it may be hidden ones (the
    // default is `.data/mailings-files`), and only what is below the root is checked for dots.
    response.sendFile(name, { root: path.resolve(folder), dotfiles: 'deny' }, (error?: Error) => {
      if (!error || response.headersSent) return;
      response.removeHeader('content-disposition');
      response.removeHeader('content-type');
      response.status(500).json({ error: 'The file could not be read; try again, or run the campaign again to make it anew.' });
    });
  });
}
