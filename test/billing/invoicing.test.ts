/**
 * From rated usage to issued invoices and credit notes, through the billing subgraph in-process
 * with a pinned clock: period closing in the account's time zone, VAT per line, amounts at each
 * currency's minor unit, gap-free numbering under concurrent closes, credit notes, and the trace
 * from an invoice line to its legs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { OUTSIDE_SCOPE_SERVICE, treatmentColumns } from '../../subgraphs/billing/invoicing/vat-treatment.js';
import { closeBillingPeriod } from '../../subgraphs/billing/invoicing/close-period.js';
import { issueCreditNote } from '../../subgraphs/billing/invoicing/credit-notes.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';
import { conferenceEnded, FakeSales, perCallRate, perMinuteRate } from './fixtures.js';

let db: TestDatabase;
let prisma: BillingPrisma;
let sales: FakeSales;
/** The instant every request of the subgraph sees as now. */
let now = new Date('2026-12-02T09:00:00Z');
const subgraph = () => buildBillingServer(prisma, { clock: () => now, recipients: { recipientsOf: (ids) => sales.recipientsOf(ids) } });
let server: ReturnType<typeof buildBillingServer>;

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
  server = subgraph();
});

afterAll(async () => {
  await server?.server.stop();
  await prisma?.$disconnect();
  await db?.close();
});

beforeEach(async () => {
  await prisma.$executeRawUnsafe('TRUNCATE "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount", "DocumentNumberCounter" CASCADE');
  sales = new FakeSales();
  now = new Date('2026-12-02T09:00:00Z');
});

const run = (query: string, variables: Record<string, unknown> = {}) => execute(server, query, variables);

async function deliver(events: IntegrationEvent<ConferenceEnded>[]) {
  const handler = callRecordsHandler({ rates: sales });
  const prepared = await handler.prepare!(events);
  const outcomes = await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  expect([...outcomes.values()]).toEqual(events.map(() => ({ status: 'applied' })));
}

/** A customer with November usage: 3 dial-in legs (200 s at 0.0385/min, 1 s increment) and a recording. */
async function customerWithNovemberUsage({ currency = 'EUR', dialIn = '0.0385', recording = '2.50' } = {}) {
  const { customerId } = sales.addCustomer([
    perMinuteRate('CONFERENCE_DIAL_IN', dialIn, { currency, increment: 1 }),
    perCallRate('CONFERENCE_RECORDING', recording, currency),
  ]);
  await deliver([
    conferenceEnded(
      customerId,
      [
        { joinedAt: '2026-11-05T09:00:00Z', seconds: 61 },
        { joinedAt: '2026-11-05T09:00:10Z', seconds: 119 },
        { joinedAt: '2026-11-05T09:00:20Z', seconds: 20 },
      ],
      { recording: true },
    ),
  ]);
  return customerId;
}

const CLOSE = `
  mutation ($customerId: ID!, $euroExchangeRates: [EuroExchangeRateInput!]) {
    closeBillingPeriod(customerId: $customerId, euroExchangeRates: $euroExchangeRates) {
      closedPeriod { startsOn endsOn status }
      openPeriod { startsOn endsOn status }
      invoice {
        id number status issuedAt
        lines { id position service quantity billedSeconds unitPrice { amount } amount { amount currency } vatRate taxAmount { amount } natura vatLegalReference }
        netTotal { amount currency } taxTotal { amount } total { amount }
      }
    }
  }`;

