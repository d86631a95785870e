/**
 * The sales subgraph in-process (no gateway, no HTTP) over a fresh migrated database, PGlite in
 * memory or PostgreSQL (INTEGRA_TEST_DATABASE=postgres). Every test starts from the same
 * deterministic demo world of 12 customers laid out around a fixed instant.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { buildWorld, FISCAL_SLOTS } from '../../prisma/demo/world.js';
import { createSalesPrisma, type SalesPrisma } from '../../subgraphs/sales/database.js';
import { MAX_PAGE_SIZE } from '../../subgraphs/sales/pagination.js';
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { withCodiceFiscaleCheckChar, withPartitaIvaCheckDigit } from '../../subgraphs/shared/italian-fiscal-codes.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';

/** The world's calendar: contracts started 2025-09-01, the dial-in price was reviewed on 2026-09-01. */
const NOW = new Date('2026-11-20T10:00:00.000Z');
const CONTRACT_START = '2025-09-01T00:00:00.000Z';
/** The demo contract's first day, 1 September 2025, begins at midnight in Rome (CEST): its first rates apply from then. */
const CONTRACT_FIRST_INSTANT = '2025-08-31T22:00:00.000Z';
const PRICE_REVIEW = '2026-09-01T00:00:00.000Z';

const world = buildWorld({ customers: 12, now: NOW });
const customers = world.sales.customers;
const customerAt = (index: number) => customers[index]!;
const contractOf = (customerId: string) => world.sales.contracts.find((contract) => contract.customerId === customerId)!;
const sortedIds = customers.map((customer) => customer.id!).sort();

let db: TestDatabase;
let prisma: SalesPrisma;
let subgraph: ReturnType<typeof buildSalesServer>;
/** Sales' business clock: running from the instant the world is laid out around, or on a day a test sets (onDay). */
let salesNow: () => Date = clockFrom(NOW).now;

const run = (query: string, variables: Record<string, unknown> = {}) => execute(subgraph, query, variables);

async function resetWorld(): Promise<void> {
  await prisma.$executeRawUnsafe('TRUNCATE "ContractRate", "Contract", "Contact", "Customer" CASCADE');
  await loadWorldSlice('sales', prisma, world);
}

async function rowCounts() {
  return {
    customers: await prisma.customer.count(),
    contacts: await prisma.contact.count(),
    contracts: await prisma.contract.count(),
    rates: await prisma.contractRate.count(),
  };
}

beforeAll(async () => {
  db = await createTestDatabase('sales');
  prisma = createSalesPrisma(db.adapter);
  subgraph = buildSalesServer(prisma, { clock: () => salesNow() });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await db?.close();
});

beforeEach(resetWorld);

function expectBadUserInput(result: Awaited<ReturnType<typeof run>>, field: string): void {
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0]?.extensions?.field).toBe(field);
  expect(result.errors?.[0]?.message.startsWith(`${field}: `)).toBe(true);
  expect(result.data).toBeNull();
}

const CUSTOMER = `
  query ($id: ID!) {
    customer(id: $id) {
      id legalName vatNumber segment email phone createdAt
      address { street postalCode city province country }
      contacts { id fullName role email phone }
      contracts { id number status startsOn endsOn }
    }
  }
`;

describe('customer(id)', () => {
  it('reads a seeded customer with its address, contacts and contract', async () => {
    const seeded = customerAt(4);
    const result = await run(CUSTOMER, { id: seeded.id });
    expect(result.errors).toBeUndefined();
    const contacts = world.sales.contacts
      .filter((contact) => contact.customerId === seeded.id)
      .sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0))
      .map(({ id, fullName, role, email, phone }) => ({ id, fullName, role, email, phone }));
    const contract = contractOf(seeded.id!);
    expect(result.data?.customer).toEqual({
      id: seeded.id,
      legalName: seeded.legalName,
      vatNumber: seeded.vatNumber,
      segment: 'SMALL_BUSINESS',
      email: seeded.email,
      phone: seeded.phone,
      createdAt: CONTRACT_START,
      address: {
        street: seeded.addressStreet,
        postalCode: '50123',
        city: 'Firenze',
        province: 'FI',
        country: 'IT',
      },
      contacts,
      contracts: [{ id: contract.id, number: 'CTR-2025-000005', status: 'ACTIVE', startsOn: '2025-09-01', endsOn: null }],
    });
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['an id that is not a UUID', 'customer-42'],
  ])('is null for %s', async (_label, id) => {
    const result = await run(CUSTOMER, { id });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: null });
  });
});

const CUSTOMERS = `
  query ($first: Int, $after: String, $filter: CustomerFilter) {
    customers(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id legalName segment } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`;

