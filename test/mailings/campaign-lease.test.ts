/**
 * Two mailings instances on one database, as two CampaignRunners on one database (each with
 * its own connection, which a test can freeze as a process that dies or stalls would be).
 * A campaign runs in one of them at a time: a runner does not take a campaign another holds,
 * takes over one whose runner died or stopped, and one that has lost its lease writes nothing
 * more. Whatever happens, every customer gets one letter, one notice, and each print file is
 * made once. Customers come from a stand-in for sales; notices are only recorded.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceCustomer, CustomerSource } from '../../subgraphs/mailings/audience/sales-audience.js';
import { crashLoopFailure, DEFAULT_LEASE_MS, HeldLease, LeaseEnded, MAX_INTERRUPTIONS, type RunnerInstance } from '../../subgraphs/mailings/campaigns/campaign-lease.js';
import { CampaignRunner, DEFAULT_SENDER } from '../../subgraphs/mailings/campaigns/campaign-runner.js';
import { createCampaign } from '../../subgraphs/mailings/campaigns/campaigns.js';
import { createMailingsPrisma, type MailingsPrisma } from '../../subgraphs/mailings/database.js';
import { campaignFolder } from '../../subgraphs/mailings/files/campaign-files.js';
import { SAMPLE_CUSTOMER } from '../../subgraphs/mailings/letters/letter-fields.js';
import { createLetterTemplate } from '../../subgraphs/mailings/letters/letter-templates.js';
import { TemplateRenderer } from '../../subgraphs/mailings/letters/template-renderer.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { freezableDatabase, type FreezableDatabase } from '../support/freezable-database.js';

const CUSTOMERS: AudienceCustomer[] = Array.from({ length: 12 }, (_, index) => ({
  ...SAMPLE_CUSTOMER,
  id: randomUUID(),
  legalName: `Cliente ${index + 1} S.r.l.`,
  noticeEmail: `cliente${index + 1}@esempio.example`,
}));
const PAGE_SIZE = 4;
const LETTERS_PER_FILE = 4;
const PRINT_FILES = ['letters-0001.pdf', 'letters-0002.pdf', 'letters-0003.pdf'];
// For the instances whose lease must run out within a test: long enough to be renewed in time on a busy machine.
const SHORT_LEASE_MS = 3_000;

const customers: CustomerSource = {
  async page(_criteria, after, first, withTotal) {
    const from = after === null ? 0 : Number(after);
    const page = CUSTOMERS.slice(from, from + first);
    return { customers: page, endCursor: String(from + page.length), hasNextPage: from + page.length < CUSTOMERS.length, totalCount: withTotal ? CUSTOMERS.length : null };
  },
  billing: async () => new Map(),
};

let database: TestDatabase;
let prisma: MailingsPrisma;
let templateId: string;
// One render worker for every instance here, as each process would have its own.
const renderer = new TemplateRenderer();
const outputDir = mkdtempSync(path.join(tmpdir(), 'integra-campaign-lease-test-'));

beforeAll(async () => {
  database = await createTestDatabase('mailings');
  prisma = createMailingsPrisma(database.adapter);
  templateId = (await createLetterTemplate(prisma, renderer, { name: 'Avviso', subject: 'Per {{ customer.name }}', body: 'Gentile {{ recipient.name }}, {{ contract.number }}' })).id;
}, 60_000);

// Runners that look for campaigns to take over: left running, they would take those the next test leaves without a lease.
const watching: CampaignRunner[] = [];
const instances: Instance[] = [];
afterEach(async () => {
  for (const runner of watching.splice(0)) await runner.stop();
  // A frozen one's statements wait for good: its connection is left as it is, as a dead process's would be.
  for (const { connection, client } of instances.splice(0)) if (!connection.frozen) await client.$disconnect();
});

afterAll(async () => {
  renderer.close();
  await prisma?.$disconnect();
  await database?.close();
});

/** A mailings instance: its own connection to the shared database, what it logged and the notices it sent. */
interface Instance {
  runner: CampaignRunner;
  client: MailingsPrisma;
  connection: FreezableDatabase;
  log: string[];
  notified: string[];
}

