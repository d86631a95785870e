/**
 * The billing subgraph in-process (no gateway, no HTTP) over a fresh migrated database, PGlite in
 * memory or PostgreSQL (INTEGRA_TEST_DATABASE=postgres). Every test starts from the same
 * deterministic demo world of 12 customers: last month (October 2026) is closed and invoiced
 * for customer 0, this month (November 2026) is open.
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWorld } from '../../prisma/demo/world.js';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { clockFrom } from '../support/clock.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const world = buildWorld({ customers: 12, now: NOW });
const customerIds = world.sales.customers.map((customer) => customer.id!);
const seededInvoice = world.billing.invoices[0]!;
const seededLines = world.billing.invoiceLines.filter((line) => line.invoiceId === seededInvoice.id);
/** How many lines each of the customer's seeded invoices has. */
const linesOfInvoicesOf = (customerId: string) => {
  const account = world.billing.accounts.find((candidate) => candidate.customerId === customerId)!;
  return world.billing.invoices.filter((invoice) => invoice.accountId === account.id).map((invoice) => world.billing.invoiceLines.filter((line) => line.invoiceId === invoice.id).length);
};

let db: TestDatabase;
let prisma: BillingPrisma;
let subgraph: ReturnType<typeof buildBillingServer>;

const run = (query: string, variables: Record<string, unknown> = {}) => execute(subgraph, query, variables);

async function resetWorld(): Promise<void> {
  // TRUNCATE fires no row triggers, so it can clear issued invoices the triggers protect.
  await prisma.$executeRawUnsafe('TRUNCATE "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount", "DocumentNumberCounter" CASCADE');
  await loadWorldSlice('billing', prisma, world);
}

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
  // Billing's clock runs from the instant the world is laid out around: its open period is current.
  subgraph = buildBillingServer(prisma, { clock: clockFrom(NOW).now });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await db?.close();
});

beforeEach(resetWorld);

const customerRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));

const CURRENT_BILLING = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        currentBilling {
          period { id startsOn endsOn status }
          calls legs billedSeconds billedMinutes lastUsageAt
          chargesToDate { amount currency }
        }
      }
    }
  }