const CURRENT_BILLING = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Customer { currentBilling { period { startsOn status } chargesToDate { amount currency } } } }
  }`;

/** What the salesperson saw on 20 November, while the period ran; the tests close it afterwards, on 2 December. */
async function seenInNovember(customerId: string) {
  const closingDay = now;
  now = new Date('2026-11-20T10:00:00Z');
  try {
    return await run(CURRENT_BILLING, { representations: [{ __typename: 'Customer', id: customerId }] });
  } finally {
    now = closingDay;
  }
}

describe('closeBillingPeriod', () => {
  it('issues the invoice the salesperson saw as charges to date, with VAT per line, and opens the next period', async () => {
    const customerId = await customerWithNovemberUsage();
    const seen = await seenInNovember(customerId);
    // 0.0385 × 200 s / 60 = 0.128333 → 0.13, plus recording 2.50.
    expect(seen.data?._entities[0].currentBilling).toEqual({ period: { startsOn: '2026-11-01', status: 'OPEN' }, chargesToDate: { amount: '2.63', currency: 'EUR' } });

    const result = await run(CLOSE, { customerId });
    expect(result.errors).toBeUndefined();
    const closing = result.data!.closeBillingPeriod;
    expect(closing.closedPeriod).toEqual({ startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'CLOSED' });
    expect(closing.openPeriod).toEqual({ startsOn: '2026-12-01', endsOn: '2026-12-31', status: 'OPEN' });
    expect(closing.invoice).toMatchObject({
      number: 'INV-2026-000001',
      status: 'ISSUED',
      issuedAt: '2026-12-02T09:00:00.000Z',
      netTotal: { amount: '2.63', currency: 'EUR' },
      // VAT per line: 0.13 × 22% = 0.0286 → 0.03; 2.50 × 22% = 0.55.
      taxTotal: { amount: '0.58' },
      total: { amount: '3.21' },
    });
    expect(closing.invoice.lines.map(({ id: _id, ...line }: { id: string }) => line)).toEqual([
      { position: 1, service: 'CONFERENCE_DIAL_IN', quantity: '3.3333', billedSeconds: 200, unitPrice: { amount: '0.0385' }, amount: { amount: '0.13', currency: 'EUR' }, vatRate: '22.00', taxAmount: { amount: '0.03' }, natura: null, vatLegalReference: null },
      { position: 2, service: 'CONFERENCE_RECORDING', quantity: '1', billedSeconds: 0, unitPrice: { amount: '2.50' }, amount: { amount: '2.50', currency: 'EUR' }, vatRate: '22.00', taxAmount: { amount: '0.55' }, natura: null, vatLegalReference: null },
    ]);
    // The period is closed: currentBilling now shows December, empty.
    const after = await run(CURRENT_BILLING, { representations: [{ __typename: 'Customer', id: customerId }] });
    expect(after.data?._entities[0].currentBilling).toEqual({ period: { startsOn: '2026-12-01', status: 'OPEN' }, chargesToDate: { amount: '0.00', currency: 'EUR' } });
  });

  it('closes a period only after its last day in the account time zone', async () => {
    const customerId = await customerWithNovemberUsage();
    // 23:30 UTC on 30 November is already 1 December in Rome; 22:30 UTC is still 30 November.
    now = new Date('2026-11-30T22:30:00Z');
    const early = await run(CLOSE, { customerId });
    expect(early.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('runs until the end of 2026-11-30 (Europe/Rome)') });
    expect(await prisma.invoice.count()).toBe(0);
    now = new Date('2026-11-30T23:30:00Z');
    expect((await run(CLOSE, { customerId })).data?.closeBillingPeriod.invoice.number).toBe('INV-2026-000001');
  });

  it('opens the period usage after it already fell in, with its charges', async () => {
    const customerId = await customerWithNovemberUsage();
    // 00:30 on 1 December in Rome: December, cut as UPCOMING while November is open.
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-30T23:30:00Z', seconds: 600 }])]);
    const closing = (await run(CLOSE, { customerId })).data!.closeBillingPeriod;
    expect(closing.invoice.netTotal.amount).toBe('2.63');
    expect(closing.openPeriod).toEqual({ startsOn: '2026-12-01', endsOn: '2026-12-31', status: 'OPEN' });
    const december = await run(CURRENT_BILLING, { representations: [{ __typename: 'Customer', id: customerId }] });
    // 600 s × 0.0385 / 60 = 0.385 → 0.39 (half-up).
    expect(december.data?._entities[0].currentBilling.chargesToDate.amount).toBe('0.39');
  });

  it('closes early on a given day: invoices what was used, and the rest of the month opens as the next period', async () => {
    const customerId = await customerWithNovemberUsage();
    now = new Date('2026-11-20T15:00:00Z');
    const EARLY = `mutation ($customerId: ID!, $endsOn: Date) {
      closeBillingPeriod(customerId: $customerId, endsOn: $endsOn) { closedPeriod { startsOn endsOn status } openPeriod { startsOn endsOn status } invoice { number netTotal { amount } } } }`;
    const refusals = [
      { endsOn: '2026-10-31', field: 'endsOn', code: 'BAD_USER_INPUT', says: 'within the open period' },
      { endsOn: '2026-11-21', field: 'endsOn', code: 'BAD_USER_INPUT', says: 'after today (2026-11-20 in Europe/Rome)' },
      { endsOn: '2026-11-04', code: 'CONFLICT', says: 'usage rated on 2026-11-05' },
    ];
    for (const { endsOn, code, field, says } of refusals) {
      const refused = await run(EARLY, { customerId, endsOn });
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code, ...(field ? { field } : {}) }, message: expect.stringContaining(says) });
    }
    expect(await prisma.invoice.count()).toBe(0);

    const closing = (await run(EARLY, { customerId, endsOn: '2026-11-20' })).data!.closeBillingPeriod;
    expect(closing).toEqual({
      closedPeriod: { startsOn: '2026-11-01', endsOn: '2026-11-20', status: 'CLOSED' },
      openPeriod: { startsOn: '2026-11-21', endsOn: '2026-11-30', status: 'OPEN' },
      invoice: { number: 'INV-2026-000001', netTotal: { amount: '2.63' } },
    });
    // A call later the same day is late usage: it lands on the open period, never on the invoice.
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-20T16:00:00Z', seconds: 600 }])]);
    const open = await run(CURRENT_BILLING, { representations: [{ __typename: 'Customer', id: customerId }] });
    expect(open.data?._entities[0].currentBilling).toEqual({ period: { startsOn: '2026-11-21', status: 'OPEN' }, chargesToDate: { amount: '0.39', currency: 'EUR' } });
    // The short period closes at the end of the month as usual, and December follows.
    now = new Date('2026-12-01T09:00:00Z');
    const monthEnd = (await run(EARLY, { customerId })).data!.closeBillingPeriod;
    expect(monthEnd.openPeriod).toEqual({ startsOn: '2026-12-01', endsOn: '2026-12-31', status: 'OPEN' });
    expect(monthEnd.invoice).toEqual({ number: 'INV-2026-000002', netTotal: { amount: '0.39' } });
  });

  it('refuses what it cannot do: unknown customer, bad id, no period over, closing twice', async () => {
    expect((await run(CLOSE, { customerId: crypto.randomUUID() })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await run(CLOSE, { customerId: 'nope' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId' });
    const customerId = await customerWithNovemberUsage();
    await run(CLOSE, { customerId });
    // December runs until 31 December: nothing to close on 2 December.
    expect((await run(CLOSE, { customerId })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await prisma.invoice.count()).toBe(1);
  });

  it.each([
    // 5.5 × 200 / 60 = 18.333… → 18 yen; recording 250; VAT 3.96 → 4 and 55.
    ['JPY', '5.5', '250', { net: '268', tax: '59', total: '327', line: '18' }],
    // → 18.33 EUR + 2.50; VAT 4.0326 → 4.03 and 0.55.
    ['EUR', '5.5', '2.50', { net: '20.83', tax: '4.58', total: '25.41', line: '18.33' }],
    // → 18.333 BHD + 2.500; VAT 4.03326 → 4.033 and 0.550.
    ['BHD', '5.5', '2.5', { net: '20.833', tax: '4.583', total: '25.416', line: '18.333' }],
  ])('rounds lines and totals to the minor unit of %s', async (currency, dialIn, recording, expected) => {
    const customerId = await customerWithNovemberUsage({ currency, dialIn, recording });
    const seen = await seenInNovember(customerId);
    expect(seen.data?._entities[0].currentBilling.chargesToDate).toEqual({ amount: expected.net, currency });
    // Outside the euro, the invoice needs the day's rate (test/billing/currencies.test.ts).
    const euroExchangeRates = currency === 'EUR' ? null : [{ currency, perEuro: '150' }];
    const invoice = (await run(CLOSE, { customerId, euroExchangeRates })).data!.closeBillingPeriod.invoice;
    expect(invoice.lines[0].amount).toEqual({ amount: expected.line, currency });
    expect({ net: invoice.netTotal.amount, tax: invoice.taxTotal.amount, total: invoice.total.amount, line: invoice.lines[0].amount.amount }).toEqual(expected);
    const stored = await prisma.invoice.findFirstOrThrow();
    expect(stored.total.toString()).toBe(expected.total);
  });

  it('keeps an issued line\'s quantity as the draft showed it: whole minutes with their 4 decimals, calls whole', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05', { increment: 1 }), perCallRate('CONFERENCE_RECORDING', '2.50')]);
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-05T09:00:00Z', seconds: 60 }, { joinedAt: '2026-11-05T09:00:10Z', seconds: 60 }], { recording: true })]);
    const invoice = (await run(CLOSE, { customerId })).data!.closeBillingPeriod.invoice;
    // Before, the issued line read "2" (Decimal's toString drops the column's trailing zeros).
    expect(invoice.lines.map((line: { service: string; quantity: string }) => [line.service, line.quantity])).toEqual([
      ['CONFERENCE_DIAL_IN', '2.0000'],
      ['CONFERENCE_RECORDING', '1'],
    ]);
  });

  it('zero-rates a customer outside Italian VAT with its Natura (N2.1) and the law, and uses the account VAT rate otherwise', async () => {
    const reverse = await customerWithNovemberUsage();
    const reduced = await customerWithNovemberUsage();
    await prisma.billingAccount.update({ where: { customerId: reverse }, data: treatmentColumns(OUTSIDE_SCOPE_SERVICE) });
    await prisma.billingAccount.update({ where: { customerId: reduced }, data: { vatRate: '10' } });
    const reverseInvoice = (await run(CLOSE, { customerId: reverse })).data!.closeBillingPeriod.invoice;
    const outsideScope = ['0.00', 'N2.1', 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72'];
    expect(reverseInvoice.lines.map((line: { vatRate: string; natura: string; vatLegalReference: string }) => [line.vatRate, line.natura, line.vatLegalReference])).toEqual([outsideScope, outsideScope]);
    expect({ tax: reverseInvoice.taxTotal.amount, total: reverseInvoice.total.amount }).toEqual({ tax: '0.00', total: '2.63' });
    const reducedInvoice = (await run(CLOSE, { customerId: reduced })).data!.closeBillingPeriod.invoice;
    // 0.13 × 10% = 0.013 → 0.01; 2.50 × 10% = 0.25.
    expect(reducedInvoice.taxTotal.amount).toBe('0.26');
  });

  it('numbers invoices without gaps or duplicates when periods close concurrently', async () => {
    const customers: string[] = [];
    for (let index = 0; index < 8; index += 1) customers.push(await customerWithNovemberUsage());
    // Each customer closed twice at once: one close wins, the other is refused; no number is lost.
    const results = await Promise.all([...customers, ...customers].map((customerId) => run(CLOSE, { customerId })));
    const numbers = results.flatMap((result) => (result.data ? [result.data.closeBillingPeriod.invoice.number as string] : []));
    const refusals = results.flatMap((result) => (result.errors ? [result.errors[0]!.extensions!.code] : []));
    expect(refusals).toEqual(Array(8).fill('CONFLICT'));
    expect(numbers.sort()).toEqual(customers.map((_, index) => `INV-2026-${String(index + 1).padStart(6, '0')}`));
    // The year changes the series: the first invoice issued in 2027 is number 1.
    now = new Date('2027-01-02T09:00:00Z');
    expect((await run(CLOSE, { customerId: customers[0]! })).data?.closeBillingPeriod.invoice).toBeNull();
  });

  it('dates an invoice when it is numbered, so dates never decrease as numbers increase', async () => {
    const [early, late] = [await customerWithNovemberUsage(), await customerWithNovemberUsage()];
    // The business clock moves on while the requests wait: each reading is a second later.
    let ticks = 0;
    const clock = () => new Date(Date.UTC(2026, 11, 2, 9, 0, ticks++));
    // The request that arrived first (09:00) is numbered after the one that arrived at 09:05.
    const results = await Promise.all([
      closeBillingPeriod(prisma, late, new Date('2026-12-02T09:05:00Z'), clock, undefined, sales),
      closeBillingPeriod(prisma, early, new Date('2026-12-02T09:00:00Z'), clock, undefined, sales),
    ]);
    const invoices = results.map((closing) => closing.invoice!).sort((a, b) => a.number!.localeCompare(b.number!));
    expect(invoices.map((invoice) => invoice.number)).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    expect(invoices[0]!.issuedAt!.getTime()).toBeLessThan(invoices[1]!.issuedAt!.getTime());
    // Neither is dated when its request arrived: both were numbered later, on the moving clock.
    expect(invoices.every((invoice) => invoice.issuedAt!.getTime() >= Date.UTC(2026, 11, 2, 9, 0, 0) && invoice.issuedAt!.getTime() < Date.UTC(2026, 11, 2, 9, 1))).toBe(true);
    const credit = await issueCreditNote(prisma, { invoiceId: invoices[0]!.id, reason: 'Test', lines: [{ invoiceLineId: (await prisma.invoiceLine.findFirstOrThrow({ where: { invoiceId: invoices[0]!.id } })).id, amount: '0.01' }] }, clock);
    expect(credit.issuedAt.getTime()).toBeGreaterThan(invoices[1]!.issuedAt!.getTime());
  });

  it('closes every period over by a date in one run (the month-end run), leaving the rest open', async () => {
    const first = await customerWithNovemberUsage();
    const second = await customerWithNovemberUsage();
    const quarterly = await customerWithNovemberUsage();
    await prisma.billingAccount.update({ where: { customerId: quarterly }, data: { periodRule: 'QUARTERLY' } });
    await prisma.billingPeriod.updateMany({ where: { account: { customerId: quarterly } }, data: { startsOn: new Date('2026-10-01'), endsOn: new Date('2026-12-31') } });
    const empty = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]).customerId;
    const emptyAccount = await prisma.billingAccount.create({ data: { customerId: empty, currency: 'EUR', periodRule: 'MONTHLY' } });
    await prisma.billingPeriod.create({ data: { accountId: emptyAccount.id, startsOn: new Date('2026-11-01'), endsOn: new Date('2026-11-30'), status: 'OPEN' } });
    // An account whose charges are in another currency cannot be invoiced: the run says so and goes on.
    const broken = await customerWithNovemberUsage();
    await prisma.$executeRaw`UPDATE "BillingAccount" SET "currency" = 'USD' WHERE "customerId" = ${broken}::uuid`;
    const MONTH_END = `mutation { closeBillingPeriods(endedOn: "2026-11-30") { customer { id } period { endsOn status } status failure closing { closedPeriod { endsOn } invoice { number customer { id } } } } }`;
    const run1 = await run(MONTH_END);
    expect(run1.errors).toBeUndefined();
    type Outcome = { customer: { id: string }; period: { endsOn: string; status: string }; status: string; failure: string | null; closing: { invoice: { number: string; customer: { id: string } } | null } | null };
    const outcomes = new Map((run1.data!.closeBillingPeriods as Outcome[]).map((outcome) => [outcome.customer.id, outcome]));
    expect([...outcomes.keys()].sort()).toEqual([first, second, empty, broken].sort());
    expect([first, second].map((id) => outcomes.get(id)!.status)).toEqual(['INVOICED', 'INVOICED']);
    expect([first, second].map((id) => outcomes.get(id)!.closing!.invoice!.customer.id)).toEqual([first, second]);
    expect([first, second].map((id) => outcomes.get(id)!.closing!.invoice!.number).sort()).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    expect(outcomes.get(empty)).toMatchObject({ status: 'NOTHING_TO_INVOICE', failure: null, period: { status: 'CLOSED' }, closing: { invoice: null } });
    expect(outcomes.get(broken)).toMatchObject({ status: 'FAILED', closing: null, period: { endsOn: '2026-11-30', status: 'OPEN' } });
    expect(outcomes.get(broken)!.failure).toMatch(/USD/);
    // Only the failed account is left over by that date: a second run tries it alone.
    const run2 = (await run(`mutation { closeBillingPeriods(endedOn: "2026-11-30") { customer { id } status } }`)).data?.closeBillingPeriods;
    expect(run2).toEqual([{ customer: { id: broken }, status: 'FAILED' }]);
  });

  it('traces every invoice line to its charges, legs, conference, booking and contract rate', async () => {
    const { customerId, contract } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    const event = conferenceEnded(customerId, [{ joinedAt: '2026-11-05T09:00:00Z', seconds: 60 }, { joinedAt: '2026-11-05T09:00:30Z', seconds: 90 }]);
    await deliver([event]);
    const invoiceId = (await run(CLOSE, { customerId })).data!.closeBillingPeriod.invoice.id;
    const result = await run(
      `query ($id: ID!) { invoice(id: $id) { lines { charges { service seconds billedSeconds unitPrice { amount } amount { amount } legId conference { id } booking { id } rate { id } contract { id } } } } }`,
      { id: invoiceId },
    );
    expect(result.errors).toBeUndefined();
    const rate = contract.rates[0]!;
    expect(result.data?.invoice.lines).toEqual([
      {
        charges: event.payload.legs.map((leg) => ({
          service: 'CONFERENCE_DIAL_IN',
          seconds: leg.seconds,
          // 60 s bills 60 s (0.05); 90 s bills 120 s at the 60 s increment (0.10).
          billedSeconds: leg.seconds === 60 ? 60 : 120,
          unitPrice: { amount: '0.05' },
          amount: { amount: leg.seconds === 60 ? '0.05' : '0.10' },
          legId: leg.legId,
          conference: { id: event.payload.conferenceId },
          booking: { id: event.payload.bookingId },
          rate: { id: rate.id },
          contract: { id: contract.id },
        })),
      },
    ]);
  });
});

const CREDIT = `
  mutation ($input: IssueCreditNoteInput!) {
    issueCreditNote(input: $input) {
      number reason issuedAt invoice { id number total { amount } }
      lines { position description amount { amount } vatRate taxAmount { amount } invoiceLine { position } }
      netTotal { amount currency } taxTotal { amount } total { amount }
    }
  }`;

describe('currentBilling between a period\'s end and its close', () => {
  const FIGURES = `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Customer {
          currentBilling { period { startsOn endsOn status } startsOn endsOn legs calls chargesToDate { amount currency } draftInvoice { netTotal { amount } } }
          billingAwaitingInvoice { period { startsOn endsOn status } startsOn endsOn legs chargesToDate { amount } }
        }
      }
    }`;
  const figuresOf = async (customerId: string) => {
    const result = await run(FIGURES, { representations: [{ __typename: 'Customer', id: customerId }] });
    expect(result.errors).toBeUndefined();
    return result.data!._entities[0] as { currentBilling: any; billingAwaitingInvoice: any };
  };

  it('shows the open period while it runs, and nothing awaiting an invoice', async () => {
    const customerId = await customerWithNovemberUsage();
    now = new Date('2026-11-30T22:59:00Z'); // 23:59 on 30 November in Rome: the period's last minute
    const { currentBilling, billingAwaitingInvoice } = await figuresOf(customerId);
    expect(currentBilling).toMatchObject({ period: { startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'OPEN' }, startsOn: '2026-11-01', endsOn: '2026-11-30', legs: 3, calls: 1 });
    expect(currentBilling.draftInvoice.netTotal.amount).toBe(currentBilling.chargesToDate.amount);
    expect(billingAwaitingInvoice).toBeNull();
  });

  it('shows the period today falls in once the open one is over, and the ended one as awaiting its invoice until it is closed', async () => {
    const customerId = await customerWithNovemberUsage();
    now = new Date('2026-11-20T10:00:00Z');
    const november = (await figuresOf(customerId)).currentBilling;
    expect(november).toMatchObject({ period: { status: 'OPEN' }, chargesToDate: { amount: '2.63' } });
    // 00:30 on 1 December in Rome, still 30 November in UTC: December has begun for the account.
    now = new Date('2026-11-30T23:30:00Z');
    let figures = await figuresOf(customerId);
    expect(figures.currentBilling).toEqual({
      period: null,
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      legs: 0,
      calls: 0,
      chargesToDate: { amount: '0.00', currency: 'EUR' },
      draftInvoice: null,
    });
    expect(figures.billingAwaitingInvoice).toEqual({
      period: { startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'OPEN' },
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      legs: 3,
      chargesToDate: { amount: november.chargesToDate.amount },
    });

    // A call at 00:10 on 1 December lands in December (UPCOMING until November closes), and shows there.
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-30T23:10:00Z', seconds: 60 }])]);
    figures = await figuresOf(customerId);
    expect(figures.currentBilling).toMatchObject({ period: { startsOn: '2026-12-01', status: 'UPCOMING' }, legs: 1, calls: 1, chargesToDate: { amount: '0.04' } });
    expect(figures.currentBilling.draftInvoice.netTotal.amount).toBe('0.04');
    expect(figures.billingAwaitingInvoice).toMatchObject({ legs: 3, chargesToDate: { amount: november.chargesToDate.amount } });

    // The month-end run closes November: December is OPEN and current, nothing awaits an invoice.
    expect((await run(CLOSE, { customerId })).errors).toBeUndefined();
    figures = await figuresOf(customerId);
    expect(figures.currentBilling).toMatchObject({ period: { startsOn: '2026-12-01', status: 'OPEN' }, legs: 1 });
    expect(figures.billingAwaitingInvoice).toBeNull();
  });

  it('after an early close today, shows the open rest of the period, where today\'s calls land', async () => {
    const customerId = await customerWithNovemberUsage();
    now = new Date('2026-11-20T10:00:00Z');
    const closed = await run(`mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId, endsOn: "2026-11-20") { openPeriod { startsOn endsOn } } }`, { customerId });
    expect(closed.data?.closeBillingPeriod.openPeriod).toEqual({ startsOn: '2026-11-21', endsOn: '2026-11-30' });
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-20T10:00:00Z', seconds: 60 }])]);
    const { currentBilling, billingAwaitingInvoice } = await figuresOf(customerId);
    expect(currentBilling).toMatchObject({ period: { startsOn: '2026-11-21', endsOn: '2026-11-30', status: 'OPEN' }, legs: 1 });
    expect(billingAwaitingInvoice).toBeNull();
  });

  it('gives a customer without a billing account empty figures and nothing awaiting an invoice', async () => {
    const { currentBilling, billingAwaitingInvoice } = await figuresOf('3f1b8f0e-8b7a-4a53-9d56-0c2b9a6f7e11');
    expect(currentBilling).toEqual({ period: null, startsOn: null, endsOn: null, legs: 0, calls: 0, chargesToDate: { amount: '0.00', currency: 'EUR' }, draftInvoice: null });
    expect(billingAwaitingInvoice).toBeNull();
  });
});

describe('issueCreditNote', () => {
  async function issuedInvoice() {
    const customerId = await customerWithNovemberUsage();
    return (await run(CLOSE, { customerId })).data!.closeBillingPeriod.invoice as { id: string; lines: { id: string }[] };
  }

  it('credits part of a line with VAT at its rate, in its own series, and leaves the invoice as it was', async () => {
    const invoice = await issuedInvoice();
    const before = await prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { lines: true } });
    const result = await run(CREDIT, { input: { invoiceId: invoice.id, reason: 'Recording failed', lines: [{ invoiceLineId: invoice.lines[1]!.id, amount: '2.50' }] } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.issueCreditNote).toEqual({
      number: 'CN-2026-000001',
      reason: 'Recording failed',
      issuedAt: '2026-12-02T09:00:00.000Z',
      invoice: { id: invoice.id, number: 'INV-2026-000001', total: { amount: '3.21' } },
      lines: [{ position: 1, description: 'Credit on line 2: Conference recording, 1 call at 2.50 EUR/call', amount: { amount: '2.50' }, vatRate: '22.00', taxAmount: { amount: '0.55' }, invoiceLine: { position: 2 } }],
      netTotal: { amount: '2.50', currency: 'EUR' },
      taxTotal: { amount: '0.55' },
      total: { amount: '3.05' },
    });
    expect(await prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { lines: true } })).toEqual(before);
    const second = await run(CREDIT, { input: { invoiceId: invoice.id, reason: 'Goodwill', lines: [{ invoiceLineId: invoice.lines[0]!.id, amount: '0.1' }] } });
    expect(second.data?.issueCreditNote.number).toBe('CN-2026-000002');
    const listed = await run(`query ($id: ID!) { invoice(id: $id) { creditNotes { number } } }`, { id: invoice.id });
    expect(listed.data?.invoice.creditNotes).toEqual([{ number: 'CN-2026-000001' }, { number: 'CN-2026-000002' }]);
  });

  it('refuses more than is left on a line, amounts past the minor unit, foreign lines, and empty input, writing nothing', async () => {
    const invoice = await issuedInvoice();
    const other = await issuedInvoice();
    const line = invoice.lines[1]!.id;
    await run(CREDIT, { input: { invoiceId: invoice.id, reason: 'Partly', lines: [{ invoiceLineId: line, amount: '2.00' }] } });
    const refusals = [
      [{ invoiceId: invoice.id, reason: 'Too much', lines: [{ invoiceLineId: line, amount: '0.51' }] }, 'input.lines.0.amount', /0\.50 EUR of 2\.50/],
      [{ invoiceId: invoice.id, reason: 'Fractions', lines: [{ invoiceLineId: line, amount: '0.001' }] }, 'input.lines.0.amount', /at most 2 decimals/],
      [{ invoiceId: invoice.id, reason: 'Zero', lines: [{ invoiceLineId: line, amount: '0' }] }, 'input.lines.0.amount', /more than zero/],
      [{ invoiceId: invoice.id, reason: 'Negative', lines: [{ invoiceLineId: line, amount: '-1' }] }, 'input.lines.0.amount', /positive decimal/],
      [{ invoiceId: invoice.id, reason: 'Not a number', lines: [{ invoiceLineId: line, amount: 'SrY' }] }, 'input.lines.0.amount', /positive decimal/],
      [{ invoiceId: invoice.id, reason: 'Other invoice', lines: [{ invoiceLineId: other.lines[0]!.id, amount: '0.01' }] }, 'input.lines.0.invoiceLineId', /is not a line of invoice/],
      [{ invoiceId: invoice.id, reason: 'Nothing', lines: [] }, 'input.lines', /at least one line/],
      [{ invoiceId: invoice.id, reason: '', lines: [{ invoiceLineId: line, amount: '0.01' }] }, 'input.reason', /must not be empty/],
    ] as const;
    for (const [input, field, message] of refusals) {
      const result = await run(CREDIT, { input });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field }, message: expect.stringMatching(message) });
    }
    expect((await run(CREDIT, { input: { invoiceId: crypto.randomUUID(), reason: 'Unknown', lines: [{ invoiceLineId: line, amount: '0.01' }] } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await prisma.creditNote.count()).toBe(1);
    expect(await prisma.documentNumberCounter.findUnique({ where: { series_year: { series: 'CN', year: 2026 } } })).toMatchObject({ last: 1 });
  });

  it.skipIf(testDatabaseMode === 'pglite')('numbers concurrent credit notes without gaps and never credits a line twice over', async () => {
    const invoice = await issuedInvoice();
    const line = invoice.lines[1]!.id;
    // Ten credit notes of 0.50 at once on a 2.50 line: five fit, five are refused.
    const results = await Promise.all(Array.from({ length: 10 }, () => run(CREDIT, { input: { invoiceId: invoice.id, reason: 'Split', lines: [{ invoiceLineId: line, amount: '0.50' }] } })));
    const numbers = results.flatMap((result) => (result.data ? [result.data.issueCreditNote.number as string] : []));
    expect(numbers.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `CN-2026-00000${n}`));
    expect(results.filter((result) => result.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT')).toHaveLength(5);
  });
});