function instance({
  leaseMs = DEFAULT_LEASE_MS,
  afterPage,
  runsAs,
}: { leaseMs?: number; afterPage?: (campaignId: string, pages: number) => void | Promise<void>; runsAs?: RunnerInstance } = {}): Instance {
  const connection = freezableDatabase(database.adapter);
  const client = createMailingsPrisma(connection.adapter);
  const log: string[] = [];
  const notified: string[] = [];
  const runner = new CampaignRunner({
    prisma: client,
    customers,
    outputDir,
    mailer: () => ({
      send: async (notice) => {
        notified.push(`${notice.campaignId}/${notice.customerId}`);
      },
      close: () => {},
      concurrency: 4,
      batchSize: 200,
    }),
    sender: DEFAULT_SENDER,
    pageSize: PAGE_SIZE,
    log: (line) => log.push(line),
    afterPage,
    leaseMs,
    renderer,
    instance: runsAs,
  });
  const created = { runner, client, connection, log, notified };
  instances.push(created);
  return created;
}

/** A hook that stops the run after its first page until `release` is called. */
function pausedAfterFirstPage() {
  let reached!: () => void;
  let release!: () => void;
  const atPause = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { atPause, release, afterPage: (_id: string, pages: number) => (pages === 1 ? (reached(), released) : undefined) };
}

const clock = clockFrom();
const inTwoWeeks = () => {
  const today = clock.now();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 14));
};

async function newCampaign(name: string): Promise<string> {
  const campaign = await createCampaign(prisma, { name, templateId, audience: {}, expectedDeliveryOn: inTwoWeeks(), lettersPerFile: LETTERS_PER_FILE }, clock.now());
  return campaign.id;
}