describe('customers', () => {
  it('walks through all 12 customers in id order, a page at a time, without duplicates', async () => {
    const seen: string[] = [];
    const pages: { size: number; hasNextPage: boolean; totalCount: number }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result = await run(CUSTOMERS, { first: 5, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data?.customers;
      const edges = connection.edges as { cursor: string; node: { id: string } }[];
      seen.push(...edges.map((edge) => edge.node.id));
      pages.push({ size: edges.length, hasNextPage: connection.pageInfo.hasNextPage, totalCount: connection.totalCount });
      expect(connection.pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toEqual([
      { size: 5, hasNextPage: true, totalCount: 12 },
      { size: 5, hasNextPage: true, totalCount: 12 },
      { size: 2, hasNextPage: false, totalCount: 12 },
    ]);
    expect(seen).toEqual(sortedIds);
    expect(new Set(seen).size).toBe(12);
  });

  it('gives the default page of 20 (all 12) when first is not given', async () => {
    const result = await run(CUSTOMERS);
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(sortedIds);
    expect(result.data?.customers.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by segment, with a totalCount of the filtered set', async () => {
    const result = await run(CUSTOMERS, { first: 2, filter: { segment: 'PUBLIC_SECTOR' } });
    expect(result.errors).toBeUndefined();
    // Segments go round ENTERPRISE, SMALL_BUSINESS, PUBLIC_SECTOR by customer index.
    const publicSector = [2, 5, 8, 11].map((index) => customerAt(index).id!).sort();
    expect(result.data?.customers.totalCount).toBe(4);
    expect(result.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(publicSector.slice(0, 2));
    expect(result.data?.customers.pageInfo.hasNextPage).toBe(true);
  });

  it('searches the legal name case-insensitively', async () => {
    const target = customerAt(7);
    const fragment = target.legalName.slice(0, 5).toUpperCase();
    const expected = customers
      .filter((customer) => customer.legalName.toLowerCase().includes(fragment.toLowerCase()) || customer.vatNumber?.includes(fragment))
      .map((customer) => customer.id!)
      .sort();
    expect(expected).toContain(target.id);
    const result = await run(CUSTOMERS, { filter: { search: fragment } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(expected);
    expect(result.data?.customers.totalCount).toBe(expected.length);
  });

  it('searches the VAT number, whatever the case of the prefix', async () => {
    const target = customerAt(9);
    const result = await run(CUSTOMERS, { filter: { search: target.vatNumber!.toLowerCase() } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([target.id]);
    expect(result.data?.customers.totalCount).toBe(1);
  });

  it('combines search and segment', async () => {
    const target = customerAt(9); // ENTERPRISE
    const wrongSegment = await run(CUSTOMERS, { filter: { search: target.vatNumber, segment: 'SMALL_BUSINESS' } });
    expect(wrongSegment.data?.customers).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
    const rightSegment = await run(CUSTOMERS, { filter: { search: target.vatNumber, segment: 'ENTERPRISE' } });
    expect(rightSegment.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([target.id]);
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1])('refuses first: %i naming `first`', async (first) => {
    const result = await run(CUSTOMERS, { first });
    expectBadUserInput(result, 'first');
    expect(result.errors?.[0]?.message).toBe(`first: must be between 1 and ${MAX_PAGE_SIZE}`);
  });

  it('documents the same page size limit in the schema as it enforces', () => {
    const schema = readFileSync(new URL('../../subgraphs/sales/schema.graphql', import.meta.url), 'utf8');
    expect(schema).toContain(`\`first\` is 1 to ${MAX_PAGE_SIZE} (default 20)`);
  });

  it('accepts first: MAX_PAGE_SIZE', async () => {
    const result = await run(CUSTOMERS, { first: MAX_PAGE_SIZE });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges).toHaveLength(12);
  });

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['a cursor of something else', Buffer.from(`contract:${randomUUID()}`).toString('base64url')],
    ['a customer cursor without a UUID', Buffer.from('customer:42').toString('base64url')],
  ])('refuses %s as `after`', async (_label, after) => {
    expectBadUserInput(await run(CUSTOMERS, { first: 5, after }), 'after');
  });
});

const CONTRACT_RATES = `
  query ($id: ID!, $at: DateTime) {
    customer(id: $id) {
      contractRates(at: $at) {
        id service unit billingIncrementSeconds effectiveFrom effectiveTo
        unitPrice { amount currency }
        contract { id }
      }
    }
  }
`;

interface RateView {
  id: string;
  service: string;
  unit: string;
  billingIncrementSeconds: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  unitPrice: { amount: string; currency: string };
  contract: { id: string };
}

async function contractRates(customerId: string, at: Date | string): Promise<RateView[]> {
  const result = await run(CONTRACT_RATES, { id: customerId, at: typeof at === 'string' ? at : at.toISOString() });
  expect(result.errors).toBeUndefined();
  return [...(result.data?.customer.contractRates as RateView[])].sort((a, b) => a.service.localeCompare(b.service));
}

const priceOf = (rates: RateView[], service: string) => rates.filter((rate) => rate.service === service).map((rate) => rate.unitPrice.amount);

describe('Customer.contractRates', () => {
  it('at now gives the current prices of the customer’s active contract', async () => {
    const customer = customerAt(0); // ENTERPRISE: 1 s increments
    const contract = contractOf(customer.id!);
    const rates = await contractRates(customer.id!, NOW);
    expect(rates.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        service: 'CONFERENCE_DIAL_IN',
        unit: 'MINUTE',
        billingIncrementSeconds: 1,
        effectiveFrom: PRICE_REVIEW,
        effectiveTo: null,
        unitPrice: { amount: '0.0385', currency: 'EUR' },
        contract: { id: contract.id },
      },
      {
        service: 'CONFERENCE_RECORDING',
        unit: 'CALL',
        billingIncrementSeconds: 1,
        effectiveFrom: CONTRACT_FIRST_INSTANT,
        effectiveTo: null,
        unitPrice: { amount: '2.50', currency: 'EUR' },
        contract: { id: contract.id },
      },
      {
        service: 'CONFERENCE_TOLL_FREE',
        unit: 'MINUTE',
        billingIncrementSeconds: 1,
        effectiveFrom: CONTRACT_FIRST_INSTANT,
        effectiveTo: null,
        unitPrice: { amount: '0.081', currency: 'EUR' },
        contract: { id: contract.id },
      },
    ]);
  });

  it('before the price review gives the older dial-in price', async () => {
    const customer = customerAt(1); // SMALL_BUSINESS: 0.055 before the review, 0.052 after
    const before = await contractRates(customer.id!, '2026-08-15T12:00:00.000Z');
    expect(priceOf(before, 'CONFERENCE_DIAL_IN')).toEqual(['0.055']);
    expect(before.find((rate) => rate.service === 'CONFERENCE_DIAL_IN')).toMatchObject({
      effectiveFrom: CONTRACT_FIRST_INSTANT,
      effectiveTo: PRICE_REVIEW,
      billingIncrementSeconds: 60,
    });
    // effectiveTo is exclusive, effectiveFrom inclusive.
    expect(priceOf(await contractRates(customer.id!, '2026-08-31T23:59:59.999Z'), 'CONFERENCE_DIAL_IN')).toEqual(['0.055']);
    expect(priceOf(await contractRates(customer.id!, PRICE_REVIEW), 'CONFERENCE_DIAL_IN')).toEqual(['0.052']);
    expect(priceOf(await contractRates(customer.id!, NOW), 'CONFERENCE_DIAL_IN')).toEqual(['0.052']);
  });

  it('is empty before the contract starts', async () => {
    expect(await contractRates(customerAt(0).id!, '2025-08-31T21:59:59.999Z')).toEqual([]);
  });

  it('leaves out a DRAFT contract until it is activated', async () => {
    const created = await run(CREATE_CUSTOMER, { input: validCustomerInput() });
    const customerId = created.data?.createCustomer.id as string;
    const contract = await run(CREATE_CONTRACT, {
      input: contractInput(customerId, { startsOn: '2026-01-01', rates: [rateInput({ effectiveFrom: '2026-01-01T00:00:00.000Z' })] }),
    });
    expect(contract.errors).toBeUndefined();
    expect(contract.data?.createContract.status).toBe('DRAFT');

    expect(await contractRates(customerId, NOW)).toEqual([]);

    const activated = await run(ACTIVATE, { id: contract.data?.createContract.id });
    expect(activated.errors).toBeUndefined();
    expect(priceOf(await contractRates(customerId, NOW), 'CONFERENCE_DIAL_IN')).toEqual(['0.03']);
  });

  it('leaves out a contract terminated before `at`, and keeps it on its last day', async () => {
    const customer = customerAt(2);
    const contract = contractOf(customer.id!);
    // Decided in mid-October: a contract cannot be ended in the past.
    const terminated = await onDay('2026-10-15', () => run(TERMINATE, { id: contract.id, endsOn: '2026-10-31' }));
    expect(terminated.errors).toBeUndefined();

    // Its last day is Rome's 31 October, which ends at 2026-11-01T00:00+01:00.
    expect(await contractRates(customer.id!, '2026-10-31T23:59:59.999+01:00')).toHaveLength(3);
    expect(await contractRates(customer.id!, '2026-11-01T00:00:00.000+01:00')).toEqual([]);
    expect(await contractRates(customer.id!, NOW)).toEqual([]);
  });
});

const CUSTOMER_FIELDS = 'id legalName vatNumber segment email phone address { street postalCode city province country }';
const CREATE_CUSTOMER = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;
const UPDATE_CUSTOMER = `mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { ${CUSTOMER_FIELDS} } }`;
const RATE_FIELDS = 'id service unit billingIncrementSeconds effectiveFrom effectiveTo unitPrice { amount currency }';
const CONTRACT_FIELDS = `id number status startsOn endsOn customer { id } rates { ${RATE_FIELDS} }`;
const CREATE_CONTRACT = `mutation ($input: CreateContractInput!) { createContract(input: $input) { ${CONTRACT_FIELDS} } }`;
const ACTIVATE = `mutation ($id: ID!) { activateContract(id: $id) { id status } }`;
const TERMINATE = `mutation ($id: ID!, $endsOn: Date!) { terminateContract(id: $id, endsOn: $endsOn) { id status startsOn endsOn } }`;
const ADD_RATE = `mutation ($contractId: ID!, $input: ContractRateInput!) { addContractRate(contractId: $contractId, input: $input) { ${RATE_FIELDS} contract { id } } }`;
const CONTRACT = `query ($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;

/** Runs `work` with sales' clock on that UTC day. */
async function onDay<T>(day: string, work: () => Promise<T>): Promise<T> {
  const before = salesNow;
  salesNow = () => new Date(`${day}T09:00:00.000Z`);
  try {
    return await work();
  } finally {
    salesNow = before;
  }
}

let customerSequence = 0;

/** A customer of its own, with no contract, so a test's contracts meet no other. */
async function newCustomer(): Promise<string> {
  customerSequence += 1;
  const result = await run(CREATE_CUSTOMER, { input: validCustomerInput({ vatNumber: `IT${withPartitaIvaCheckDigit(`9${String(customerSequence).padStart(9, '0')}`)}` }) });
  expect(result.errors).toBeUndefined();
  return result.data?.createCustomer.id as string;
}

function validCustomerInput(overrides: Record<string, unknown> = {}) {
  return {
    legalName: '  Conferenze Lombarde S.r.l. ',
    vatNumber: 'it 0123 4567 897',
    segment: 'SMALL_BUSINESS',
    email: 'amministrazione@conferenzelombarde.example.it',
    phone: '+39 02 1234567',
    address: { street: 'Via Dante 12', postalCode: '20121', city: 'Milano', province: 'MI', country: 'it' },
    ...overrides,
  };
}

function rateInput(overrides: Record<string, unknown> = {}) {
  return {
    service: 'CONFERENCE_DIAL_IN',
    unitPrice: '0.0300',
    unit: 'MINUTE',
    billingIncrementSeconds: 60,
    currency: 'EUR',
    effectiveFrom: '2026-12-01T00:00:00.000Z',
    effectiveTo: null,
    ...overrides,
  };
}

function contractInput(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, number: 'CTR-TEST-000001', startsOn: '2026-12-01', endsOn: null, rates: [rateInput()], ...overrides };
}

describe('createCustomer', () => {
  it('creates the customer with normalised VAT number and country, and reads it back', async () => {
    const result = await run(CREATE_CUSTOMER, { input: validCustomerInput() });
    expect(result.errors).toBeUndefined();
    const created = result.data?.createCustomer;
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      legalName: 'Conferenze Lombarde S.r.l.',
      vatNumber: 'IT01234567897',
      segment: 'SMALL_BUSINESS',
      email: 'amministrazione@conferenzelombarde.example.it',
      phone: '+39 02 1234567',
      address: { street: 'Via Dante 12', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
    });
    expect(await prisma.customer.count()).toBe(13);
    const read = await run(`query ($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} contacts { id } contracts { id } } }`, { id: created.id });
    expect(read.data?.customer).toEqual({ ...created, contacts: [], contracts: [] });
  });

  it.each([
    ['input.vatNumber', { vatNumber: '01234567890' }],
    ['input.vatNumber', { vatNumber: 'IT' }],
    ['input.email', { email: 'amministrazione.example.it' }],
    ['input.address.country', { address: { street: 'Via Dante 12', postalCode: '20121', city: 'Milano', country: 'Italy' } }],
    ['input.address.country', { address: { street: 'Via Dante 12', postalCode: '20121', city: 'Milano', country: 'ZZ' } }],
    ['input.legalName', { legalName: '' }],
    ['input.legalName', { legalName: '   ' }],
    ['input.phone', { phone: 'call me' }],
  ])('refuses a bad %s (%j) and writes nothing', async (field, override) => {
    const before = await rowCounts();
    expectBadUserInput(await run(CREATE_CUSTOMER, { input: validCustomerInput(override) }), field);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a VAT number that already belongs to a customer, however it is written', async () => {
    const existing = customerAt(3).vatNumber!;
    const spaced = `${existing.slice(0, 2).toLowerCase()} ${existing.slice(2, 7)}.${existing.slice(7)}`;
    const before = await rowCounts();
    const result = await run(CREATE_CUSTOMER, { input: validCustomerInput({ vatNumber: spaced }) });
    expectBadUserInput(result, 'input.vatNumber');
    expect(result.errors?.[0]?.message).toBe(`input.vatNumber: ${existing} already belongs to another customer`);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('updateCustomer', () => {
  it('changes only the fields given', async () => {
    const seeded = customerAt(6);
    const result = await run(UPDATE_CUSTOMER, { id: seeded.id, input: { email: 'fatture@example.it', phone: null } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateCustomer).toMatchObject({
      id: seeded.id,
      legalName: seeded.legalName,
      vatNumber: seeded.vatNumber,
      email: 'fatture@example.it',
      phone: null,
      address: { street: seeded.addressStreet, city: 'Genova', country: 'IT' },
    });
  });

  it('is NOT_FOUND for an unknown id, and changes nothing', async () => {
    const id = randomUUID();
    const result = await run(UPDATE_CUSTOMER, { id, input: { legalName: 'Nessuno S.p.A.' } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer', id });
    expect(await prisma.customer.count({ where: { legalName: 'Nessuno S.p.A.' } })).toBe(0);
  });
});

describe('createContract', () => {
  it('creates a DRAFT contract with its rates; rates that meet end to end do not overlap', async () => {
    const customer = customerAt(1);
    const input = contractInput(customer.id!, {
      rates: [
        rateInput({ effectiveTo: '2027-06-01T00:00:00.000Z' }),
        rateInput({ unitPrice: '0.028125', effectiveFrom: '2027-06-01T00:00:00.000Z' }),
        rateInput({ service: 'CONFERENCE_RECORDING', unit: 'CALL', unitPrice: '3', billingIncrementSeconds: 1 }),
      ],
    });
    const result = await run(CREATE_CONTRACT, { input });
    expect(result.errors).toBeUndefined();
    const contract = result.data?.createContract;
    expect(contract).toMatchObject({
      number: 'CTR-TEST-000001',
      status: 'DRAFT',
      startsOn: '2026-12-01',
      endsOn: null,
      customer: { id: customer.id },
    });
    expect(contract.rates.map(({ id: _id, ...rest }: RateView) => rest)).toEqual([
      {
        service: 'CONFERENCE_DIAL_IN',
        unit: 'MINUTE',
        billingIncrementSeconds: 60,
        effectiveFrom: '2026-12-01T00:00:00.000Z',
        effectiveTo: '2027-06-01T00:00:00.000Z',
        unitPrice: { amount: '0.03', currency: 'EUR' },
      },
      {
        service: 'CONFERENCE_DIAL_IN',
        unit: 'MINUTE',
        billingIncrementSeconds: 60,
        effectiveFrom: '2027-06-01T00:00:00.000Z',
        effectiveTo: null,
        unitPrice: { amount: '0.028125', currency: 'EUR' },
      },
      {
        service: 'CONFERENCE_RECORDING',
        unit: 'CALL',
        billingIncrementSeconds: 1,
        effectiveFrom: '2026-12-01T00:00:00.000Z',
        effectiveTo: null,
        unitPrice: { amount: '3.00', currency: 'EUR' },
      },
    ]);
    const read = await run(CONTRACT, { id: contract.id });
    expect(read.data?.contract).toEqual(contract);
  });

  it('refuses overlapping rates for the same service and writes nothing', async () => {
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, {
      input: contractInput(customerAt(1).id!, {
        rates: [
          rateInput({ effectiveTo: '2027-06-01T00:00:00.000Z' }),
          rateInput({ service: 'CONFERENCE_TOLL_FREE', effectiveFrom: '2027-01-01T00:00:00.000Z' }),
          rateInput({ unitPrice: '0.029', effectiveFrom: '2027-05-31T23:59:59.000Z' }),
        ],
      }),
    });
    expectBadUserInput(result, 'input.rates.2.effectiveFrom');
    expect(result.errors?.[0]?.message).toBe(
      'input.rates.2.effectiveFrom: overlaps rates.0 for CONFERENCE_DIAL_IN; end one before the other starts',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['7 decimals', '0.0000001'],
    ['an exponent', '1e-3'],
    ['a negative price', '-0.01'],
    ['a comma', '0,03'],
  ])('refuses a unitPrice with %s (%s) and writes nothing', async (_label, unitPrice) => {
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, { input: contractInput(customerAt(1).id!, { rates: [rateInput({ unitPrice })] }) });
    expectBadUserInput(result, 'input.rates.0.unitPrice');
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts a unitPrice with exactly 6 decimals', async () => {
    const result = await run(CREATE_CONTRACT, { input: contractInput(customerAt(1).id!, { rates: [rateInput({ unitPrice: '0.000001' })] }) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createContract.rates[0].unitPrice).toEqual({ amount: '0.000001', currency: 'EUR' });
  });

  it('is NOT_FOUND for an unknown customer', async () => {
    const customerId = randomUUID();
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, { input: contractInput(customerId) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer', id: customerId });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a contract number already used', async () => {
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, { input: contractInput(customerAt(1).id!, { number: 'CTR-2025-000001' }) });
    expectBadUserInput(result, 'input.number');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('activateContract and terminateContract', () => {
  async function draftContract(): Promise<string> {
    const result = await run(CREATE_CONTRACT, { input: contractInput(await newCustomer()) });
    expect(result.errors).toBeUndefined();
    return result.data?.createContract.id as string;
  }

  it('activates a DRAFT once; a second activation is a CONFLICT', async () => {
    const id = await draftContract();
    const first = await run(ACTIVATE, { id });
    expect(first.errors).toBeUndefined();
    expect(first.data?.activateContract).toEqual({ id, status: 'ACTIVE' });

    const second = await run(ACTIVATE, { id });
    expect(second.data).toBeNull();
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(second.errors?.[0]?.message).toBe('Contract CTR-TEST-000001 is ACTIVE; only a DRAFT contract can be activated');
    expect((await prisma.contract.findUniqueOrThrow({ where: { id } })).status).toBe('ACTIVE');
  });

  it('is NOT_FOUND for an unknown contract', async () => {
    const id = randomUUID();
    const result = await run(ACTIVATE, { id });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Contract', id });
  });

  it('terminates an ACTIVE contract on the day given', async () => {
    const contract = contractOf(customerAt(5).id!);
    const result = await run(TERMINATE, { id: contract.id, endsOn: '2026-12-31' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.terminateContract).toEqual({ id: contract.id, status: 'TERMINATED', startsOn: '2025-09-01', endsOn: '2026-12-31' });

    const again = await run(TERMINATE, { id: contract.id, endsOn: '2027-01-31' });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const row = await prisma.contract.findUniqueOrThrow({ where: { id: contract.id! } });
    expect(row.endsOn?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });

  it('refuses to terminate a DRAFT (CONFLICT) or before the contract starts (BAD_USER_INPUT)', async () => {
    const draft = await draftContract();
    const terminatedDraft = await run(TERMINATE, { id: draft, endsOn: '2027-01-31' });
    expect(terminatedDraft.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const contract = contractOf(customerAt(5).id!);
    expectBadUserInput(await run(TERMINATE, { id: contract.id, endsOn: '2025-08-31' }), 'endsOn');
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id! } })).status).toBe('ACTIVE');
  });
});

describe('addContractRate', () => {
  const RATES_OF_CONTRACT = `query ($id: ID!) { contract(id: $id) { rates { ${RATE_FIELDS} } } }`;

  it('ends the rate in force at the new rate’s effectiveFrom; contractRates switches at that instant', async () => {
    const customer = customerAt(0);
    const contract = contractOf(customer.id!);
    const from = '2026-12-01T00:00:00.000Z';
    const result = await run(ADD_RATE, {
      contractId: contract.id,
      input: rateInput({ unitPrice: '0.035', billingIncrementSeconds: 1, effectiveFrom: from }),
    });
    expect(result.errors).toBeUndefined();
    const added = result.data?.addContractRate;
    expect(added).toMatchObject({
      service: 'CONFERENCE_DIAL_IN',
      effectiveFrom: from,
      effectiveTo: null,
      unitPrice: { amount: '0.035', currency: 'EUR' },
      contract: { id: contract.id },
    });

    const rates = await run(RATES_OF_CONTRACT, { id: contract.id });
    const dialIn = (rates.data?.contract.rates as RateView[]).filter((rate) => rate.service === 'CONFERENCE_DIAL_IN');
    expect(dialIn.map((rate) => [rate.unitPrice.amount, rate.effectiveFrom, rate.effectiveTo])).toEqual([
      ['0.042', CONTRACT_FIRST_INSTANT, PRICE_REVIEW],
      ['0.0385', PRICE_REVIEW, from],
      ['0.035', from, null],
    ]);
    // The other services are untouched.
    expect((rates.data?.contract.rates as RateView[]).filter((rate) => rate.service !== 'CONFERENCE_DIAL_IN').map((rate) => rate.effectiveTo)).toEqual([
      null,
      null,
    ]);

    const justBefore = await contractRates(customer.id!, '2026-11-30T23:59:59.999Z');
    expect(priceOf(justBefore, 'CONFERENCE_DIAL_IN')).toEqual(['0.0385']);
    const atSwitch = await contractRates(customer.id!, from);
    expect(atSwitch.filter((rate) => rate.service === 'CONFERENCE_DIAL_IN').map((rate) => rate.id)).toEqual([added.id]);
    expect(atSwitch).toHaveLength(3);
  });

  it.each([
    ['before', '2026-08-01T00:00:00.000Z'],
    ['at the same instant as', PRICE_REVIEW],
  ])('refuses a rate starting %s an existing one and changes nothing', async (_label, effectiveFrom) => {
    const contract = contractOf(customerAt(0).id!);
    const before = await prisma.contractRate.findMany({ where: { contractId: contract.id! }, orderBy: { id: 'asc' } });
    const result = await run(ADD_RATE, { contractId: contract.id, input: rateInput({ effectiveFrom }) });
    expectBadUserInput(result, 'input.effectiveFrom');
    expect(await prisma.contractRate.findMany({ where: { contractId: contract.id! }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('refuses to change the rates of a TERMINATED contract', async () => {
    const contract = contractOf(customerAt(0).id!);
    await run(TERMINATE, { id: contract.id, endsOn: '2026-12-31' });
    const before = await prisma.contractRate.count();
    const result = await run(ADD_RATE, { contractId: contract.id, input: rateInput() });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await prisma.contractRate.count()).toBe(before);
  });
});

const CUSTOMER_ENTITIES = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer { id contractRates { id } contacts { id } contracts { rates { id } } }
    }
  }
`;

const customerRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));

describe('batching', () => {
  it('resolves 5 or 50 customers with the same number of SQL statements', async () => {
    const more = buildWorld({ firstCustomer: 12, customers: 38, now: NOW });
    await loadWorldSlice('sales', prisma, more);
    const ids = [...customers, ...more.sales.customers].map((customer) => customer.id!);
    expect(ids).toHaveLength(50);

    const counted = async (refs: string[]) => {
      db.queries.reset();
      const result = await run(CUSTOMER_ENTITIES, { representations: customerRefs(refs) });
      const statements = db.queries.total;
      expect(result.errors).toBeUndefined();
      const entities = result.data?._entities as { id: string; contractRates: unknown[]; contacts: unknown[]; contracts: { rates: unknown[] }[] }[];
      expect(entities.map((entity) => entity.id)).toEqual(refs);
      for (const entity of entities) {
        expect([entity.contractRates.length, entity.contacts.length, entity.contracts.length, entity.contracts[0]?.rates.length]).toEqual([3, 2, 1, 4]);
      }
      return statements;
    };

    const five = await counted(ids.slice(0, 5));
    const fifty = await counted(ids);
    expect(fifty).toBe(five);
    // One statement per loader, not one per customer.
    expect(five).toBeLessThanOrEqual(6);
  });

  it('reads a page of 10 or of 100 customers with their rates in the same two SQL statements', async () => {
    await loadWorldSlice('sales', prisma, buildWorld({ firstCustomer: 12, customers: 88, now: NOW }));
    const PAGE = 'query ($first: Int!) { customers(first: $first) { edges { node { id legalName contractRates { service unitPrice { amount } } } } } }';
    const counted = async (first: number) => {
      db.queries.reset();
      const result = await run(PAGE, { first });
      const statements = db.queries.total;
      expect(result.errors).toBeUndefined();
      const nodes = (result.data?.customers.edges as { node: { contractRates: unknown[] } }[]).map((edge) => edge.node);
      expect(nodes).toHaveLength(first);
      for (const node of nodes) expect(node.contractRates).toHaveLength(3);
      return statements;
    };

    const ten = await counted(10);
    expect(await counted(100)).toBe(ten);
    // The page, then every customer's rates with their contract's customer in one join.
    expect(ten).toBe(2);
  });

  it('reads every customer’s contractRates at one instant per request, even when the clock moves between resolvers', async () => {
    // A clock that ticks a millisecond on every reading: if each customer asked for "now" on
    // its own, every customer would get its own instant and its own rates query.
    let tick = 0;
    const ids = customers.map((customer) => customer.id!);
    db.queries.reset();
    await run(CUSTOMER_ENTITIES, { representations: customerRefs(ids.slice(0, 1)) });
    const one = db.queries.total;

    const before = salesNow;
    salesNow = () => new Date(NOW.getTime() + (tick += 1));
    try {
      db.queries.reset();
      const result = await run(CUSTOMER_ENTITIES, { representations: customerRefs(ids) });
      expect(result.errors).toBeUndefined();
      expect(result.data?._entities.map((entity: { contractRates: unknown[] }) => entity.contractRates.length)).toEqual(ids.map(() => 3));
    } finally {
      salesNow = before;
    }
    expect(tick).toBeGreaterThan(0);
    expect(db.queries.total).toBe(one);
  });

  it('gives null for missing keys, in the order of the keys', async () => {
    const unknown = randomUUID();
    const refs = [customerAt(3).id!, unknown, 'not-a-uuid', customerAt(0).id!, customerAt(3).id!];
    const result = await run(`query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id legalName } } }`, {
      representations: customerRefs(refs),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: customerAt(3).id, legalName: customerAt(3).legalName },
      null,
      null,
      { id: customerAt(0).id, legalName: customerAt(0).legalName },
      { id: customerAt(3).id, legalName: customerAt(3).legalName },
    ]);
  });
});