`;

/** The figures of a customer's open period, worked out here from the world's charges. */
function expectedCurrentBilling(customerId: string) {
  const account = world.billing.accounts.find((row) => row.customerId === customerId)!;
  const period = world.billing.periods.find((row) => row.accountId === account.id && row.status === 'OPEN')!;
  const charges = world.billing.charges.filter((charge) => charge.periodId === period.id);
  const billedSeconds = charges.reduce((sum, charge) => sum + charge.billedSeconds, 0);
  // As the invoice will say: one line per service and price, price × billed seconds / 60 (or
  // × calls), each line rounded half-up to cents, then summed.
  const lines = new Map<string, { price: Decimal; unit: string; billedSeconds: number; count: number }>();
  for (const charge of charges) {
    const key = `${charge.service}|${new Decimal(charge.unitPrice.toString()).toFixed(6)}`;
    const line = lines.get(key) ?? { price: new Decimal(charge.unitPrice.toString()), unit: charge.unit, billedSeconds: 0, count: 0 };
    line.billedSeconds += charge.billedSeconds;
    line.count += 1;
    lines.set(key, line);
  }
  const net = [...lines.values()].reduce(
    (sum, line) => sum.plus((line.unit === 'MINUTE' ? line.price.times(line.billedSeconds).dividedBy(60) : line.price.times(line.count)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)),
    new Decimal(0),
  );
  const minuteHundredths = (BigInt(billedSeconds) * 100n * 2n + 60n) / 120n; // billedSeconds / 60, half-up to 2 decimals
  const lastUsage = Math.max(...charges.map((charge) => new Date(charge.occurredAt).getTime()));
  return {
    period: { id: period.id, startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'OPEN' },
    calls: new Set(charges.map((charge) => charge.conferenceId)).size,
    legs: charges.filter((charge) => charge.unit === 'MINUTE').length,
    billedSeconds,
    billedMinutes: `${minuteHundredths / 100n}.${String(minuteHundredths % 100n).padStart(2, '0')}`,
    lastUsageAt: new Date(lastUsage).toISOString(),
    chargesToDate: { amount: net.toFixed(2), currency: 'EUR' },
  };
}

describe('Customer.currentBilling', () => {
  it('gives the figures of the open period worked out from the rated charges', async () => {
    const id = customerIds[0]!;
    const expected = expectedCurrentBilling(id);
    // The world holds one call this month per customer, with 3 to 8 legs.
    expect(expected.calls).toBe(1);
    expect(expected.legs).toBeGreaterThanOrEqual(3);
    const result = await run(CURRENT_BILLING, { representations: customerRefs([id]) });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([{ id, currentBilling: expected }]);
  });

  it('gives each customer its own figures when asked for all of them at once', async () => {
    const result = await run(CURRENT_BILLING, { representations: customerRefs(customerIds) });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual(customerIds.map((id) => ({ id, currentBilling: expectedCurrentBilling(id) })));
  });

  it.each([
    ['a customer billing does not know', randomUUID()],
    ['an id that is not a UUID', 'customer-42'],
  ])('gives zero figures in EUR and no period for %s', async (_label, id) => {
    const result = await run(CURRENT_BILLING, { representations: customerRefs([id]) });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id,
        currentBilling: {
          period: null,
          calls: 0,
          legs: 0,
          billedSeconds: 0,
          billedMinutes: '0.00',
          lastUsageAt: null,
          chargesToDate: { amount: '0.00', currency: 'EUR' },
        },
      },
    ]);
  });

  it('gives zero figures with the open period when the period has no usage yet', async () => {
    const id = customerIds[4]!;
    const account = world.billing.accounts.find((row) => row.customerId === id)!;
    const open = world.billing.periods.find((row) => row.accountId === account.id && row.status === 'OPEN')!;
    await prisma.usageCharge.deleteMany({ where: { periodId: open.id } });
    const result = await run(CURRENT_BILLING, { representations: customerRefs([id]) });
    expect(result.data?._entities[0].currentBilling).toEqual({
      period: expectedCurrentBilling(id).period,
      calls: 0,
      legs: 0,
      billedSeconds: 0,
      billedMinutes: '0.00',
      lastUsageAt: null,
      chargesToDate: { amount: '0.00', currency: 'EUR' },
    });
  });
});

const INVOICE_FIELDS = `
  id number status issuedAt
  customer { id }
  period { startsOn endsOn status }
  lines { position description service quantity unit unitPrice { amount currency } amount { amount currency } }
  netTotal { amount currency }
  taxTotal { amount currency }
  total { amount currency }
