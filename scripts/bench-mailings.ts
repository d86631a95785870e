/**
 * `npm run bench:mailings [-- --customers 100000 --dir bench-data/mailings]`: a campaign over
 * many generated customers, end to end, timed. Sales runs as its own process over a freshly
 * generated database (as deployed); this process is the mailings service, whose peak resident
 * memory is what is printed. Goals on the 2-core reference machine: under 2 minutes and under
 * 300 MB for 100,000 customers. Notices are written as `.eml` files (no SMTP server), the
 * template reads sales only (no billing figures: the generated world here has no billing).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bulkInsert } from '../prisma/demo/bulk-insert.js';
import { buildWorld } from '../prisma/demo/world.js';
import { subgraphCustomerSource } from '../subgraphs/mailings/audience/sales-audience.js';
import { createCampaign } from '../subgraphs/mailings/campaigns/campaigns.js';
import { createMailingsPrisma } from '../subgraphs/mailings/database.js';
import { createLetterTemplate } from '../subgraphs/mailings/letters/letter-templates.js';
import { buildMailingsServer } from '../subgraphs/mailings/server.js';
import { createSalesPrisma } from '../subgraphs/sales/database.js';
import { projectRoot } from '../subgraphs/shared/config.js';
import { listen } from '../subgraphs/shared/listen.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    dir: { type: 'string', default: 'bench-data/mailings' },
    'letters-per-file': { type: 'string', default: '1000' },
  },
});
const customers = Number(values.customers);
const dir = path.resolve(projectRoot, values.dir!);
rmSync(dir, { recursive: true, force: true });
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const megabytes = (kilobytes: number) => `${Math.round(kilobytes / 1024)} MB`;

// 1. Sales: generated customers, written in chunks of 5,000 straight into its tables.
let started = performance.now();
const salesDatabase = await openMigratedDatabase('sales', `pglite:${path.join(dir, 'sales')}`);
const sales = createSalesPrisma(salesDatabase.adapter);
const now = new Date();
for (let first = 0; first < customers; first += 5_000) {
  const world = buildWorld({ firstCustomer: first, customers: Math.min(5_000, customers - first), now });
  const noticeContacts = world.sales.customers.filter((customer) => customer.noticeContactId);
  await bulkInsert(sales, 'Customer', world.sales.customers.map((customer) => ({ ...customer, noticeContactId: null })));
  await bulkInsert(sales, 'Contact', world.sales.contacts);
  await bulkInsert(sales, 'Contract', world.sales.contracts);
  if (noticeContacts.length) {
    await sales.$executeRawUnsafe(
      `UPDATE "Customer" c SET "noticeContactId" = t.contact FROM unnest($1::uuid[], $2::uuid[]) AS t(id, contact) WHERE c."id" = t.id`,
      noticeContacts.map((customer) => customer.id),
      noticeContacts.map((customer) => customer.noticeContactId),
    );
  }
}
await sales.$executeRawUnsafe('ANALYZE');
await sales.$disconnect();
await salesDatabase.close();
console.log(`generated ${customers} customers in sales in ${seconds(started)}`);

// 2. Sales as its own process, on a free port.
function startSales(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(projectRoot, 'subgraphs/sales/index.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SALES_PORT: '0', SALES_DATABASE_URL: `pglite:${path.join(dir, 'sales')}`, SEED_DEMO_DATA: 'false' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { url?: string }) => message.url && resolve({ child, url: message.url }));
    child.on('exit', (code) => reject(new Error(`sales exited with ${code}`)));
  });
}
const salesProcess = await startSales();

// 3. Mailings in this process: a template, a campaign over every customer, run to the end.
const mailingsDatabase = await openMigratedDatabase('mailings', `pglite:${path.join(dir, 'mailings')}`);
const mailings = createMailingsPrisma(mailingsDatabase.adapter);
const outputDir = path.join(dir, 'mailings-files');
let progressLines = 0;
const subgraph = buildMailingsServer(mailings, {
  customers: subgraphCustomerSource(salesProcess.url, salesProcess.url),
  outputDir,
  // Every 20th progress line, so the log shows the run without flooding the terminal.
  log: (line) => (progressLines++ % 20 === 0 ? console.log(`mailings: ${line}`) : undefined),
});
const running = await listen(subgraph, 0, '127.0.0.1');
const template = await createLetterTemplate(mailings, {
  name: 'Bench',
  subject: 'Contratto {{ contract.number }}: le nuove tariffe',
  body: `Gentile {{ recipient.name }},

le scriviamo in merito al contratto {{ contract.number }}, in vigore dal {{ contract.starts_on }}.
Dal prossimo mese le tariffe per le audioconferenze cambiano: trova il dettaglio nel prospetto allegato.

{% if contact.name != "" %}Abbiamo informato anche {{ contact.name }}.{% endif %}

Cordiali saluti,
Integra S.p.A.`,
});
const campaign = await createCampaign(mailings, {
  name: 'Bench',
  templateId: template.id,
  audience: {},
  expectedDeliveryOn: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 14)),
  lettersPerFile: Number(values['letters-per-file']),
});

started = performance.now();
const rssBefore = process.resourceUsage().maxRSS;
await subgraph.runner.start(campaign.id);
await subgraph.runner.settled(campaign.id);
const elapsed = seconds(started);
const peak = process.resourceUsage().maxRSS;
const done = await mailings.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
const folder = path.join(outputDir, 'campaigns', campaign.id);
const pdfs = readdirSync(folder).filter((name) => name.endsWith('.pdf'));
const pdfBytes = pdfs.reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { pages: number };
const emailed = await mailings.recipient.count({ where: { campaignId: campaign.id, emailedAt: { not: null } } });
const salesPeak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${salesProcess.child.pid}/status`, 'utf8'))?.[1];

console.log(`
campaign ${done.status}${done.failure ? ` (${done.failure})` : ''} over ${done.collected} customers in ${elapsed}
  letters printed     ${done.letters} (${manifest.pages} pages, ${pdfs.length} print files, ${Math.round(pdfBytes / 1024 / 1024)} MB of PDF)
  notices e-mailed    ${emailed} (.eml files)
  peak RSS, mailings  ${megabytes(peak)} (${megabytes(rssBefore)} before the run)
  peak RSS, sales     ${salesPeak ? megabytes(Number(salesPeak)) : 'unknown'} (its own process)`);

await running.stop();
await mailings.$disconnect();
await mailingsDatabase.close();
salesProcess.child.kill('SIGTERM');
