/**
 * A mailing end to end through the gateway, over the seeded demo customers: a template is
 * saved and previewed, a campaign is created and run, its files downloaded and its report
 * read. Notices go to a local SMTP server this test starts. Also: a re-run sends nothing
 * twice, and a run whose mailings instance "dies" half-way is taken over by the running one
 * (more on several instances in campaign-lease.test.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphCustomerSource } from '../../subgraphs/mailings/audience/sales-audience.js';
import { CampaignRunner, DEFAULT_SENDER } from '../../subgraphs/mailings/campaigns/campaign-runner.js';
import { createMailingsPrisma } from '../../subgraphs/mailings/database.js';
import { campaignFolder, FILES_ROUTE } from '../../subgraphs/mailings/files/campaign-files.js';
import { downloadLinks } from '../../subgraphs/mailings/files/download-links.js';
import { smtpNoticeMailer } from '../../subgraphs/mailings/notices/notice-email.js';
import { freezableDatabase } from '../support/freezable-database.js';
import { DOUBLING_CAPTURES, LONG_LOOP, NESTED_OUTPUT } from '../support/hostile-templates.js';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';

interface Received {
  to: string[];
  data: string;
}

let stack: Stack;
let smtp: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];
// Under a dot folder, as by default (`.data/mailings-files`): downloads must not take it for a hidden file.
const outputDir = path.join(mkdtempSync(path.join(tmpdir(), 'integra-mailings-test-')), '.data', 'mailings-files');

// The seeded world's customers that a mailing cannot fully serve (see prisma/demo/world.ts).
const DECLINES = 5;
const CONTACT_WITHOUT_EMAIL = 8;
const ADDRESS_TOO_LONG = 10;
// Known to the test, so it can sign links the way mailings does (and a forger cannot).
const DOWNLOAD_KEY = 'test-download-key-0123456789-abcdefghij';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  // A short lease: the stack's mailings looks for campaigns to take over every second.
  stack = await startStack({ mailings: { outputDir, smtpUrl, pageSize: 5, leaseMs: 3_000, downloadKey: DOWNLOAD_KEY } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

const TEMPLATE_FIELDS = `
  id name fields
`;

const CREATE_TEMPLATE = `mutation ($input: LetterTemplateInput!) { createLetterTemplate(input: $input) { ${TEMPLATE_FIELDS} } }`;
const PREVIEW = `query ($templateId: ID!, $customerId: ID!) { letterPreview(templateId: $templateId, customerId: $customerId) { customerId addressLines subject body skipReasons } }`;
const CREATE_CAMPAIGN = `mutation ($input: CreateMailingCampaignInput!) { createMailingCampaign(input: $input) { id status } }`;
const RUN = `mutation ($id: ID!) { runMailingCampaign(id: $id) { id status } }`;
const CAMPAIGN = `query ($id: ID!) {
  mailingCampaign(id: $id) {
    id status failure expectedDeliveryOn
    progress { stage processed total }
    report { audience printed skipped emailed listedWithoutEmail exceptions(first: 50) { customerId name reason letterPrinted } }
    files { kind name url expiresAt bytes }
  }
}`;

const DOWNLOADS = `query ($id: ID!) { mailingCampaign(id: $id) { downloads(first: 5) { name downloadedBy role downloadedAt linkExpiresAt } } }`;
const CLERK = identityOf('clerk-test', ['mailing-clerk']);

const inTwoWeeks = () => new Date(stack.clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);

async function waitUntilSettled(id: string) {
  for (;;) {
    const { data } = await stack.query(CAMPAIGN, { id });
    const campaign = data!.mailingCampaign;
    if (campaign.status === 'COMPLETED' || campaign.status === 'FAILED') return campaign;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let templateId: string;

describe('letter templates through the gateway', () => {
  it('refuses a template naming an unknown field, saying which, and stores nothing', async () => {
    const { errors } = await stack.query(CREATE_TEMPLATE, { input: { name: 'Typo', subject: 'Hello', body: 'Dear {{ customer.nmae }}' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body', unknownField: 'customer.nmae' });
    expect(errors?.[0]?.message).toContain('customer.nmae');
    expect(await stack.sql('mailings', `SELECT 1 FROM "LetterTemplate" WHERE "name" = 'Typo'`)).toHaveLength(0);
  });

  it('saves a template and previews one seeded customer\'s letter with data from sales and billing', async () => {
    const { data, errors } = await stack.query(CREATE_TEMPLATE, {
      input: {
        name: 'Avviso',
        subject: 'Contratto {{ contract.number }}',
        body: 'Gentile {{ recipient.name }},\n\n{% for line in address.lines %}{{ line }} / {% endfor %}\n\nFatturato: {{ billing.charges_to_date }}',
      },
    });
    expect(errors).toBeUndefined();
    templateId = data!.createLetterTemplate.id;
    expect(data!.createLetterTemplate.fields).toEqual(['address.lines', 'billing.charges_to_date', 'contract.number', 'recipient.name']);

    const customer = stack.world.sales.customers[0]!;
    const preview = await stack.query(PREVIEW, { templateId, customerId: customer.id });
    expect(preview.errors).toBeUndefined();
    const letter = preview.data!.letterPreview;
    expect(letter.addressLines[0]).toBe(customer.addressRecipient ?? customer.legalName);
    expect(letter.addressLines.at(-1)).toBe(`${customer.addressPostalCode} ${customer.addressCity} ${customer.addressProvince}`);
    expect(letter.subject).toMatch(/^Contratto CTR-\d{4}-000001$/);
    expect(letter.body).toMatch(/Fatturato: \d+\.\d{2} EUR$/);
    expect(letter.skipReasons).toEqual([]);
  });
});

describe('creating a campaign', () => {
  it.each([
    ['a delivery date in the past', { expectedDeliveryOn: '2020-01-01' }, 'input.expectedDeliveryOn', 'BAD_USER_INPUT'],
    ['no letters per file', { lettersPerFile: 0 }, 'input.lettersPerFile', 'BAD_USER_INPUT'],
    ['an unknown country', { audience: { country: 'ZZ' } }, 'input.audience.country', 'BAD_USER_INPUT'],
    ['an empty list of customers', { audience: { customerIds: [] } }, 'input.audience.customerIds', 'BAD_USER_INPUT'],
    ['a template that does not exist', { templateId: '00000000-0000-4000-8000-000000000000' }, undefined, 'NOT_FOUND'],
  ])('refuses %s and stores nothing', async (_case, change, field, code) => {
    const before = await stack.sql('mailings', 'SELECT 1 FROM "Campaign"');
    const { errors } = await stack.query(CREATE_CAMPAIGN, { input: { name: 'Bad', templateId, audience: {}, expectedDeliveryOn: inTwoWeeks(), ...change } });
    expect(errors?.[0]?.extensions).toMatchObject(field ? { code, field } : { code });
    expect(await stack.sql('mailings', 'SELECT 1 FROM "Campaign"')).toHaveLength(before.length);
  });
});

describe('a campaign over the seeded customers', () => {
  let campaign: Record<string, any>;
  let campaignId: string;

  beforeAll(async () => {
    const created = await stack.query(CREATE_CAMPAIGN, {
      input: { name: 'Nuove tariffe', templateId, audience: {}, expectedDeliveryOn: inTwoWeeks(), lettersPerFile: 4 },
    });
    expect(created.errors).toBeUndefined();
    campaignId = created.data!.createMailingCampaign.id;
    const run = await stack.query(RUN, { id: campaignId });
    expect(run.data!.runMailingCampaign.status).toBe('RUNNING');
    campaign = await waitUntilSettled(campaignId);
  }, 60_000);

  it('completes, and its report adds up: printed + skipped = audience, emailed + listed = printed', () => {
    expect(campaign.failure).toBeNull();
    expect(campaign.status).toBe('COMPLETED');
    const report = campaign.report;
    expect(report.audience).toBe(12);
    expect(report.printed + report.skipped).toBe(report.audience);
    expect(report.emailed + report.listedWithoutEmail).toBe(report.printed);
    expect(report).toMatchObject({ printed: 11, skipped: 1, emailed: 9, listedWithoutEmail: 2 });
    expect(campaign.progress).toEqual({ stage: 'DONE', processed: 9, total: 9 });
  });

  it('lists every customer it could not fully serve, with the reason', () => {
    const customers = stack.world.sales.customers;
    expect(campaign.report.exceptions).toEqual(
      expect.arrayContaining([
        { customerId: customers[DECLINES]!.id, name: customers[DECLINES]!.legalName, reason: 'DECLINED_EMAIL_NOTICES', letterPrinted: true },
        { customerId: customers[CONTACT_WITHOUT_EMAIL]!.id, name: customers[CONTACT_WITHOUT_EMAIL]!.legalName, reason: 'NO_EMAIL', letterPrinted: true },
        { customerId: customers[ADDRESS_TOO_LONG]!.id, name: customers[ADDRESS_TOO_LONG]!.legalName, reason: 'NO_POSTAL_ADDRESS', letterPrinted: false },
      ]),
    );
    expect(campaign.report.exceptions).toHaveLength(3);
  });

  it('sent one notice per e-mailed customer through SMTP', () => {
    const mine = received.filter((message) => message.data.includes(`X-Integra-Campaign: ${campaignId}`));
    expect(mine).toHaveLength(9);
    expect(new Set(mine.map((message) => message.to[0])).size).toBe(9);
    const customer = stack.world.sales.customers[0]!;
    const first = mine.find((message) => message.to[0] === customer.email)!;
    expect(first.data).toContain(`<${campaignId}.${customer.id}@mailings.integra>`);
    expect(first.data.replace(/=\r?\n/g, '')).toContain(`Dovrebbe arrivare entro il ${campaign.expectedDeliveryOn}`);
  });

  it('offers print files, the manifest, the notice list and the exceptions for download', async () => {
    const kinds = campaign.files.map((file: { kind: string; name: string }) => `${file.kind} ${file.name}`);
    expect(kinds).toEqual(['PRINT_FILE letters-0001.pdf', 'PRINT_FILE letters-0002.pdf', 'PRINT_FILE letters-0003.pdf', 'PRINT_MANIFEST manifest.json', 'NOTICE_LIST notice-list.csv', 'EXCEPTIONS exceptions.csv']);
    const pdf = await fetch(campaign.files[0].url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const manifest = (await (await fetch(campaign.files[3].url)).json()) as { files: { letters: number }[] };
    expect(manifest.files.map((file: { letters: number }) => file.letters)).toEqual([4, 4, 3]);
    const csv = await (await fetch(campaign.files[4].url)).text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('customer_id,name,email,expected_delivery');
    expect(lines.filter(Boolean)).toHaveLength(10);
  });

  it('hands out links signed for the clerk who asked, that expire after 15 minutes, and refuses them unsigned, altered or expired, saying why', async () => {
    const anna = await stack.token(['mailing-clerk'], 'clerk-anna');
    const { data } = await postGraphQL<Record<string, any>>(stack.gatewayUrl, CAMPAIGN, { id: campaignId }, anna);
    const noticeList = data!.mailingCampaign.files.find((file: { kind: string }) => file.kind === 'NOTICE_LIST') as { url: string; expiresAt: string };
    const url = new URL(noticeList.url);
    expect(url.searchParams.get('subject')).toBe('clerk-anna');
    expect(url.searchParams.get('role')).toBe('mailing-clerk');
    expect(new Date(noticeList.expiresAt).getTime() - stack.clock.now().getTime()).toBeGreaterThan(14 * 60_000);
    expect(new Date(noticeList.expiresAt).getTime() - stack.clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000);
    expect(url.searchParams.get('expires')).toBe(String(new Date(noticeList.expiresAt).getTime() / 1000));
    const fetchedFrom = stack.clock.now().getTime();
    expect((await fetch(url)).status).toBe(200);
    // Recorded with the clerk the link was issued to, whoever followed it.
    const downloads = await stack.query(DOWNLOADS, { id: campaignId });
    expect(downloads.errors).toBeUndefined();
    const [latest] = downloads.data!.mailingCampaign.downloads;
    expect(latest).toEqual({ name: 'notice-list.csv', downloadedBy: 'clerk-anna', role: 'mailing-clerk', downloadedAt: expect.any(String), linkExpiresAt: noticeList.expiresAt });
    expect(Date.parse(latest.downloadedAt)).toBeGreaterThanOrEqual(fetchedFrom);
    expect(Date.parse(latest.downloadedAt)).toBeLessThanOrEqual(stack.clock.now().getTime());

    const refusal = async (link: URL | string, reason: RegExp) => {
      const before = await stack.sql('mailings', 'SELECT 1 FROM "FileDownload"');
      const response = await fetch(link);
      expect(response.status, String(link)).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await response.json()) as { error: string }).error, String(link)).toMatch(reason);
      // A refused link downloads nothing, so nothing is recorded.
      expect(await stack.sql('mailings', 'SELECT 1 FROM "FileDownload"')).toHaveLength(before.length);
    };
    // As every link worked before: the file's address alone, downloadable for ever.
    await refusal(new URL(url.pathname, url), /not signed/);
    const tampered = (change: (link: URL) => void) => {
      const link = new URL(url);
      change(link);
      return link;
    };
    await refusal(tampered((link) => (link.pathname = link.pathname.replace('notice-list.csv', 'exceptions.csv'))), /signature does not match/);
    await refusal(tampered((link) => (link.pathname = link.pathname.replace(campaignId, randomUUID()))), /signature does not match/);
    await refusal(tampered((link) => link.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 86_400))), /signature does not match/);
    // Passed on under another name, or claiming another role: the signature names whom it was issued to.
    await refusal(tampered((link) => link.searchParams.set('subject', 'clerk-bruno')), /signature does not match/);
    await refusal(tampered((link) => link.searchParams.set('role', 'administrator')), /signature does not match/);
    await refusal(tampered((link) => link.searchParams.set('signature', 'A'.repeat(43))), /signature does not match/);
    await refusal(tampered((link) => link.searchParams.delete('signature')), /damaged/);
    await refusal(tampered((link) => link.searchParams.delete('subject')), /damaged/);
    await refusal(tampered((link) => link.searchParams.set('subject', 'clerk\nanna')), /damaged/);
    await refusal(tampered((link) => link.searchParams.set('expires', 'tomorrow')), /damaged/);
    // Signed with the key, but for a role the files route does not serve.
    const forOperators = new URL(url);
    const expires = Number(url.searchParams.get('expires'));
    forOperators.searchParams.set('role', 'conference-operator');
    forOperators.searchParams.set('signature', createHmac('sha256', DOWNLOAD_KEY).update(JSON.stringify(['campaign-file', campaignId, 'notice-list.csv', 'clerk-anna', 'conference-operator', expires])).digest('base64url'));
    await refusal(forOperators, /issued for the role conference-operator; files are served to mailing-clerk only/);

    stack.clock.advance(15 * 60_000);
    await refusal(url, new RegExp(`expired at ${noticeList.expiresAt.replace(/[.]/g, '\\.')}`));
    // A fresh link from the API works again.
    const fresh = (await postGraphQL<Record<string, any>>(stack.gatewayUrl, CAMPAIGN, { id: campaignId }, anna)).data!.mailingCampaign.files.find((file: { kind: string }) => file.kind === 'NOTICE_LIST').url as string;
    expect(fresh).not.toBe(noticeList.url);
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('issues links only to mailing clerks, and checks the role again where the link is made', async () => {
    for (const roles of [['conference-operator'], ['administrator'], ['bridge']]) {
      const { errors } = await stack.queryAs(roles, CAMPAIGN, { id: campaignId });
      expect(errors?.[0]?.extensions?.code, roles.join()).toBe('FORBIDDEN');
    }
    const links = downloadLinks({ key: DOWNLOAD_KEY, clock: stack.clock.now });
    expect(() => links.sign(stack.subgraphs.mailings.url, FILES_ROUTE, campaignId, 'notice-list.csv', identityOf('operator-1', ['conference-operator']))).toThrow(/only to a caller with the mailing-clerk role/);
    expect(() => links.sign(stack.subgraphs.mailings.url, FILES_ROUTE, campaignId, 'notice-list.csv', undefined)).toThrow(/only to a caller with the mailing-clerk role/);
  });

  it('never serves a file through a symbolic link, in the campaign folder or in place of it, even with a valid link', async () => {
    const secret = path.join(path.dirname(outputDir), 'secret.txt');
    writeFileSync(secret, 'the secret bytes');
    const links = downloadLinks({ key: DOWNLOAD_KEY, clock: stack.clock.now });
    const download = (id: string, name: string) => fetch(links.sign(stack.subgraphs.mailings.url, FILES_ROUTE, id, name, CLERK).url);
    const folder = campaignFolder(outputDir, campaignId);

    // The exceptions file replaced by a link to another file: not served, not listed.
    renameSync(path.join(folder, 'exceptions.csv'), path.join(folder, 'exceptions.csv.kept'));
    symlinkSync(secret, path.join(folder, 'exceptions.csv'));
    // A campaign folder that is a link to a folder elsewhere.
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'integra-elsewhere-'));
    writeFileSync(path.join(elsewhere, 'notice-list.csv'), 'the secret bytes');
    const linkedCampaign = randomUUID();
    symlinkSync(elsewhere, campaignFolder(outputDir, linkedCampaign));
    // A campaign folder linking to a real campaign's: the files are real, the way to them is not.
    const aliasCampaign = randomUUID();
    symlinkSync(folder, campaignFolder(outputDir, aliasCampaign));
    try {
      for (const [id, name] of [[campaignId, 'exceptions.csv'], [linkedCampaign, 'notice-list.csv'], [aliasCampaign, 'notice-list.csv']] as const) {
        const response = await download(id, name);
        const text = await response.text();
        expect(response.status, `${id}/${name}`).toBe(404);
        expect(text).not.toContain('the secret bytes');
        expect(JSON.parse(text)).toEqual({ error: expect.stringContaining('No such file') });
      }
      const { data } = await stack.query(CAMPAIGN, { id: campaignId });
      expect(data!.mailingCampaign.files.map((file: { name: string }) => file.name)).not.toContain('exceptions.csv');
      // The real files, through the real folder, are still served.
      expect(Buffer.from(await (await download(campaignId, 'notice-list.csv')).arrayBuffer())).toEqual(readFileSync(path.join(folder, 'notice-list.csv')));
    } finally {
      renameSync(path.join(folder, 'exceptions.csv.kept'), path.join(folder, 'exceptions.csv'));
    }
  });

  it('sends no file whose download it cannot record, answering 503 with a JSON error', async () => {
    const link = downloadLinks({ key: DOWNLOAD_KEY, clock: stack.clock.now }).sign(stack.subgraphs.mailings.url, FILES_ROUTE, campaignId, 'notice-list.csv', CLERK);
    await stack.sql('mailings', 'ALTER TABLE "FileDownload" RENAME TO "FileDownload_away"');
    try {
      const response = await fetch(link.url);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: expect.stringContaining('could not be recorded') });
    } finally {
      await stack.sql('mailings', 'ALTER TABLE "FileDownload_away" RENAME TO "FileDownload"');
    }
    expect((await fetch(link.url)).status).toBe(200);
  });

  it('refuses downloads outside the campaign\'s files', async () => {
    const base = new URL(campaign.files[0].url);
    for (const evil of ['..%2F..%2Fetc%2Fpasswd', '..%2Fmanifest.json', 'letters-0001.pdf.partial', '%2Fetc%2Fpasswd']) {
      const response = await fetch(new URL(`/files/campaigns/${campaignId}/${evil}`, base));
      expect(response.status, evil).toBe(404);
    }
    expect((await fetch(new URL(`/files/campaigns/../../../etc/passwd`, base))).status).not.toBe(200);
  });

  it('run again, changes nothing and sends nothing', async () => {
    const before = received.length;
    const run = await stack.query(RUN, { id: campaignId });
    expect(run.data!.runMailingCampaign.status).toBe('COMPLETED');
    const again = await waitUntilSettled(campaignId);
    expect(again.report).toEqual(campaign.report);
    expect(received.length).toBe(before);
    const rows = await stack.sql<{ count: number }>('mailings', `SELECT count(*)::int AS count FROM "Recipient" WHERE "campaignId" = '${campaignId}'`);
    expect(rows).toEqual([{ count: 12 }]);
  });
});

describe('concurrent runs', () => {
  it('start one job: every customer gets one letter and one notice', async () => {
    const created = await stack.query(CREATE_CAMPAIGN, { input: { name: 'Doppio', templateId, audience: { customerIds: stack.world.sales.customers.slice(0, 4).map((customer) => customer.id) }, expectedDeliveryOn: inTwoWeeks() } });
    const id = created.data!.createMailingCampaign.id as string;
    const runs = await Promise.all([1, 2, 3].map(() => stack.query(RUN, { id })));
    expect(runs.map((run) => run.data!.runMailingCampaign.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    const done = await waitUntilSettled(id);
    expect(done.report).toMatchObject({ audience: 4, printed: 4, emailed: 4 });
    expect(received.filter((message) => message.data.includes(`X-Integra-Campaign: ${id}`))).toHaveLength(4);
  });
});

describe('a run interrupted by a crash', () => {
  it('is taken over by the mailings instance still running, where it stopped: every customer once, every notice once', async () => {
    const created = await stack.query(CREATE_CAMPAIGN, { input: { name: 'Ripresa', templateId, audience: {}, expectedDeliveryOn: inTwoWeeks(), lettersPerFile: 5 } });
    const id = created.data!.createMailingCampaign.id as string;
    // A second mailings instance on the same database, which "dies" after storing its first
    // page: it never sends another statement, so the campaign stays RUNNING under its lease.
    const connection = freezableDatabase(stack.databases.mailings.adapter);
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const dying = new CampaignRunner({
      prisma: createMailingsPrisma(connection.adapter),
      customers: subgraphCustomerSource(stack.subgraphs.sales.url, stack.subgraphs.billing.url, { credentials: stack.credentials.mailings }),
      outputDir,
      mailer: () => smtpNoticeMailer(smtpUrl, 'Integra <avvisi@integra.example>'),
      sender: DEFAULT_SENDER,
      pageSize: 5,
      log: () => {},
      afterPage: (_id, pages) => (pages === 1 ? (connection.freeze(), died(), new Promise<void>(() => {})) : undefined),
    });
    await dying.start(id);
    await dead;
    const [stopped] = await stack.sql<{ status: string; collected: number; runnerId: string }>('mailings', `SELECT "status", "collected", "runnerId" FROM "Campaign" WHERE "id" = '${id}'`);
    expect(stopped).toEqual({ status: 'RUNNING', collected: 5, runnerId: dying.id });

    // Its lease runs out (sooner than the 30 s it took), and the stack's mailings, looking for such campaigns, takes it over.
    await stack.sql('mailings', `UPDATE "Campaign" SET "leaseExpiresAt" = now() WHERE "id" = '${id}' RETURNING "id"`);
    const done = await waitUntilSettled(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.report).toMatchObject({ audience: 12, printed: 11, skipped: 1, emailed: 9, listedWithoutEmail: 2 });
    const rows = await stack.sql<{ sequence: number; letterNumber: number | null }>('mailings', `SELECT "sequence", "letterNumber" FROM "Recipient" WHERE "campaignId" = '${id}' ORDER BY "sequence"`);
    expect(rows.map((row) => row.sequence)).toEqual([...Array(12).keys()]);
    expect(rows.map((row) => row.letterNumber).filter((n) => n !== null)).toEqual([...Array(11).keys()]);
    const notices = received.filter((message) => message.data.includes(`X-Integra-Campaign: ${id}`));
    expect(notices).toHaveLength(9);
    expect(readdirSync(path.join(outputDir, 'campaigns', id)).filter((name) => name.endsWith('.pdf'))).toEqual(['letters-0001.pdf', 'letters-0002.pdf', 'letters-0003.pdf']);
  }, 60_000);
});

describe('templates that cannot hurt (issue 14)', () => {
  const FIELDS = 'query { letterTemplateFields }';

  it.each([
    ['9 KB of captures doubling themselves', DOUBLING_CAPTURES, /cannot be rendered: rendering makes more than 2,000,000 characters/],
    ['nested loops writing out too much', NESTED_OUTPUT, /cannot be rendered: the output exceeds the limit of 30,000 characters/],
    ['a loop running past the time limit', LONG_LOOP, /cannot be rendered: rendering took longer than 1 s/],
  ])('refuses %s when saved, stores nothing, and the service still answers', async (_case, body, message) => {
    const { errors } = await stack.query(CREATE_TEMPLATE, { input: { name: `Pesante ${body.length}`, subject: 'Oggetto', body } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    expect(errors?.[0]?.message).toMatch(message);
    expect(await stack.sql('mailings', `SELECT 1 FROM "LetterTemplate" WHERE "name" = 'Pesante ${body.length}'`)).toHaveLength(0);
    const after = await stack.query(FIELDS);
    expect(after.errors).toBeUndefined();
    expect(after.data!.letterTemplateFields).toContain('customer.name');
  });

  it('saves 8 ordinary templates at once while a heavy one is being refused', async () => {
    const heavy = stack.query(CREATE_TEMPLATE, { input: { name: 'Lento', subject: 'Oggetto', body: LONG_LOOP } });
    const ordinary = await Promise.all(
      Array.from({ length: 8 }, (_unused, index) => stack.query(CREATE_TEMPLATE, { input: { name: `Ordinario ${index}`, subject: 'Per {{ customer.name }}', body: 'Gentile {{ recipient.name }},\n\n{{ contract.number }}' } })),
    );
    expect(ordinary.map((saved) => saved.errors)).toEqual(Array(8).fill(undefined));
    expect(ordinary.map((saved) => saved.data!.createLetterTemplate.name)).toEqual(Array.from({ length: 8 }, (_unused, index) => `Ordinario ${index}`));
    expect((await heavy).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
  });

  /** A template that passes its trial on the sample customer (its id is all zeros) and fails for the customers it names. */
  async function failingFor(name: string, condition: string): Promise<string> {
    const { data, errors } = await stack.query(CREATE_TEMPLATE, {
      input: { name, subject: 'Per {{ customer.name }}', body: `{% if ${condition} %}${NESTED_OUTPUT}{% endif %}Gentile {{ recipient.name }}` },
    });
    expect(errors).toBeUndefined();
    return data!.createLetterTemplate.id;
  }

  it('a letter the template cannot make fails alone: its customer is listed as TEMPLATE_FAILED with the reason, the others are printed', async () => {
    const customers = stack.world.sales.customers;
    const victim = customers[1]!;
    const failing = await failingFor('Uno fallisce', `customer.id == "${victim.id}"`);
    const created = await stack.query(CREATE_CAMPAIGN, { input: { name: 'Uno fallisce', templateId: failing, audience: { customerIds: customers.slice(0, 4).map((customer) => customer.id) }, expectedDeliveryOn: inTwoWeeks() } });
    const id = created.data!.createMailingCampaign.id as string;
    await stack.query(RUN, { id });
    const done = await waitUntilSettled(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.report).toMatchObject({ audience: 4, printed: 3, skipped: 1 });
    const { data } = await stack.query(`query ($id: ID!) { mailingCampaign(id: $id) { report { exceptions { customerId reason detail letterPrinted } } } }`, { id });
    expect(data!.mailingCampaign.report.exceptions).toEqual([
      { customerId: victim.id, reason: 'TEMPLATE_FAILED', detail: 'body: the output exceeds the limit of 30,000 characters', letterPrinted: false },
    ]);
  });

  it('a campaign whose template fails for every customer ends FAILED with the reason, stores no letter, and the service goes on', async () => {
    const failing = await failingFor('Tutti falliscono', 'customer.id != "00000000-0000-4000-8000-000000000000"');
    const created = await stack.query(CREATE_CAMPAIGN, { input: { name: 'Tutti falliscono', templateId: failing, audience: {}, expectedDeliveryOn: inTwoWeeks() } });
    const id = created.data!.createMailingCampaign.id as string;
    await stack.query(RUN, { id });
    const done = await waitUntilSettled(id);
    expect(done.status).toBe('FAILED');
    expect(done.failure).toMatch(/^the template failed for \d+ letters of the first page, and the run was stopped; the last, for customer [0-9a-f-]{36}, in its body: the output exceeds the limit of 30,000 characters$/);
    expect(done.report.audience).toBe(0);
    const after = await stack.query(FIELDS);
    expect(after.errors).toBeUndefined();
  });
});
