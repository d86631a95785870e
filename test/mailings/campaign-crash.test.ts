/**
 * A mailings process killed in the middle of a campaign, and started again as the same instance
 * (same address; with PGlite, the same database folder): it resumes the campaign within 10 s of
 * being back, although the lease the dead process held (60 s here) has not run out, and the
 * campaign ends with every customer's letter and notice once. The process is
 * test/mailings/campaign-in-child.ts: the campaign runner as the service runs it, with a
 * stand-in for sales.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createCampaign } from '../../subgraphs/mailings/campaigns/campaigns.js';
import { createMailingsPrisma } from '../../subgraphs/mailings/database.js';
import { createLetterTemplate } from '../../subgraphs/mailings/letters/letter-templates.js';
import { TemplateRenderer } from '../../subgraphs/mailings/letters/template-renderer.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from '../support/databases.js';
import { ScriptProcess } from '../support/script-process.js';

const CUSTOMERS = 12;
/** Far longer than the bound: only reclaiming at once can meet it. */
const DEAD_PROCESS_LEASE_MS = 60_000;
const RESUME_BOUND_MS = 10_000;

type MailingsFact = { ready?: true; paused?: string; resumed?: number; notified?: string; completed?: string; exited?: true };

const folders: string[] = [];
const children: ScriptProcess<MailingsFact>[] = [];
let postgresDb: TestDatabase | null = null;

afterAll(async () => {
  for (const child of children) await child.kill();
  await postgresDb?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it(`a campaign interrupted by a crash resumes within ${RESUME_BOUND_MS / 1000} s of its service coming back, every letter and notice once`, { timeout: 120_000 }, async () => {
  const temporary = (prefix: string) => {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
  const outputDir = temporary('integra-campaign-crash-files-');
  let url: string;
  if (testDatabaseMode === 'pglite') {
    url = `pglite:${temporary('integra-campaign-crash-db-')}`;
  } else {
    postgresDb = await createTestDatabase('mailings');
    url = postgresDb.url;
  }
  // The campaign to run, written before any mailings process opens the database (a PGlite folder has one user at a time).
  const database = await openMigratedDatabase('mailings', url);
  const prisma = createMailingsPrisma(database.adapter);
  const renderer = new TemplateRenderer();
  let campaignId: string;
  try {
    const template = await createLetterTemplate(prisma, renderer, { name: 'Avviso', subject: 'Per {{ customer.name }}', body: 'Gentile {{ recipient.name }}' });
    const today = clockFrom().now();
    const delivery = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 14));
    campaignId = (await createCampaign(prisma, { name: 'Ripresa', templateId: template.id, audience: {}, expectedDeliveryOn: delivery, lettersPerFile: 4 }, today)).id;
  } finally {
    renderer.close();
    await prisma.$disconnect();
    await database.close();
  }

  const port = String(await freePort());
  const mailings = (mode: string) => {
    const child = new ScriptProcess<MailingsFact>('test/mailings/campaign-in-child.ts', [url, port, mode, String(DEAD_PROCESS_LEASE_MS), outputDir]);
    children.push(child);
    return child;
  };
  const first = mailings(`start:${campaignId}`);
  await first.next((fact) => fact.paused === campaignId);
  await first.kill();

  const second = mailings('resume');
  const back = await second.next((fact) => fact.ready === true);
  const resumed = await second.next((fact) => fact.resumed !== undefined);
  expect(resumed.fact.resumed).toBe(1);
  const resumedAfterMs = Math.round(resumed.at - back.at);
  console.log(`campaign resumed ${resumedAfterMs} ms after its mailings process was back (the dead process's lease had ${DEAD_PROCESS_LEASE_MS / 1000} s to run)`);
  expect(resumedAfterMs).toBeLessThan(RESUME_BOUND_MS);
  await second.next((fact) => fact.completed === campaignId);
  await second.next((fact) => fact.exited === true);

  const notified = second.reported.flatMap(({ fact }) => (fact.notified ? [fact.notified] : []));
  expect(notified).toHaveLength(CUSTOMERS);
  expect(new Set(notified).size).toBe(CUSTOMERS);
  expect(first.reported.filter(({ fact }) => fact.notified)).toEqual([]);
  const after = await openMigratedDatabase('mailings', url);
  const check = createMailingsPrisma(after.adapter);
  try {
    const campaign = await check.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ status: 'COMPLETED', collected: CUSTOMERS, interruptions: 1, runnerId: null });
    const recipients = await check.recipient.findMany({ where: { campaignId }, select: { customerId: true, emailedAt: true } });
    expect(new Set(recipients.map((row) => row.customerId)).size).toBe(CUSTOMERS);
    expect(recipients).toHaveLength(CUSTOMERS);
    expect(recipients.every((row) => row.emailedAt)).toBe(true);
  } finally {
    await check.$disconnect();
    await after.close();
  }
});