describe('updateCustomer: what may be cleared and what an empty change does', () => {
  it.each([
    ['legalName', { legalName: null }],
    ['segment', { segment: null }],
    ['email', { email: null }],
    ['address', { address: null }],
  ])('refuses to clear %s (BAD_USER_INPUT) and changes nothing', async (field, input) => {
    const seeded = customerAt(6);
    const before = await prisma.customer.findUniqueOrThrow({ where: { id: seeded.id! } });
    const result = await run(UPDATE_CUSTOMER, { id: seeded.id, input: { ...input, phone: null } });
    expectBadUserInput(result, `input.${field}`);
    expect(result.errors?.[0]?.message).toBe(`input.${field}: cannot be cleared; leave the field out to keep its value`);
    expect(await prisma.customer.findUniqueOrThrow({ where: { id: seeded.id! } })).toEqual(before);
  });

  it('returns the customer unchanged for an empty change', async () => {
    const seeded = customerAt(6);
    const before = await prisma.customer.findUniqueOrThrow({ where: { id: seeded.id! } });
    const result = await run(UPDATE_CUSTOMER, { id: seeded.id, input: {} });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateCustomer).toMatchObject({ id: seeded.id, legalName: seeded.legalName, email: seeded.email, phone: seeded.phone });
    expect(await prisma.customer.findUniqueOrThrow({ where: { id: seeded.id! } })).toEqual(before);
  });

  it('is still NOT_FOUND for an empty change to an unknown id', async () => {
    const id = randomUUID();
    const result = await run(UPDATE_CUSTOMER, { id, input: {} });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer', id });
  });

  it('refuses a country that ISO 3166-1 does not assign (ZZ)', async () => {
    const seeded = customerAt(6);
    const address = { street: 'Via Roma 1', postalCode: '16121', city: 'Genova', country: 'zz' };
    expectBadUserInput(await run(UPDATE_CUSTOMER, { id: seeded.id, input: { address } }), 'input.address.country');
    const accepted = await run(UPDATE_CUSTOMER, { id: seeded.id, input: { address: { ...address, country: 'ch' } } });
    expect(accepted.data?.updateCustomer.address.country).toBe('CH');
  });
});