`;

interface LineView {
  position: number;
  description: string;
  service: string;
  quantity: string;
  unit: string;
  unitPrice: { amount: string; currency: string };
  amount: { amount: string; currency: string };
}

/** A price as the API writes it: every significant decimal, at least the 2 of EUR. */
function priceString(value: string): string {
  const price = new Decimal(value);
  return price.toFixed(Math.max(2, price.decimalPlaces()));
}

describe('invoices', () => {
  it('reads the issued invoice with its lines; the net total is the sum of the line amounts, the gross adds VAT', async () => {
    const result = await run(`query ($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`, { id: seededInvoice.id });
    expect(result.errors).toBeUndefined();
    const invoice = result.data?.invoice;
    expect(invoice).toMatchObject({
      id: seededInvoice.id,
      number: 'INV-2026-000001',
      status: 'ISSUED',
      issuedAt: '2026-11-03T10:00:00.000Z',
      customer: { id: customerIds[0] },
      period: { startsOn: '2026-10-01', endsOn: '2026-10-31', status: 'CLOSED' },
    });

    const lines = invoice.lines as LineView[];
    expect(seededLines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.position)).toEqual(seededLines.map((_line, index) => index + 1));
    expect(lines).toEqual(
      seededLines.map((line) => ({
        position: line.position,
        description: line.description,
        service: line.service,
        quantity: expect.any(String),
        unit: line.unit,
        unitPrice: { amount: priceString(line.unitPrice.toString()), currency: 'EUR' },
        amount: { amount: new Decimal(line.amount.toString()).toFixed(2), currency: 'EUR' },
      })),
    );
    lines.forEach((line, index) => {
      expect(new Decimal(line.quantity).equals(seededLines[index]!.quantity.toString())).toBe(true);
      expect(line.amount.amount).toMatch(/^\d+\.\d{2}$/);
    });

    const sum = lines.reduce((total, line) => total.plus(line.amount.amount), new Decimal(0));
    expect(invoice.netTotal).toEqual({ amount: sum.toFixed(2), currency: 'EUR' });
    // Gross is net plus VAT at 22%, each line's VAT rounded to the cent.
    expect(new Decimal(invoice.total.amount).equals(sum.plus(invoice.taxTotal.amount))).toBe(true);
    expect(new Decimal(invoice.taxTotal.amount).minus(sum.times('0.22')).abs().lessThanOrEqualTo(new Decimal('0.005').times(lines.length))).toBe(true);
    expect(invoice.total.amount).toBe(new Decimal(seededInvoice.total.toString()).toFixed(2));
    expect(sum.greaterThan(0)).toBe(true);
  });

  it('finds the invoice by its number', async () => {
    const result = await run(`query ($number: String!) { invoiceByNumber(number: $number) { id number total { amount } } }`, {
      number: 'INV-2026-000001',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.invoiceByNumber).toEqual({
      id: seededInvoice.id,
      number: 'INV-2026-000001',
      total: { amount: new Decimal(seededInvoice.total.toString()).toFixed(2) },
    });
  });

  it.each([
    ['an unknown id', 'invoice(id: $key)', randomUUID()],
    ['an id that is not a UUID', 'invoice(id: $key)', 'INV-2026-000001'],
    ['an unknown number', 'invoiceByNumber(number: $key)', 'INV-2026-109999'],
  ])('is null for %s', async (_label, field, key) => {
    const type = field.startsWith('invoice(') ? 'ID!' : 'String!';
    const result = await run(`query ($key: ${type}) { found: ${field} { id } }`, { key });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ found: null });
  });

  it('lists a customer’s invoices, filtered by status', async () => {
    const query = `
      query ($representations: [_Any!]!, $status: InvoiceStatus) {
        _entities(representations: $representations) { ... on Customer { id invoices(status: $status) { id status } } }
      }
    `;
    // Customer 3 is not among the demo's invoiced customers (DEMO_INVOICED_SLOTS).
    const uninvoiced = customerIds[3]!;
    const representations = customerRefs([customerIds[0]!, uninvoiced]);
    const issued = { id: seededInvoice.id, status: 'ISSUED' };
    const byStatus = async (status: string | null) => (await run(query, { representations, status })).data?._entities;

    expect(await byStatus('ISSUED')).toEqual([
      { id: customerIds[0], invoices: [issued] },
      { id: uninvoiced, invoices: [] },
    ]);
    expect(await byStatus('DRAFT')).toEqual([
      { id: customerIds[0], invoices: [] },
      { id: uninvoiced, invoices: [] },
    ]);
    expect(await byStatus(null)).toEqual([
      { id: customerIds[0], invoices: [issued] },
      { id: uninvoiced, invoices: [] },
    ]);

    // Voiding is allowed only once SdI has rejected the invoice's file.
    await prisma.eInvoiceTransmission.updateMany({ where: { invoiceId: seededInvoice.id! }, data: { state: 'REJECTED', rejection: [] } });
    await prisma.invoice.update({ where: { id: seededInvoice.id! }, data: { status: 'VOID' } });
    expect(await byStatus('ISSUED')).toEqual([
      { id: customerIds[0], invoices: [] },
      { id: uninvoiced, invoices: [] },
    ]);
    expect(await byStatus('VOID')).toEqual([
      { id: customerIds[0], invoices: [{ id: seededInvoice.id, status: 'VOID' }] },
      { id: uninvoiced, invoices: [] },
    ]);
  });
});

describe('ids in upper case', () => {
  it('find the invoice through invoice(id:) and an Invoice reference', async () => {
    const id = seededInvoice.id!.toUpperCase();
    const read = await run('query ($id: ID!) { invoice(id: $id) { id number } }', { id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.invoice).toEqual({ id: seededInvoice.id, number: 'INV-2026-000001' });

    const references = await run('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Invoice { id } } }', {
      r: [id, seededInvoice.id!].map((invoiceId) => ({ __typename: 'Invoice', id: invoiceId })),
    });
    expect(references.errors).toBeUndefined();
    expect(references.data?._entities).toEqual([{ id: seededInvoice.id }, { id: seededInvoice.id }]);
  });

  it('find a customer’s account, current figures and invoices through a Customer reference', async () => {
    const customerId = customerIds[0]!;
    const result = await run(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Customer { id billingAccount { id } currentBilling { calls chargesToDate { amount } } invoices { id } }
        }
      }`,
      { representations: customerRefs([customerId.toUpperCase(), customerId]) },
    );
    expect(result.errors).toBeUndefined();
    const [upper, lower] = result.data?._entities as Record<string, any>[];
    const expected = expectedCurrentBilling(customerId);
    expect(lower).toMatchObject({ id: customerId, invoices: [{ id: seededInvoice.id }] });
    expect(lower!.billingAccount).not.toBeNull();
    expect(lower!.currentBilling).toEqual({ calls: expected.calls, chargesToDate: { amount: expected.chargesToDate.amount } });
    expect(upper).toEqual({ ...lower, id: customerId.toUpperCase() });
  });
});