const leaseOf = (id: string) => prisma.campaign.findUniqueOrThrow({ where: { id }, select: { status: true, runnerId: true, leaseExpiresAt: true, failure: true } });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const printed = (instances: Instance[], id: string) =>
  instances.flatMap((each) => each.log.filter((line) => line.startsWith(`campaign ${id}: printing`)).map((line) => /\((letters-\d+\.pdf),/.exec(line)![1]));
const notified = (instances: Instance[], id: string) => instances.flatMap((each) => each.notified.filter((entry) => entry.startsWith(`${id}/`)));

/** Completed, with every customer once, every notice once, every print file made once. */
async function expectDoneOnce(id: string, instances: Instance[]) {
  expect(await leaseOf(id)).toMatchObject({ status: 'COMPLETED', runnerId: null, leaseExpiresAt: null, failure: null });
  const rows = await prisma.recipient.findMany({ where: { campaignId: id }, orderBy: { sequence: 'asc' }, select: { sequence: true, customerId: true, emailedAt: true } });
  expect(rows.map((row) => row.sequence)).toEqual([...CUSTOMERS.keys()]);
  expect(rows.map((row) => row.customerId)).toEqual(CUSTOMERS.map((customer) => customer.id));
  expect(rows.every((row) => row.emailedAt)).toBe(true);
  expect(notified(instances, id).sort()).toEqual(CUSTOMERS.map((customer) => `${id}/${customer.id}`).sort());
  expect(printed(instances, id).sort()).toEqual(PRINT_FILES);
  for (const file of PRINT_FILES) expect(existsSync(path.join(campaignFolder(outputDir, id), file)), file).toBe(true);
}

describe('two mailings instances on one database', () => {
  it('an instance starting does not take a campaign another holds; when that one dies, the other takes it over and finishes it', async () => {
    const id = await newCampaign('Ripresa dopo un crash');
    const pause = pausedAfterFirstPage();
    const first = instance({ afterPage: pause.afterPage, leaseMs: SHORT_LEASE_MS });
    const second = instance({ leaseMs: SHORT_LEASE_MS });

    expect((await first.runner.start(id))?.status).toBe('RUNNING');
    await pause.atPause;
    watching.push(second.runner);
    expect(await second.runner.resumeInterrupted()).toBe(0);
    // Through more than a lease the first keeps renewing, and the second, looking every third of a lease, leaves it alone.
    await new Promise((resolve) => setTimeout(resolve, SHORT_LEASE_MS * 1.5));
    expect(await leaseOf(id)).toMatchObject({ status: 'RUNNING', runnerId: first.runner.id });
    expect(second.log).toEqual([]);

    // The first dies: it never sends another statement, renews nothing and releases nothing.
    first.connection.freeze();
    pause.release();
    const taken = await eventually(() => leaseOf(id), (lease) => lease.runnerId !== first.runner.id);
    expect(taken.runnerId === second.runner.id || taken.status === 'COMPLETED').toBe(true);
    expect(second.log[0]).toBe(`campaign ${id} (Ripresa dopo un crash) was interrupted (its runner ${first.runner.id} stopped renewing its lease); resuming it in runner ${second.runner.id}`);
    await second.runner.settled(id);

    await expectDoneOnce(id, [first, second]);
    // The first printed the file its first page filled, the second the rest.
    expect(printed([first], id)).toEqual(['letters-0001.pdf']);
    expect(notified([first], id)).toEqual([]);
  }, 60_000);

  it('of two instances starting the same campaign at once, one runs it', async () => {
    for (const name of ['Doppio 1', 'Doppio 2', 'Doppio 3']) {
      const id = await newCampaign(name);
      const one = instance();
      const other = instance();
      const started = await Promise.all([one.runner.start(id), other.runner.start(id)]);
      expect(started.map((campaign) => campaign?.status)).toEqual(['RUNNING', 'RUNNING']);
      const holder = (await leaseOf(id)).runnerId;
      expect([one.runner.id, other.runner.id]).toContain(holder);
      await Promise.all([one.runner.settled(id), other.runner.settled(id)]);

      await expectDoneOnce(id, [one, other]);
      const idle = holder === one.runner.id ? other : one;
      expect(idle.log.filter((line) => line.includes(id))).toEqual([]);
    }
  }, 60_000);

  it('an instance that lost its lease while it stalled stops without writing anything more, and says why', async () => {
    const id = await newCampaign('Lease perso');
    const pause = pausedAfterFirstPage();
    const stalled = instance({ afterPage: pause.afterPage });
    const other = instance();

    await stalled.runner.start(id);
    await pause.atPause;
    // It stalls (a long pause, the database out of reach) and its lease runs out meanwhile (brought forward here, not waited for).
    stalled.connection.freeze();
    await prisma.$executeRaw`UPDATE "Campaign" SET "leaseExpiresAt" = now() - interval '1 second' WHERE "id" = ${id}::uuid`;
    await other.runner.start(id);
    expect((await leaseOf(id)).runnerId).toBe(other.runner.id);
    await other.runner.settled(id);
    const logged = stalled.log.length;

    // It wakes up and carries on from where it stalled.
    stalled.connection.thaw();
    pause.release();
    await stalled.runner.settled(id);

    // Why depends on what it notices first: its lease ran out by its own clock, or a renewal or a write found another runner's.
    const said = stalled.log.slice(logged);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^campaign ${id}: stopped in runner ${stalled.runner.id} without writing more: (another runner has taken the campaign over|its lease ran out before it could be renewed)`));
    await expectDoneOnce(id, [stalled, other]);
    expect(notified([stalled], id)).toEqual([]);
  }, 60_000);

  it('an instance that stops releases its campaign, and another resumes it at once', async () => {
    const id = await newCampaign('Spegnimento');
    const pause = pausedAfterFirstPage();
    const stopping = instance({ afterPage: pause.afterPage });
    // With the default lease of 9 s, resuming at once shows that nothing waits for a lease to run out.
    const other = instance();

    await stopping.runner.start(id);
    await pause.atPause;
    const stopped = stopping.runner.stop();
    pause.release();
    await stopped;
    expect(await leaseOf(id)).toMatchObject({ status: 'RUNNING', runnerId: null, leaseExpiresAt: null });
    expect(stopping.log.at(-1)).toBe(`campaign ${id}: paused as the service stops; another mailings instance, or this one when it starts again, resumes it`);
    expect(await stopping.runner.start(id)).toMatchObject({ status: 'RUNNING', runnerId: null });

    watching.push(other.runner);
    expect(await other.runner.resumeInterrupted()).toBe(1);
    await other.runner.settled(id);
    await expectDoneOnce(id, [stopping, other]);
  }, 60_000);
});

describe('a campaign whose runners keep dying', () => {
  /** As a runner that died while running it leaves it: RUNNING, its lease run out, the runner still named. */
  const diedHolding = (id: string, interruptions: number) =>
    prisma.$executeRaw`UPDATE "Campaign" SET "status" = 'RUNNING', "runnerId" = 'gone/1/00000000', "leaseExpiresAt" = now() - interval '1 second', "interruptions" = ${interruptions} WHERE "id" = ${id}::uuid`;
  const interruptionsOf = async (id: string) => (await prisma.campaign.findUniqueOrThrow({ where: { id }, select: { interruptions: true } })).interruptions;

  it('is resumed, the interruption counted; a campaign released by a runner that stopped cleanly is resumed without counting', async () => {
    const crashed = await newCampaign('Interrotta');
    await diedHolding(crashed, 1);
    const released = await newCampaign('Rilasciata');
    await diedHolding(released, 1);
    await prisma.campaign.update({ where: { id: released }, data: { runnerId: null, leaseExpiresAt: null } });
    const survivor = instance();
    watching.push(survivor.runner);
    expect(await survivor.runner.resumeInterrupted()).toBe(2);
    await Promise.all([survivor.runner.settled(crashed), survivor.runner.settled(released)]);
    expect(await leaseOf(crashed)).toMatchObject({ status: 'COMPLETED' });
    expect(await interruptionsOf(crashed)).toBe(2);
    expect(await interruptionsOf(released)).toBe(1);
  });

  it(`after ${MAX_INTERRUPTIONS} resumes is failed instead of resumed again, with the reason; run again by hand, it starts counting afresh`, async () => {
    const id = await newCampaign('Sempre in crash');
    await diedHolding(id, MAX_INTERRUPTIONS);
    const survivor = instance();
    watching.push(survivor.runner);
    expect(await survivor.runner.resumeInterrupted()).toBe(0);
    expect(await leaseOf(id)).toEqual({ status: 'FAILED', runnerId: null, leaseExpiresAt: null, failure: crashLoopFailure(MAX_INTERRUPTIONS + 1) });
    expect(survivor.log).toEqual([`campaign ${id} (Sempre in crash): failed, not resumed: ${crashLoopFailure(MAX_INTERRUPTIONS + 1)}`]);

    expect((await survivor.runner.start(id))?.status).toBe('RUNNING');
    expect(await interruptionsOf(id)).toBe(0);
    await survivor.runner.settled(id);
    expect(await leaseOf(id)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('an instance started again after a crash', () => {
  /** As a process that died while running it leaves it: RUNNING, held by `runnerId`, its lease a minute from running out. */
  const heldByDead = (id: string, runnerId: string) =>
    prisma.$executeRaw`UPDATE "Campaign" SET "status" = 'RUNNING', "runnerId" = ${runnerId}, "leaseExpiresAt" = now() + interval '1 minute' WHERE "id" = ${id}::uuid`;

  it("takes back at once what its previous process held, leaves another instance's lease alone; with a database of its own it takes both", async () => {
    const own = await newCampaign('Del processo precedente');
    await heldByDead(own, 'host-a:127.0.0.1:4005/1111/aaaaaaaa');
    const others = await newCampaign("D'un'altra istanza");
    await heldByDead(others, 'host-b:127.0.0.1:4005/2222/bbbbbbbb');

    const restarted = instance({ runsAs: { name: 'host-a:127.0.0.1:4005', ownsDatabase: false } });
    watching.push(restarted.runner);
    expect(restarted.runner.id.startsWith('host-a:127.0.0.1:4005/')).toBe(true);
    expect(await restarted.runner.resumeInterrupted()).toBe(1);
    expect(restarted.log[0]).toBe(
      `campaign ${own} (Del processo precedente) was interrupted (its runner host-a:127.0.0.1:4005/1111/aaaaaaaa, this instance's previous process, is gone); resuming it in runner ${restarted.runner.id}`,
    );
    await restarted.runner.settled(own);
    expect(await leaseOf(own)).toMatchObject({ status: 'COMPLETED' });
    expect(await leaseOf(others)).toMatchObject({ status: 'RUNNING', runnerId: 'host-b:127.0.0.1:4005/2222/bbbbbbbb' });

    // PGlite: one process opens the database at a time, so whoever held a campaign is gone.
    const sole = instance({ runsAs: { name: null, ownsDatabase: true } });
    watching.push(sole.runner);
    expect(await sole.runner.resumeInterrupted()).toBe(1);
    await sole.runner.settled(others);
    expect(await leaseOf(others)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe("a job's own account of its lease", () => {
  const thrown = (lease: HeldLease) => {
    try {
      lease.check();
    } catch (error) {
      return error as LeaseEnded;
    }
    return null;
  };

  it('lets the job write until the lease, counted from when the claim or the last renewal was sent, has run out', () => {
    const lease = new HeldLease('c', 30_000, performance.now() - 31_000);
    expect(thrown(lease)).toMatchObject({ because: 'lost', message: 'its lease ran out before it could be renewed (no renewal got through for 30000 ms)' });
    const renewed = new HeldLease('c', 30_000, performance.now() - 31_000);
    renewed.renewed(performance.now() - 1_000);
    expect(thrown(renewed)).toBeNull();
  });

  it('once lost, stays lost, and a loss outweighs a stop', () => {
    const lease = new HeldLease('c', 30_000, performance.now());
    lease.end('the service is stopping', 'stopping');
    expect(thrown(lease)).toMatchObject({ because: 'stopping' });
    lease.end('another runner has taken the campaign over', 'lost');
    lease.renewed(performance.now());
    lease.end('the service is stopping', 'stopping');
    expect(thrown(lease)).toMatchObject({ because: 'lost', message: 'another runner has taken the campaign over' });
  });
});