describe('customers(filter: {search})', () => {
  const named = ['Sconto 100% S.r.l.', 'Sconto 1000 S.r.l.', 'Alfa_Beta S.p.A.', 'AlfaXBeta S.p.A.', 'Back\\slash Ltd', 'Backslash Ltd'];

  async function customersNamed(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const legalName of named) {
      const id = await newCustomer();
      await prisma.customer.update({ where: { id }, data: { legalName } });
      ids.set(id, legalName);
    }
    return ids;
  }

  it.each([
    ['%', ['Sconto 100% S.r.l.']],
    ['100%', ['Sconto 100% S.r.l.']],
    ['_', ['Alfa_Beta S.p.A.']],
    ['a_b', ['Alfa_Beta S.p.A.']],
    ['\\', ['Back\\slash Ltd']],
    ['k\\s', ['Back\\slash Ltd']],
  ])('matches %j literally, not as a wildcard', async (search, expected) => {
    const ids = await customersNamed();
    const result = await run(CUSTOMERS, { filter: { search } });
    expect(result.errors).toBeUndefined();
    const found = (result.data?.customers.edges as { node: { id: string } }[]).map((edge) => ids.get(edge.node.id) ?? edge.node.id);
    expect(found).toEqual(expected);
    expect(result.data?.customers.totalCount).toBe(expected.length);
  });

  it('refuses a search longer than 200 characters, naming filter.search', async () => {
    const result = await run(CUSTOMERS, { filter: { search: 'a'.repeat(201) } });
    expectBadUserInput(result, 'filter.search');
    expect(result.errors?.[0]?.message).toBe('filter.search: must be at most 200 characters');
    const longest = await run(CUSTOMERS, { filter: { search: 'a'.repeat(200) } });
    expect(longest.errors).toBeUndefined();
    expect(longest.data?.customers.totalCount).toBe(0);
  });
});

describe('currencies', () => {
  it.each(['ABC', 'XXX', 'XTS', 'XAU', 'XDR', 'eur'])('refuses %s as a rate currency and writes nothing', async (currency) => {
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, { input: contractInput(await newCustomer(), { rates: [rateInput({ currency })] }) });
    expectBadUserInput(result, 'input.rates.0.currency');
    expect(await rowCounts()).toEqual({ ...before, customers: before.customers + 1 });
  });

  it.each([
    ['JPY', '3', '3'],
    ['BHD', '0.5', '0.500'],
    ['CHF', '0.045', '0.045'],
  ])('accepts %s and shows a price of %s with the minor unit’s digits', async (currency, unitPrice, shown) => {
    const result = await run(CREATE_CONTRACT, { input: contractInput(await newCustomer(), { rates: [rateInput({ currency, unitPrice })] }) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createContract.rates[0].unitPrice).toEqual({ amount: shown, currency });
  });
});

