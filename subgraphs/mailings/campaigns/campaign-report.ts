/** What a campaign has done so far, counted from its own rows and files: progress, report and downloads. */
import path from 'node:path';
import type { MailingsPrisma } from '../database.js';
import { campaignFolder, EXCEPTIONS_FILE, fileLink, fileSize, MANIFEST_FILE, NOTICE_LIST_FILE } from '../files/campaign-files.js';
import type { DownloadLinks } from '../files/download-links.js';
import type { Campaign } from '../generated/prisma/client.js';
import type { Identity } from '../../shared/identity/roles.js';

export async function campaignProgress(prisma: MailingsPrisma, campaign: Campaign) {
  switch (campaign.stage) {
    case 'PRINTING': {
      const printed = await prisma.printFile.aggregate({ where: { campaignId: campaign.id }, _sum: { letters: true } });
      return { stage: campaign.stage, processed: printed._sum.letters ?? 0, total: campaign.letters };
    }
    case 'NOTIFYING':
    case 'DONE': {
      const told = { campaignId: campaign.id, letterNumber: { not: null }, noticeSkipped: null };
      const [sent, total] = await Promise.all([prisma.recipient.count({ where: { ...told, emailedAt: { not: null } } }), prisma.recipient.count({ where: told })]);
      return { stage: campaign.stage, processed: sent, total };
    }
    default:
      return { stage: campaign.stage, processed: campaign.collected, total: campaign.audienceTotal };
  }
}

export async function campaignReport(prisma: MailingsPrisma, campaignId: string) {
  const [audience, printed, emailed, listedWithoutEmail] = await Promise.all([
    prisma.recipient.count({ where: { campaignId } }),
    prisma.recipient.count({ where: { campaignId, letterNumber: { not: null } } }),
    prisma.recipient.count({ where: { campaignId, emailedAt: { not: null } } }),
    prisma.recipient.count({ where: { campaignId, letterNumber: { not: null }, noticeSkipped: { not: null } } }),
  ]);
  return { campaignId, audience, printed, skipped: audience - printed, emailed, listedWithoutEmail };
}

export async function campaignExceptions(prisma: MailingsPrisma, campaignId: string, first: number, offset: number) {
  const rows = await prisma.recipient.findMany({
    where: { campaignId, OR: [{ letterSkipped: { not: null } }, { noticeSkipped: { not: null } }] },
    orderBy: { sequence: 'asc' },
    skip: offset,
    take: first,
    select: { customerId: true, name: true, letterSkipped: true, letterFailure: true, noticeSkipped: true, letterNumber: true },
  });
  return rows.map((row) => ({ customerId: row.customerId, name: row.name, reason: (row.letterSkipped ?? row.noticeSkipped)!, detail: row.letterFailure, letterPrinted: row.letterNumber !== null }));
}

/** The files made so far, each with a download link for `holder` (a mailing clerk) valid for a limited time from now. */
export async function campaignFiles(prisma: MailingsPrisma, campaign: Campaign, outputDir: string, baseUrl: string, links: DownloadLinks, holder: Identity | undefined) {
  const folder = campaignFolder(outputDir, campaign.id);
  const printFiles = await prisma.printFile.findMany({ where: { campaignId: campaign.id }, orderBy: { number: 'asc' } });
  const files: { kind: 'PRINT_FILE' | 'PRINT_MANIFEST' | 'NOTICE_LIST' | 'EXCEPTIONS'; name: string; url: string; expiresAt: Date; bytes: number }[] = printFiles.map((file) => ({
    kind: 'PRINT_FILE',
    name: file.fileName,
    ...fileLink(links, baseUrl, campaign.id, file.fileName, holder),
    bytes: file.bytes,
  }));
  for (const [kind, name] of [['PRINT_MANIFEST', MANIFEST_FILE], ['NOTICE_LIST', NOTICE_LIST_FILE], ['EXCEPTIONS', EXCEPTIONS_FILE]] as const) {
    const bytes = fileSize(path.join(folder, name));
    if (bytes !== null) files.push({ kind, name, ...fileLink(links, baseUrl, campaign.id, name, holder), bytes });
  }
  return files;
}

/** Who downloaded the campaign's files, newest first (recorded by the files route). */
export async function campaignDownloads(prisma: MailingsPrisma, campaignId: string, first: number, offset: number) {
  const rows = await prisma.fileDownload.findMany({ where: { campaignId }, orderBy: [{ downloadedAt: 'desc' }, { id: 'asc' }], skip: offset, take: first });
  return rows.map((row) => ({ name: row.fileName, downloadedBy: row.subject, role: row.role, downloadedAt: row.downloadedAt, linkExpiresAt: row.linkExpiresAt }));
}
