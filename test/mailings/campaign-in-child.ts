/**
 * A mailings process for the crash test: opens the mailings database at argv[2], listens at
 * 127.0.0.1 port argv[3] (the address that makes it this instance), and runs campaigns with
 * argv[5] ms leases, writing to the folder argv[6], as buildMailingsServer's runner does.
 * Customers come from a stand-in for sales (12, always the same), notices are only printed.
 * - argv[4] `start:<id>`: starts campaign <id> and holds it after its first page, never
 *   finishing, until the process is killed;
 * - argv[4] `resume`: resumes what was interrupted, as the service does when it starts.
 * It prints one JSON line per fact: `{"ready": true}` once it listens, `{"paused": id}`,
 * `{"resumed": n}`, `{"notified": customerId}`, `{"completed": id}`; resuming, it exits once
 * the campaign is completed.
 */
import net from 'node:net';
import type { AudienceCustomer, CustomerSource } from '../../subgraphs/mailings/audience/sales-audience.js';
import { instanceName } from '../../subgraphs/mailings/campaigns/campaign-lease.js';
import { CampaignRunner, DEFAULT_SENDER } from '../../subgraphs/mailings/campaigns/campaign-runner.js';
import { createMailingsPrisma } from '../../subgraphs/mailings/database.js';
import { SAMPLE_CUSTOMER } from '../../subgraphs/mailings/letters/letter-fields.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';

const CUSTOMERS: AudienceCustomer[] = Array.from({ length: 12 }, (_, index) => ({
  ...SAMPLE_CUSTOMER,
  id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
  legalName: `Cliente ${index + 1} S.r.l.`,
  noticeEmail: `cliente${index + 1}@esempio.example`,
}));
const PAGE_SIZE = 4;

const customers: CustomerSource = {
  async page(_criteria, after, first, withTotal) {
    const from = after === null ? 0 : Number(after);
    const page = CUSTOMERS.slice(from, from + first);
    return { customers: page, endCursor: String(from + page.length), hasNextPage: from + page.length < CUSTOMERS.length, totalCount: withTotal ? CUSTOMERS.length : null };
  },
  billing: async () => new Map(),
};

const [url, port, mode, leaseMs, outputDir] = process.argv.slice(2);
const say = (fact: object) => process.stdout.write(`${JSON.stringify(fact)}\n`);
const database = await openMigratedDatabase('mailings', url!);
const prisma = createMailingsPrisma(database.adapter);
const address = net.createServer();
await new Promise<void>((resolve) => address.listen(Number(port), '127.0.0.1', resolve));
let finished!: () => void;
const done = new Promise<void>((resolve) => (finished = resolve));
const holdAt = mode!.startsWith('start:') ? mode!.slice('start:'.length) : null;
const runner = new CampaignRunner({
  prisma,
  customers,
  outputDir: outputDir!,
  mailer: () => ({
    send: async (notice) => {
      say({ notified: notice.customerId });
    },
    close: () => {},
    concurrency: 4,
    batchSize: 200,
  }),
  sender: DEFAULT_SENDER,
  pageSize: PAGE_SIZE,
  leaseMs: Number(leaseMs),
  instance: { name: instanceName('127.0.0.1', Number(port)), ownsDatabase: url!.startsWith('pglite:') },
  afterPage: (id, pages) => {
    if (id !== holdAt || pages !== 1) return;
    say({ paused: id });
    return new Promise(() => {});
  },
  log: (line) => {
    process.stderr.write(`mailings child: ${line}\n`);
    const completed = /^campaign (\S+): completed/.exec(line)?.[1];
    if (completed) {
      say({ completed });
      finished();
    }
  },
});
say({ ready: true });
if (holdAt) {
  await runner.resumeInterrupted();
  await runner.start(holdAt);
} else {
  say({ resumed: await runner.resumeInterrupted() });
  // The test reads the database once this process has let go of it.
  await done;
  await runner.stop();
  await prisma.$disconnect();
  await database.close();
  address.close();
  say({ exited: true });
  process.exit(0);
}