describe('an issued invoice is immutable in the database', () => {
  const id = seededInvoice.id!;
  const snapshot = async () => ({
    invoice: await prisma.invoice.findUniqueOrThrow({ where: { id } }),
    lines: await prisma.invoiceLine.findMany({ where: { invoiceId: id }, orderBy: { position: 'asc' } }),
  });

  it('refuses a change of its total and leaves the row as it was', async () => {
    const before = await snapshot();
    expect(before.invoice.status).toBe('ISSUED');
    await expect(prisma.invoice.update({ where: { id }, data: { total: '0.01' } })).rejects.toThrow(/cannot be changed/);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.invoice.total.toFixed(2)).toBe(new Decimal(seededInvoice.total.toString()).toFixed(2));
  });

  it('refuses a change of its number or issue date', async () => {
    const before = await snapshot();
    await expect(prisma.invoice.update({ where: { id }, data: { number: 'INV-2026-109999' } })).rejects.toThrow(/cannot be changed/);
    await expect(prisma.invoice.update({ where: { id }, data: { issuedAt: NOW } })).rejects.toThrow(/cannot be changed/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a new line, a changed line and a removed line', async () => {
    const before = await snapshot();
    await expect(
      prisma.invoiceLine.create({
        data: {
          invoiceId: id,
          position: 99,
          description: 'Conference recording, 1 call at 2.50 EUR/call',
          service: 'CONFERENCE_RECORDING',
          quantity: '1',
          unit: 'CALL',
          unitPrice: '2.5',
          amount: '2.50',
        },
      }),
    ).rejects.toThrow(/lines of a ISSUED invoice cannot be changed/);
    const firstLine = before.lines[0]!;
    await expect(prisma.invoiceLine.update({ where: { id: firstLine.id }, data: { amount: '0.00' } })).rejects.toThrow(/cannot be changed/);
    await expect(prisma.invoiceLine.delete({ where: { id: firstLine.id } })).rejects.toThrow(/cannot be changed/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to delete it', async () => {
    const before = await snapshot();
    await expect(prisma.invoice.delete({ where: { id } })).rejects.toThrow(/cannot be deleted/);
    expect(await snapshot()).toEqual(before);
  });

  it('allows ISSUED -> VOID once SdI has rejected its file, and nothing after VOID', async () => {
    await expect(prisma.invoice.update({ where: { id }, data: { status: 'VOID' } })).rejects.toThrow(/cannot be voided: its e-invoice file is TO_SEND/);
    await prisma.eInvoiceTransmission.updateMany({ where: { invoiceId: id }, data: { state: 'REJECTED', rejection: [] } });
    const before = await snapshot();
    const voided = await prisma.invoice.update({ where: { id }, data: { status: 'VOID' } });
    expect(voided).toEqual({ ...before.invoice, status: 'VOID' });

    for (const status of ['ISSUED', 'DRAFT'] as const) {
      await expect(prisma.invoice.update({ where: { id }, data: { status } })).rejects.toThrow(/is VOID and cannot be changed/);
    }
    await expect(prisma.invoice.update({ where: { id }, data: { total: '0.01' } })).rejects.toThrow(/is VOID and cannot be changed/);
    await expect(prisma.invoice.delete({ where: { id } })).rejects.toThrow(/is VOID and cannot be deleted/);
    expect(await snapshot()).toEqual({ ...before, invoice: { ...before.invoice, status: 'VOID' } });
  });

  it('refuses ISSUED -> DRAFT, and a VOID that changes anything else at the same time', async () => {
    const before = await snapshot();
    await expect(prisma.invoice.update({ where: { id }, data: { status: 'DRAFT' } })).rejects.toThrow(/is ISSUED and cannot be changed/);
    await expect(prisma.invoice.update({ where: { id }, data: { status: 'VOID', total: '0.00' } })).rejects.toThrow(
      /is ISSUED and cannot be changed/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('lets a DRAFT change freely, lines included', async () => {
    const account = world.billing.accounts[1]!;
    const draft = await prisma.invoice.create({ data: { accountId: account.id!, status: 'DRAFT', currency: 'EUR', total: '0.00' } });
    const line = await prisma.invoiceLine.create({
      data: {
        invoiceId: draft.id,
        position: 1,
        description: 'Conference recording, 1 call at 3.90 EUR/call',
        service: 'CONFERENCE_RECORDING',
        quantity: '1',
        unit: 'CALL',
        unitPrice: '3.9',
        amount: '3.90',
        vatRate: '22',
      },
    });
    const updated = await prisma.invoice.update({ where: { id: draft.id }, data: { netTotal: '3.90', total: '3.90' } });
    expect(updated.total.toFixed(2)).toBe('3.90');
    await prisma.invoiceLine.delete({ where: { id: line.id } });
    await prisma.invoice.delete({ where: { id: draft.id } });
    expect(await prisma.invoice.count()).toBe(world.billing.invoices.length);
  });
});

const BATCH = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        currentBilling { period { startsOn } calls legs billedSeconds billedMinutes lastUsageAt chargesToDate { amount currency } }
        invoices { number lines { amount { amount } } }
      }
    }
  }
`;

describe('batching', () => {
  it('resolves 5 or 12 customers with the same number of SQL statements', async () => {
    const counted = async (ids: string[]) => {
      db.queries.reset();
      const result = await run(BATCH, { representations: customerRefs(ids) });
      const statements = db.queries.total;
      expect(result.errors).toBeUndefined();
      const entities = result.data?._entities as { id: string; currentBilling: { calls: number }; invoices: { lines: unknown[] }[] }[];
      expect(entities.map((entity) => entity.id)).toEqual(ids);
      expect(entities.map((entity) => entity.currentBilling.calls)).toEqual(ids.map(() => 1));
      // Customer 0 (in both batches) has an issued invoice, so the lines loader runs in both.
      expect(entities.map((entity) => entity.invoices.map((invoice) => invoice.lines.length))).toEqual(ids.map(linesOfInvoicesOf));
      return statements;
    };

    const five = await counted(customerIds.slice(0, 5));
    const twelve = await counted(customerIds);
    expect(twelve).toBe(five);
    // One statement per loader, not one per customer.
    expect(five).toBeLessThanOrEqual(6);
  });
});