describe('contract rules', () => {

  async function activeContract(overrides: Record<string, unknown> = {}, customerId?: string): Promise<string> {
    const created = await run(CREATE_CONTRACT, { input: contractInput(customerId ?? (await newCustomer()), { number: `CTR-RULE-${randomUUID().slice(0, 8)}`, ...overrides }) });
    expect(created.errors).toBeUndefined();
    const id = created.data?.createContract.id as string;
    expect((await run(ACTIVATE, { id })).errors).toBeUndefined();
    return id;
  }

  it('terminateContract may shorten a contract but not extend it past its last day', async () => {
    const id = await activeContract({ endsOn: '2027-12-31' });
    await onDay('2026-11-20', async () => {
      const extended = await run(TERMINATE, { id, endsOn: '2028-06-30' });
      expectBadUserInput(extended, 'endsOn');
      expect(extended.errors?.[0]?.message).toBe(
        "endsOn: must not be after the contract's current last day (2027-12-31): terminating can only shorten a contract",
      );
      expect((await prisma.contract.findUniqueOrThrow({ where: { id } })).status).toBe('ACTIVE');
      const shortened = await run(TERMINATE, { id, endsOn: '2027-06-30' });
      expect(shortened.errors).toBeUndefined();
      expect(shortened.data?.terminateContract).toMatchObject({ status: 'TERMINATED', endsOn: '2027-06-30' });
    });
  });

  it('terminateContract may end a contract today but not before', async () => {
    const contract = contractOf(customerAt(5).id!);
    await onDay('2026-11-20', async () => {
      const backdated = await run(TERMINATE, { id: contract.id, endsOn: '2026-11-19' });
      expectBadUserInput(backdated, 'endsOn');
      expect(backdated.errors?.[0]?.message).toBe('endsOn: must not be before today (2026-11-20 in Europe/Rome): charges already made stay under the contract');
      expect((await prisma.contract.findUniqueOrThrow({ where: { id: contract.id! } })).status).toBe('ACTIVE');
      const today = await run(TERMINATE, { id: contract.id, endsOn: '2026-11-20' });
      expect(today.errors).toBeUndefined();
    });
  });

  it('refuses a contract whose rates mix currencies, naming the odd rate', async () => {
    const before = await rowCounts();
    const customerId = await newCustomer();
    const result = await run(CREATE_CONTRACT, {
      input: contractInput(customerId, { rates: [rateInput(), rateInput({ service: 'CONFERENCE_TOLL_FREE', currency: 'USD' })] }),
    });
    expectBadUserInput(result, 'input.rates.1.currency');
    expect(result.errors?.[0]?.message).toBe('input.rates.1.currency: must be EUR like rates.0: all the rates of a contract are in one currency');
    expect((await rowCounts()).contracts).toBe(before.contracts);
  });

  it('refuses a rate added in another currency than the contract’s', async () => {
    const contract = contractOf(customerAt(0).id!);
    const before = await prisma.contractRate.count();
    const result = await run(ADD_RATE, { contractId: contract.id, input: rateInput({ currency: 'USD' }) });
    expectBadUserInput(result, 'input.currency');
    expect(result.errors?.[0]?.message).toMatch(/^input\.currency: must be EUR, the currency of the contract's other rates/);
    expect(await prisma.contractRate.count()).toBe(before);
  });

  it.each([
    [
      'after the contract ends',
      { endsOn: '2027-06-30' },
      '2027-07-01T00:00:00.000+02:00',
      'must be before the contract ends (its last day, 2027-06-30 in Europe/Rome, ends at 2027-06-30T22:00:00.000Z)',
    ],
    ['before the contract starts', {}, '2026-11-30T23:59:59.000+01:00', 'must not be before the contract starts (its first day, 2026-12-01 in Europe/Rome, begins at 2026-11-30T23:00:00.000Z)'],
  ])('refuses a rate starting %s', async (_label, contract, effectiveFrom, problem) => {
    const customerId = await newCustomer();
    const created = await run(CREATE_CONTRACT, { input: contractInput(customerId, { ...contract, rates: [rateInput({ effectiveFrom })] }) });
    expectBadUserInput(created, 'input.rates.0.effectiveFrom');
    expect(created.errors?.[0]?.message).toBe(`input.rates.0.effectiveFrom: ${problem}`);

    const id = await activeContract(contract, customerId);
    const before = await prisma.contractRate.count();
    const added = await run(ADD_RATE, { contractId: id, input: rateInput({ service: 'CONFERENCE_RECORDING', unit: 'CALL', effectiveFrom }) });
    expectBadUserInput(added, 'input.effectiveFrom');
    expect(await prisma.contractRate.count()).toBe(before);
  });

  it('accepts a rate starting on the contract’s last day', async () => {
    const id = await activeContract({ endsOn: '2027-06-30' });
    const added = await run(ADD_RATE, { contractId: id, input: rateInput({ effectiveFrom: '2027-06-30T12:00:00.000Z' }) });
    expect(added.errors).toBeUndefined();
  });

  it('refuses to activate a contract that prices a service another contract of the customer already prices', async () => {
    const customer = customerAt(3);
    const existing = contractOf(customer.id!);
    const draft = await run(CREATE_CONTRACT, { input: contractInput(customer.id!) });
    expect(draft.errors).toBeUndefined();
    const result = await run(ACTIVATE, { id: draft.data?.createContract.id });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
      conflictingContractId: existing.id,
      conflictingContractNumber: 'CTR-2025-000004',
      service: 'CONFERENCE_DIAL_IN',
    });
    expect(result.errors?.[0]?.message).toBe(
      'Contract CTR-TEST-000001 cannot be activated: contract CTR-2025-000004 of the same customer already prices CONFERENCE_DIAL_IN for part of that time; end or terminate it first',
    );
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: draft.data?.createContract.id } })).status).toBe('DRAFT');

    // Once the old contract ends the day before the new one starts, both may be in force.
    await onDay('2026-11-20', () => run(TERMINATE, { id: existing.id, endsOn: '2026-11-30' }));
    const activated = await run(ACTIVATE, { id: draft.data?.createContract.id });
    expect(activated.errors).toBeUndefined();
  });

  it('refuses a rate that would make two active contracts of a customer price one service at once', async () => {
    const customerId = await newCustomer();
    const dialIn = await activeContract({}, customerId);
    const recording = await activeContract({ rates: [rateInput({ service: 'CONFERENCE_RECORDING', unit: 'CALL', unitPrice: '2' })] }, customerId);
    const before = await prisma.contractRate.count();
    const result = await run(ADD_RATE, { contractId: recording, input: rateInput({ effectiveFrom: '2027-01-01T00:00:00.000Z' }) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', conflictingContractId: dialIn, service: 'CONFERENCE_DIAL_IN' });
    expect(await prisma.contractRate.count()).toBe(before);
  });

  it.each([
    ['input.startsOn', { startsOn: '1900-01-01' }],
    ['input.startsOn', { startsOn: '2100-01-01' }],
    ['input.endsOn', { endsOn: '9999-12-31' }],
    ['input.rates.0.effectiveTo', { rates: [rateInput({ effectiveTo: '9999-12-31T00:00:00.000Z' })] }],
  ])('refuses a date outside 2000-01-01 to 2099-12-31 (%s)', async (field, overrides) => {
    const before = await rowCounts();
    const result = await run(CREATE_CONTRACT, { input: contractInput(customerAt(1).id!, overrides) });
    expectBadUserInput(result, field);
    expect(result.errors?.[0]?.message).toBe(`${field}: must be between 2000-01-01 and 2099-12-31`);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('contract rates under concurrency', () => {
  function overlappingPairs(rates: { effectiveFrom: Date; effectiveTo: Date | null }[]): number {
    let pairs = 0;
    rates.forEach((a, index) =>
      rates.slice(index + 1).forEach((b) => {
        if (a.effectiveFrom < (b.effectiveTo ?? new Date(8.64e15)) && b.effectiveFrom < (a.effectiveTo ?? new Date(8.64e15))) pairs += 1;
      }),
    );
    return pairs;
  }

  it('ten concurrent addContractRate calls on one contract and service leave no overlapping rates', async () => {
    const contract = contractOf(customerAt(0).id!);
    const starts = Array.from({ length: 10 }, (_, day) => `2026-12-${String(day + 10).padStart(2, '0')}T00:00:00.000Z`);
    const results = await Promise.all(
      starts.map((effectiveFrom, index) =>
        run(ADD_RATE, { contractId: contract.id, input: rateInput({ unitPrice: `0.0${index + 10}`, billingIncrementSeconds: 1, effectiveFrom }) }),
      ),
    );
    for (const result of results) {
      if (result.errors) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(result.errors[0]?.extensions?.code);
      else expect(result.data?.addContractRate.id).toBeTruthy();
    }
    expect(results.filter((result) => !result.errors).length).toBeGreaterThanOrEqual(1);
    const dialIn = await prisma.contractRate.findMany({ where: { contractId: contract.id!, service: 'CONFERENCE_DIAL_IN' }, orderBy: { effectiveFrom: 'asc' } });
    expect(overlappingPairs(dialIn)).toBe(0);
    expect(dialIn.filter((rate) => rate.effectiveTo === null)).toHaveLength(1);
    expect(dialIn).toHaveLength(2 + results.filter((result) => !result.errors).length);
  });

  it('the database itself refuses an overlapping rate written with plain SQL', async () => {
    const contract = contractOf(customerAt(0).id!);
    const insert = prisma.$executeRaw`
      INSERT INTO "ContractRate" ("id", "contractId", "service", "unitPrice", "unit", "billingIncrementSeconds", "currency", "effectiveFrom")
      VALUES (${randomUUID()}::uuid, ${contract.id}::uuid, 'CONFERENCE_DIAL_IN', 0.01, 'MINUTE', 1, 'EUR', '2026-12-01T00:00:00Z')`;
    await expect(insert).rejects.toThrow(/ContractRate_never_overlap/);
    const stretch = prisma.$executeRaw`
      UPDATE "ContractRate" SET "effectiveTo" = NULL WHERE "contractId" = ${contract.id}::uuid AND "effectiveTo" IS NOT NULL`;
    await expect(stretch).rejects.toThrow(/ContractRate_never_overlap/);
  });
});

describe('postal data for letters', () => {
  const POSTAL = `query ($id: ID!) { customer(id: $id) {
    acceptsEmailNotices noticeEmail noticeContact { fullName }
    mailingAddress { recipient attention street street2 postalCode city province country }
    postalAddress { recipient attention street street2 postalCode city province country }
  } }`;
  const UPDATE_POSTAL = `mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id } }`;
  const mailing = { attention: 'c/o Studio Bianchi', street: 'Casella Postale 77', street2: null, postalCode: '20123', city: 'Milano', province: 'MI', country: 'it' };

  it('prints the legal address with the legal name until a mailing address is given, then the mailing address', async () => {
    const customer = customerAt(0);
    const before = await run(POSTAL, { id: customer.id });
    expect(before.data?.customer).toMatchObject({
      acceptsEmailNotices: true,
      noticeEmail: customer.email,
      mailingAddress: null,
      postalAddress: { recipient: customer.legalName, street: customer.addressStreet, country: 'IT' },
    });
    const updated = await run(UPDATE_POSTAL, { id: customer.id, input: { mailingAddress: mailing } });
    expect(updated.errors).toBeUndefined();
    const after = await run(POSTAL, { id: customer.id });
    expect(after.data?.customer.postalAddress).toEqual({ ...mailing, recipient: customer.legalName, country: 'IT' });
    await run(UPDATE_POSTAL, { id: customer.id, input: { mailingAddress: null } });
    expect((await run(POSTAL, { id: customer.id })).data?.customer.mailingAddress).toBeNull();
  });

  it('has no postal address when the legal address does not fit a window envelope (data from before the rules)', async () => {
    const legacy = customerAt(10);
    expect((await run(POSTAL, { id: legacy.id })).data?.customer.postalAddress).toBeNull();
  });

  it.each([
    ['a street line over 40 characters', { street: 'Via Giovanni Battista Pergolesi 1234, scala' }, 'input.mailingAddress.street'],
    ['a city line over 40 characters', { city: 'San Giovanni in Persiceto di Sotto', province: 'BO' }, 'input.mailingAddress.city'],
    ['a postcode over 10 characters', { postalCode: '12345678901' }, 'input.mailingAddress.postalCode'],
    ['a line break', { attention: 'c/o\nBianchi' }, 'input.mailingAddress.attention'],
    ['an unknown country', { country: 'ZZ' }, 'input.mailingAddress.country'],
  ])('refuses a mailing address with %s, and changes nothing', async (_case, change, field) => {
    const customer = customerAt(1);
    const result = await run(UPDATE_POSTAL, { id: customer.id, input: { mailingAddress: { ...mailing, ...change }, acceptsEmailNotices: false } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const row = await prisma.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row).toMatchObject({ mailingStreet: null, acceptsEmailNotices: true });
  });

  it('sends notices to the notice contact, who must be one of the customer\'s own contacts', async () => {
    const customer = customerAt(2);
    const own = world.sales.contacts.find((contact) => contact.customerId === customer.id)!;
    const foreign = world.sales.contacts.find((contact) => contact.customerId === customerAt(3).id)!;
    const refused = await run(UPDATE_POSTAL, { id: customer.id, input: { noticeContactId: foreign.id } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeContactId' });
    expect((await run(UPDATE_POSTAL, { id: customer.id, input: { noticeContactId: own.id, acceptsEmailNotices: false } })).errors).toBeUndefined();
    expect((await run(POSTAL, { id: customer.id })).data?.customer).toMatchObject({ acceptsEmailNotices: false, noticeEmail: own.email, noticeContact: { fullName: own.fullName } });
    // Removing the contact sends notices back to the customer's own address.
    await run(`mutation ($id: ID!) { removeContact(id: $id) { id } }`, { id: own.id });
    expect((await run(POSTAL, { id: customer.id })).data?.customer).toMatchObject({ noticeEmail: customer.email, noticeContact: null });
  });

  it('chooses customers by country, active contract and explicit ids', async () => {
    const ids = (result: Awaited<ReturnType<typeof run>>) => result.data?.customers.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const PAGE = `query ($filter: CustomerFilter) { customers(first: 50, filter: $filter) { totalCount edges { node { id } } } }`;
    const inCountry = (country: string) => customers.filter((customer) => customer.addressCountry === country).map((customer) => customer.id).sort();
    expect(ids(await run(PAGE, { filter: { country: 'it', hasActiveContract: true } }))).toEqual(inCountry('IT'));
    expect(ids(await run(PAGE, { filter: { country: 'DE' } }))).toEqual([customerAt(FISCAL_SLOTS.EU_BUSINESS).id]);
    expect(ids(await run(PAGE, { filter: { country: 'FR' } }))).toEqual([]);
    expect(ids(await run(PAGE, { filter: { hasActiveContract: false } }))).toEqual([]);
    const two = [customerAt(4).id, customerAt(7).id.toUpperCase()];
    expect(ids(await run(PAGE, { filter: { ids: two } }))).toEqual([customerAt(4).id, customerAt(7).id].sort());
    const bad = await run(PAGE, { filter: { ids: ['nope'] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ids.0' });
    expect((await run(PAGE, { filter: { country: 'ZZ' } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.country' });
  });
});

describe('fiscal data for Italian e-invoices', () => {
  const FISCAL = 'id fiscalCategory vatNumber fiscalCode sdiRecipientCode pecAddress eInvoiceReadiness { ready missing }';
  const CREATE_FISCAL = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${FISCAL} } }`;
  const UPDATE_FISCAL = `mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { ${FISCAL} } }`;
  const READ_FISCAL = `query ($id: ID!) { customer(id: $id) { ${FISCAL} } }`;
  const personCode = withCodiceFiscaleCheckChar('RSSMRA80A01H501');
  const berlin = { street: 'Friedrichstraße 10', postalCode: '10117', city: 'Berlin', country: 'DE' };

  async function rowsOf(id: string) {
    return prisma.customer.findUniqueOrThrow({ where: { id } });
  }

  it('gives every customer of the demo world its kind and all an invoice needs', async () => {
    const result = await run(`{ customers(first: 50) { edges { node { ${FISCAL} } } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.customers.edges.map((edge: { node: unknown }) => edge.node) as { fiscalCategory: string; eInvoiceReadiness: unknown }[];
    expect(new Set(nodes.map((node) => node.fiscalCategory))).toEqual(new Set(['ITALIAN_BUSINESS', 'ITALIAN_PUBLIC_BODY', 'EU_BUSINESS', 'NON_EU_BUSINESS']));
    expect(nodes.filter((node) => !(node.eInvoiceReadiness as { ready: boolean }).ready)).toEqual([]);
    const publicBody = customerAt(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY);
    expect(publicBody).toMatchObject({ fiscalCategory: 'ITALIAN_PUBLIC_BODY', sdiRecipientCode: expect.stringMatching(/^[A-Z0-9]{6}$/) });
    expect(contractOf(publicBody.id).cig).toMatch(/^[A-Z0-9]{10}$/);
  });

  it.each([
    ['an Italian business, its category from the VAT prefix', { vatNumber: 'IT 12345678903', sdiRecipientCode: 'm5uxcr1' },
      { fiscalCategory: 'ITALIAN_BUSINESS', vatNumber: 'IT12345678903', sdiRecipientCode: 'M5UXCR1', pecAddress: null }],
    ['an Italian business with a PEC (the code becomes 0000000)', { vatNumber: 'IT12345678903', pecAddress: 'fatture@pec.example.it' },
      { fiscalCategory: 'ITALIAN_BUSINESS', sdiRecipientCode: '0000000', pecAddress: 'fatture@pec.example.it' }],
    ['a public body with only its codice fiscale and office code', { fiscalCategory: 'ITALIAN_PUBLIC_BODY', vatNumber: null, fiscalCode: '80012345676', sdiRecipientCode: 'UFABCD' },
      { fiscalCategory: 'ITALIAN_PUBLIC_BODY', vatNumber: null, fiscalCode: '80012345676', sdiRecipientCode: 'UFABCD' }],
    ['an EU business (XXXXXXX set)', { vatNumber: 'DE123456789', address: berlin },
      { fiscalCategory: 'EU_BUSINESS', vatNumber: 'DE123456789', sdiRecipientCode: 'XXXXXXX' }],
    ['a non-EU business', { vatNumber: 'CHE123456789', address: { ...berlin, city: 'Zürich', postalCode: '8001', country: 'CH' } },
      { fiscalCategory: 'NON_EU_BUSINESS', sdiRecipientCode: 'XXXXXXX' }],
    ['a private person in Italy', { fiscalCategory: 'PRIVATE_PERSON', vatNumber: null, fiscalCode: personCode.toLowerCase() },
      { fiscalCategory: 'PRIVATE_PERSON', vatNumber: null, fiscalCode: personCode, sdiRecipientCode: null }],
  ])('stores %s, ready for an invoice', async (_case, fiscal, expected) => {
    const result = await run(CREATE_FISCAL, { input: validCustomerInput(fiscal) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createCustomer).toMatchObject({ ...expected, eInvoiceReadiness: { ready: true, missing: [] } });
  });

  it.each([
    ['input.vatNumber', 'a partita IVA with a wrong check digit', { vatNumber: 'IT12345678901' }],
    ['input.vatNumber', 'an Italian business without a VAT number', { vatNumber: null }],
    ['input.vatNumber', 'a private person with a VAT number', { fiscalCategory: 'PRIVATE_PERSON' }],
    ['input.vatNumber', 'an EU business with an Italian VAT number', { fiscalCategory: 'EU_BUSINESS' }],
    ['input.vatNumber', 'a non-EU business with an EU VAT number', { fiscalCategory: 'NON_EU_BUSINESS', vatNumber: 'FR12345678901' }],
    ['input.fiscalCode', 'a codice fiscale with a wrong check letter', { fiscalCode: 'RSSMRA80A01H501V' }],
    ['input.fiscalCode', 'a company codice fiscale with a wrong check digit', { fiscalCode: '12345678901' }],
    ['input.fiscalCode', "a company's code for a private person", { fiscalCategory: 'PRIVATE_PERSON', vatNumber: null, fiscalCode: '12345678903' }],
    ['input.sdiRecipientCode', 'a recipient code of 8 characters', { sdiRecipientCode: 'ABCDEFGH' }],
    ['input.sdiRecipientCode', "a business's code of 6 characters", { sdiRecipientCode: 'ABCDEF' }],
    ['input.sdiRecipientCode', "a public body's code of 7 characters", { fiscalCategory: 'ITALIAN_PUBLIC_BODY', sdiRecipientCode: 'ABCDEFG' }],
    ['input.sdiRecipientCode', 'XXXXXXX for a customer in Italy', { sdiRecipientCode: 'XXXXXXX' }],
    ['input.sdiRecipientCode', 'a code with a PEC that is not 0000000', { sdiRecipientCode: 'ABCDEFG', pecAddress: 'fatture@pec.example.it' }],
    ['input.sdiRecipientCode', 'a code other than XXXXXXX abroad', { vatNumber: 'DE123456789', address: berlin, sdiRecipientCode: 'ABCDEFG' }],
    ['input.pecAddress', 'a PEC for a public body', { fiscalCategory: 'ITALIAN_PUBLIC_BODY', pecAddress: 'protocollo@pec.example.it' }],
    ['input.pecAddress', 'a PEC for a customer abroad', { vatNumber: 'DE123456789', address: berlin, pecAddress: 'x@pec.example.de' }],
    ['input.pecAddress', 'a PEC that is no e-mail address', { pecAddress: 'pec' }],
    ['input.legalName', 'a legal name of 81 characters', { legalName: 'A'.repeat(81) }],
    ['input.address.street', 'a street of 61 characters', { address: { street: 'V'.repeat(61), postalCode: '20121', city: 'Milano', country: 'IT' } }],
    ['input.address.city', 'a city of 61 characters', { address: { street: 'Via Roma 1', postalCode: '20121', city: 'M'.repeat(61), country: 'IT' } }],
    ['input.address.city', 'a city outside Latin-1', { address: { street: 'Via Roma 1', postalCode: '20121', city: 'Łódź', country: 'IT' } }],
    ['input.address.postalCode', 'an Italian CAP of 4 digits', { address: { street: 'Via Roma 1', postalCode: '2012', city: 'Milano', country: 'IT' } }],
    ['input.address.postalCode', 'an Italian CAP with a letter', { address: { street: 'Via Roma 1', postalCode: '2012A', city: 'Milano', country: 'IT' } }],
    ['input.address.province', 'an Italian province spelled out', { address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', province: 'Milano', country: 'IT' } }],
  ])('refuses, naming %s, %s, and writes nothing', async (field, _case, fiscal) => {
    const before = await rowCounts();
    const result = await run(CREATE_FISCAL, { input: validCustomerInput({ vatNumber: 'IT12345678903', ...fiscal }) });
    expectBadUserInput(result, field);
    expect(await rowCounts()).toEqual(before);
  });

  it('takes a legal name of 80 Latin-1 characters and names the first character outside Latin-1', async () => {
    const eighty = `Società Àèìòù Straße ${'x'.repeat(59)}`;
    expect(eighty).toHaveLength(80);
    expect((await run(CREATE_FISCAL, { input: validCustomerInput({ vatNumber: 'IT12345678903', legalName: eighty }) })).errors).toBeUndefined();
    const before = await rowCounts();
    const refused = await run(CREATE_FISCAL, { input: validCustomerInput({ vatNumber: 'IT99999999990', legalName: 'Łódź “Import” Sp. z o.o.' }) });
    expectBadUserInput(refused, 'input.legalName');
    expect(refused.errors?.[0]?.message).toBe(
      'input.legalName: must be written in Latin-1 (ISO-8859-1) for Italian e-invoices: "Ł" (U+0141) is not; replace it',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps a foreign postcode as written (the export writes CAP 00000)', async () => {
    const result = await run(`mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { address { postalCode country } } }`, {
      input: validCustomerInput({ vatNumber: 'GB123456789', address: { street: '1 Finsbury Square', postalCode: 'EC2A 1AE', city: 'London', country: 'GB' } }),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createCustomer.address).toEqual({ postalCode: 'EC2A 1AE', country: 'GB' });
  });

  it('updates fiscal data against what is stored: a PEC sets 0000000, a person loses the VAT number, going abroad sets XXXXXXX', async () => {
    const customer = customerAt(0);
    const withPec = await run(UPDATE_FISCAL, { id: customer.id, input: { pecAddress: 'fatture@pec.example.it' } });
    expect(withPec.errors).toBeUndefined();
    expect(withPec.data?.updateCustomer).toMatchObject({ sdiRecipientCode: '0000000', pecAddress: 'fatture@pec.example.it' });

    const stillHasVat = await run(UPDATE_FISCAL, { id: customer.id, input: { fiscalCategory: 'PRIVATE_PERSON', fiscalCode: personCode } });
    expectBadUserInput(stillHasVat, 'input.vatNumber');
    expect(await rowsOf(customer.id)).toMatchObject({ fiscalCategory: 'ITALIAN_BUSINESS', fiscalCode: customer.fiscalCode });

    const person = await run(UPDATE_FISCAL, { id: customer.id, input: { fiscalCategory: 'PRIVATE_PERSON', vatNumber: null, fiscalCode: personCode } });
    expect(person.errors).toBeUndefined();
    expect(person.data?.updateCustomer).toMatchObject({ fiscalCategory: 'PRIVATE_PERSON', vatNumber: null, fiscalCode: personCode, eInvoiceReadiness: { ready: true } });

    const abroad = await run(UPDATE_FISCAL, { id: customer.id, input: { pecAddress: null, address: berlin } });
    expect(abroad.errors).toBeUndefined();
    expect(abroad.data?.updateCustomer).toMatchObject({ sdiRecipientCode: 'XXXXXXX', eInvoiceReadiness: { ready: true } });
  });

  it('refuses an update that breaks a rule, naming the field, and changes nothing', async () => {
    const customer = customerAt(4);
    const stored = await rowsOf(customer.id);
    for (const [field, input] of [
      ['input.legalName', { legalName: 'Ömer 😀 S.r.l.', email: 'nuovo@example.it' }],
      ['input.legalName', { legalName: null }],
      ['input.fiscalCategory', { fiscalCategory: null }],
      ['input.sdiRecipientCode', { sdiRecipientCode: 'ABC', email: 'nuovo@example.it' }],
      ['input.sdiRecipientCode', { fiscalCategory: 'ITALIAN_PUBLIC_BODY', email: 'nuovo@example.it' }],
      ['input.vatNumber', { vatNumber: 'IT12345678901' }],
      ['input.address.postalCode', { address: { street: 'Via Roma 1', postalCode: '123456', city: 'Milano', country: 'IT' } }],
    ] as const) {
      expectBadUserInput(await run(UPDATE_FISCAL, { id: customer.id, input }), field);
      expect(await rowsOf(customer.id)).toEqual(stored);
    }
  });

  it('shows what a customer entered before the rules lacks, and still lets other fields change', async () => {
    const customer = customerAt(5);
    // As the migration leaves a public-sector customer: a public body without its codes.
    await prisma.customer.update({
      where: { id: customer.id },
      data: { fiscalCategory: 'ITALIAN_PUBLIC_BODY', fiscalCode: null, vatNumber: 'IT12345678901', sdiRecipientCode: null, legalName: 'Ente “Storico” di Prova', addressPostalCode: '2012' },
    });
    const read = await run(READ_FISCAL, { id: customer.id });
    expect(read.data?.customer.eInvoiceReadiness).toEqual({
      ready: false,
      missing: ['legalName', 'address.postalCode', 'vatNumber', 'sdiRecipientCode', `contracts.${contractOf(customer.id).number}.cig`],
    });
    const email = await run(UPDATE_FISCAL, { id: customer.id, input: { email: 'protocollo@example.it' } });
    expect(email.errors).toBeUndefined();
  });

  it('needs a CIG (or an exemption) on a contract with a public body, and checks CIG and CUP', async () => {
    const publicBody = customerAt(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY).id;
    const CREATE = `mutation ($input: CreateContractInput!) { createContract(input: $input) { id cig cup cigExempt } }`;
    const before = await rowCounts();
    for (const [field, overrides] of [
      ['input.cig', {}],
      ['input.cig', { cig: 'Z12345678' }],
      ['input.cup', { cig: 'Z123456789', cup: 'J12E1234567890' }],
    ] as const) {
      expectBadUserInput(await run(CREATE, { input: contractInput(publicBody, overrides) }), field);
    }
    expect(await rowCounts()).toEqual(before);
    const withCig = await run(CREATE, { input: contractInput(publicBody, { cig: 'z123456789', cup: 'J12E12345678901' }) });
    expect(withCig.data?.createContract).toMatchObject({ cig: 'Z123456789', cup: 'J12E12345678901', cigExempt: false });
    const exempt = await run(CREATE, { input: contractInput(publicBody, { number: 'CTR-TEST-EXEMPT', cigExempt: true }) });
    expect(exempt.data?.createContract).toMatchObject({ cig: null, cigExempt: true });
  });

  it('updates the CIG and CUP of a contract, keeping a CIG on a public body\'s unless exempt', async () => {
    const UPDATE_CODES = `mutation ($id: ID!, $input: ContractCodesInput!) { updateContractCodes(id: $id, input: $input) { cig cup cigExempt } }`;
    const contract = contractOf(customerAt(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY).id);
    const stored = await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expectBadUserInput(await run(UPDATE_CODES, { id: contract.id, input: { cig: null } }), 'input.cig');
    expectBadUserInput(await run(UPDATE_CODES, { id: contract.id, input: { cup: 'J12', cig: 'Z999999999' } }), 'input.cup');
    expect(await prisma.contract.findUniqueOrThrow({ where: { id: contract.id } })).toEqual(stored);
    const changed = await run(UPDATE_CODES, { id: contract.id, input: { cig: 'Z 999 999 999' } });
    expect(changed.data?.updateContractCodes).toEqual({ cig: 'Z999999999', cup: stored.cup, cigExempt: false });
    const exempt = await run(UPDATE_CODES, { id: contract.id, input: { cig: null, cup: null, cigExempt: true } });
    expect(exempt.data?.updateContractCodes).toEqual({ cig: null, cup: null, cigExempt: true });
    // A business's contract needs none.
    const business = contractOf(customerAt(0).id);
    expect((await run(UPDATE_CODES, { id: business.id, input: { cig: null } })).errors).toBeUndefined();
  });

  it('lets a billing specialist and another service read fiscal data, not a mailing clerk or an operator', async () => {
    const id = customerAt(0).id;
    for (const role of ['billing-specialist', 'service', 'salesperson'] as const) {
      expect((await execute(subgraph, READ_FISCAL, { id }, identityOf('reader', [role]))).errors).toBeUndefined();
    }
    for (const role of ['mailing-clerk', 'conference-operator'] as const) {
      const refused = await execute(subgraph, `query ($id: ID!) { customer(id: $id) { fiscalCode } }`, { id }, identityOf('reader', [role]));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('addContractRate: prices change from now on', () => {
  it('refuses an effectiveFrom before the business clock’s now, and takes now itself', async () => {
    const running = salesNow;
    salesNow = () => NOW;
    onTestFinished(() => {
      salesNow = running;
    });
    const contract = contractOf(customerAt(0).id);
    const before = await prisma.contractRate.findMany({ where: { contractId: contract.id }, orderBy: { id: 'asc' } });
    const past = await run(ADD_RATE, { contractId: contract.id, input: rateInput({ effectiveFrom: '2026-11-20T09:59:59.999Z' }) });
    expectBadUserInput(past, 'input.effectiveFrom');
    expect(past.errors?.[0]?.message).toBe(
      'input.effectiveFrom: must not be before now (2026-11-20T10:00:00.000Z): a new price applies from now on; correct a price already charged with a credit or debit note',
    );
    expect(await prisma.contractRate.findMany({ where: { contractId: contract.id }, orderBy: { id: 'asc' } })).toEqual(before);
    const now = await run(ADD_RATE, { contractId: contract.id, input: rateInput({ effectiveFrom: NOW.toISOString() }) });
    expect(now.errors).toBeUndefined();
  });
});

/** Issue 15: contract days are Rome's days, as billing periods are; rates are instants. */
describe('contract days in the company’s time zone (Europe/Rome)', () => {
  const NEW_YEAR_ROME = '2026-01-01T00:00:00+01:00';

  it('accepts a rate from 2026-01-01T00:00+01:00 on a contract that starts on 2026-01-01, and prices from that instant', async () => {
    const customerId = await newCustomer();
    const created = await onDay('2025-12-15', () =>
      run(CREATE_CONTRACT, { input: contractInput(customerId, { number: 'CTR-NEWYEAR-1', startsOn: '2026-01-01', rates: [rateInput({ effectiveFrom: NEW_YEAR_ROME })] }) }),
    );
    expect(created.errors).toBeUndefined();
    const id = created.data?.createContract.id as string;
    expect((await run(ACTIVATE, { id })).errors).toBeUndefined();
    // A price added before the year starts, from its first instant in Rome.
    const added = await onDay('2025-12-15', () =>
      run(ADD_RATE, { contractId: id, input: rateInput({ service: 'CONFERENCE_RECORDING', unit: 'CALL', unitPrice: '2.00', effectiveFrom: NEW_YEAR_ROME }) }),
    );
    expect(added.errors).toBeUndefined();
    expect(added.data?.addContractRate.effectiveFrom).toBe('2025-12-31T23:00:00.000Z');

    expect(await contractRates(customerId, '2025-12-31T23:59:59.999+01:00')).toEqual([]);
    const firstHalfHour = await contractRates(customerId, '2026-01-01T00:30:00+01:00');
    expect(firstHalfHour.map((rate) => [rate.service, rate.unitPrice.amount])).toEqual([
      ['CONFERENCE_DIAL_IN', '0.03'],
      ['CONFERENCE_RECORDING', '2.00'],
    ]);
  });

  it('still refuses a rate from the last instant of 31 December in Rome, naming the instant the contract begins', async () => {
    const customerId = await newCustomer();
    const result = await run(CREATE_CONTRACT, {
      input: contractInput(customerId, { startsOn: '2026-01-01', rates: [rateInput({ effectiveFrom: '2025-12-31T23:59:59.999+01:00' })] }),
    });
    expectBadUserInput(result, 'input.rates.0.effectiveFrom');
    expect(result.errors?.[0]?.message).toBe(
      'input.rates.0.effectiveFrom: must not be before the contract starts (its first day, 2026-01-01 in Europe/Rome, begins at 2025-12-31T23:00:00.000Z)',
    );
  });

  it('ends a contract on the October DST night after its 25 hours, and tells contracts apart by Rome’s days', async () => {
    const first = await newCustomer();
    const created = await run(CREATE_CONTRACT, {
      input: contractInput(first, { number: 'CTR-DST-1', startsOn: '2026-03-29', endsOn: '2026-10-25', rates: [rateInput({ effectiveFrom: '2026-03-29T00:00:00+01:00' })] }),
    });
    expect(created.errors).toBeUndefined();
    expect((await run(ACTIVATE, { id: created.data?.createContract.id })).errors).toBeUndefined();
    expect(await contractRates(first, '2026-03-28T23:59:59.999+01:00')).toEqual([]);
    expect(await contractRates(first, '2026-03-29T00:00:00+01:00')).toHaveLength(1);
    // 25 October has 25 hours in Rome: the second 02:30 (CET) is still the contract's last day, 23:59 too.
    expect(await contractRates(first, '2026-10-25T02:30:00+01:00')).toHaveLength(1);
    expect(await contractRates(first, '2026-10-25T23:59:59.999+01:00')).toHaveLength(1);
    expect(await contractRates(first, '2026-10-26T00:00:00+01:00')).toEqual([]);
    // The next contract from 26 October prices the same service without overlapping this one.
    const next = await run(CREATE_CONTRACT, {
      input: contractInput(first, { number: 'CTR-DST-2', startsOn: '2026-10-26', rates: [rateInput({ unitPrice: '0.04', effectiveFrom: '2026-10-26T00:00:00+01:00' })] }),
    });
    expect(next.errors).toBeUndefined();
    expect((await run(ACTIVATE, { id: next.data?.createContract.id })).errors).toBeUndefined();
    expect(priceOf(await contractRates(first, '2026-10-26T00:00:00+01:00'), 'CONFERENCE_DIAL_IN')).toEqual(['0.04']);
  });

  it('judges “today” for terminateContract by the Rome day: at 00:30 on 21 November, the 20th is past', async () => {
    const contract = contractOf(customerAt(5).id!);
    const running = salesNow;
    salesNow = () => new Date('2026-11-21T00:30:00+01:00');
    onTestFinished(() => {
      salesNow = running;
    });
    const yesterday = await run(TERMINATE, { id: contract.id, endsOn: '2026-11-20' });
    expectBadUserInput(yesterday, 'endsOn');
    expect(yesterday.errors?.[0]?.message).toBe('endsOn: must not be before today (2026-11-21 in Europe/Rome): charges already made stay under the contract');
    expect((await run(TERMINATE, { id: contract.id, endsOn: '2026-11-21' })).errors).toBeUndefined();
  });
});
