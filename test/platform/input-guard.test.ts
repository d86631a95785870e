/**
 * The input guard every subgraph runs before its resolvers: a NUL character or an absurdly long
 * string in any argument is BAD_USER_INPUT naming the argument, never a database error, and a
 * refused mutation writes nothing. Each subgraph runs over a real (empty, migrated) database,
 * PGlite or PostgreSQL, since NUL is what PostgreSQL itself refuses to store or compare.
 */
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import { createSalesPrisma, type SalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { DEFAULT_MAX_STRING_LENGTH, findUnsafeString } from '../../subgraphs/shared/input-guard.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute, type GraphQLResult } from '../support/graphql.js';

const NUL = '\u0000';
const HUGE = 'x'.repeat(1_000_000);

function unsafeIn(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition')!;
  return findUnsafeString(operation, document, variables);
}

describe('findUnsafeString', () => {
  it.each([
    ['an inline literal in an input object', '{ customers(filter: { search: "a\\u0000b" }) { id } }', {}, 'filter.search'],
    ['a variable inside an inline object', 'query ($s: String) { customers(filter: { search: $s }) { id } }', { s: `a${NUL}` }, 'filter.search'],
    ['a field of an object variable', 'query ($f: CustomerFilter) { customers(filter: $f) { id } }', { f: { search: NUL } }, 'filter.search'],
    ['an item of a list variable', 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ id: 'ok' }, { id: NUL }] }, 'representations.1.id'],
    ['a key of an object variable', 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ [`id${NUL}`]: 'x' }] }, `representations.0.id${NUL}`],
    ['a variable’s default', 'query ($id: ID! = "\\u0000") { booking(id: $id) { id } }', {}, 'id'],
    ['a nested field', '{ customer(id: "a") { contractRates(at: "\\u0000") { id } } }', {}, 'at'],
    ['a named fragment', '{ ...F } fragment F on Query { invoiceByNumber(number: "\\u0000") { id } }', {}, 'number'],
    ['an inline fragment', '{ ... on Query { conference(id: "\\u0000") { id } } }', {}, 'id'],
    ['a directive', 'query ($s: String) { a @skip(if: false) @custom(reason: $s) }', { s: NUL }, 'reason'],
  ])('finds NUL in %s and names its argument path', (_label, source, variables, field) => {
    expect(unsafeIn(source, variables)).toEqual({ field, problem: 'must not contain the NUL character (\\u0000)' });
  });

  it('finds a string longer than the limit, before looking for NUL in it', () => {
    expect(unsafeIn('query ($n: String!) { invoiceByNumber(number: $n) { id } }', { n: `${HUGE}${NUL}` })).toEqual({
      field: 'number',
      problem: `must be at most ${DEFAULT_MAX_STRING_LENGTH} characters`,
    });
  });

  it('allows the SdI notification argument alone its own bound (512 KiB), not the same variable elsewhere or a query field of that name', () => {
    const notification = 'x'.repeat(100_000);
    const mutation = 'mutation ($xml: String!) { importSdiNotification(xml: $xml) { state } }';
    expect(unsafeIn(mutation, { xml: notification })).toBeNull();
    expect(unsafeIn('mutation ($xml: String!) { imported: importSdiNotification(xml: $xml) { state } }', { xml: notification })).toBeNull();
    expect(unsafeIn('mutation ($xml: String!) { ...F } fragment F on Mutation { importSdiNotification(xml: $xml) { state } }', { xml: notification })).toBeNull();
    expect(unsafeIn(mutation, { xml: 'x'.repeat(512 * 1024 + 1) })).toEqual({ field: 'xml', problem: 'must be at most 524288 characters' });
    expect(unsafeIn(mutation, { xml: `a${NUL}` })).toEqual({ field: 'xml', problem: 'must not contain the NUL character (\\u0000)' });
    const tooLong = { problem: `must be at most ${DEFAULT_MAX_STRING_LENGTH} characters` };
    expect(unsafeIn('mutation ($xml: String!) { importSdiNotification(xml: $xml) { state } resendEInvoice(id: $xml) { state } }', { xml: notification })).toEqual({ field: 'id', ...tooLong });
    expect(unsafeIn('mutation ($xml: String!) { importSdiNotification(xml: "a") { invoice { lines(xml: $xml) { id } } } }', { xml: notification })).toEqual({ field: 'xml', ...tooLong });
    expect(unsafeIn('query ($xml: String!) { importSdiNotification(xml: $xml) { state } }', { xml: notification })).toEqual({ field: 'xml', ...tooLong });
  });

  it('lets through what is safe, unused variables, other control characters and non-string values', () => {
    const source = 'query ($f: CustomerFilter, $n: Int) { customers(first: $n, filter: $f) { id } customer(id: "a\\tb") { id } }';
    expect(unsafeIn(source, { f: { search: 'Rossi\nS.p.A.', segment: null }, n: 3, unused: NUL })).toBeNull();
    expect(unsafeIn('{ invoiceByNumber(number: "INV-2026-000001") { id } }')).toBeNull();
  });
});

let sales: { database: TestDatabase; prisma: SalesPrisma; server: ReturnType<typeof buildSalesServer> };
let billing: { database: TestDatabase; prisma: BillingPrisma; server: ReturnType<typeof buildBillingServer> };
let bookings: { database: TestDatabase; prisma: BookingsPrisma; server: ReturnType<typeof buildBookingsServer> };
let conferencing: { database: TestDatabase; prisma: ConferencingPrisma; server: ReturnType<typeof buildConferencingServer> };

beforeAll(async () => {
  const [salesDb, billingDb, bookingsDb, conferencingDb] = await Promise.all([
    createTestDatabase('sales'),
    createTestDatabase('billing'),
    createTestDatabase('bookings'),
    createTestDatabase('conferencing'),
  ]);
  const salesPrisma = createSalesPrisma(salesDb.adapter);
  sales = { database: salesDb, prisma: salesPrisma, server: buildSalesServer(salesPrisma) };
  const billingPrisma = createBillingPrisma(billingDb.adapter);
  billing = { database: billingDb, prisma: billingPrisma, server: buildBillingServer(billingPrisma) };
  const bookingsPrisma = createBookingsPrisma(bookingsDb.adapter);
  bookings = {
    database: bookingsDb,
    prisma: bookingsPrisma,
    server: buildBookingsServer(bookingsPrisma, { customers: { standing: async () => 'under-contract' } }),
  };
  const conferencingPrisma = createConferencingPrisma(conferencingDb.adapter);
  conferencing = { database: conferencingDb, prisma: conferencingPrisma, server: buildConferencingServer(conferencingPrisma) };
});

afterAll(async () => {
  for (const subgraph of [sales, billing, bookings, conferencing]) {
    if (!subgraph) continue;
    await subgraph.server.server.stop();
    await subgraph.prisma.$disconnect();
    await subgraph.database.close();
  }
});

function expectRefused(result: GraphQLResult, field: string): void {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.errors![0]!.message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
}

const ENTITIES = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
const SOME_ID = '6f9a7a52-2f4e-4a8a-9d4b-2f0c3f7b9e10';

describe('sales', () => {
  it.each([
    ['filter.search as a variable', 'query ($s: String) { customers(filter: { search: $s }) { edges { node { id } } } }', { s: `Ros${NUL}si` }, 'filter.search'],
    ['filter.search inline', '{ customers(filter: { search: "Ros\\u0000si" }) { edges { node { id } } } }', {}, 'filter.search'],
    ['the after cursor', 'query ($a: String) { customers(after: $a) { edges { node { id } } } }', { a: NUL }, 'after'],
    ['a customer id', 'query ($id: ID!) { customer(id: $id) { id } }', { id: `${SOME_ID}${NUL}` }, 'id'],
    ['a contract id', '{ contract(id: "\\u0000") { id } }', {}, 'id'],
    ['a reference', ENTITIES, { representations: [{ __typename: 'Customer', id: NUL }] }, 'representations.0.id'],
    ['a huge search', 'query ($s: String) { customers(filter: { search: $s }) { edges { node { id } } } }', { s: HUGE }, 'filter.search'],
  ])('refuses NUL or a huge string in %s', async (_label, query, variables, field) => {
    expectRefused(await execute(sales.server, query, variables), field);
  });

  it('refuses NUL in a nested mutation input and writes nothing', async () => {
    const input = {
      legalName: 'Rossi S.p.A.',
      vatNumber: 'IT01234567890',
      segment: 'ENTERPRISE',
      email: 'info@rossi.example',
      address: { street: `Via Roma 1${NUL}`, postalCode: '20100', city: 'Milano', country: 'IT' },
    };
    const result = await execute(sales.server, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', { input });
    expectRefused(result, 'input.address.street');
    expect(await sales.prisma.customer.count()).toBe(0);
  });
});

describe('billing', () => {
  it.each([
    ['an invoice number', 'query ($n: String!) { invoiceByNumber(number: $n) { id } }', { n: `INV-2026-${NUL}` }, 'number'],
    ['an invoice number inline', '{ invoiceByNumber(number: "INV\\u0000") { id } }', {}, 'number'],
    ['a huge invoice number', 'query ($n: String!) { invoiceByNumber(number: $n) { id } }', { n: HUGE }, 'number'],
    ['an invoice id', 'query ($id: ID!) { invoice(id: $id) { id } }', { id: NUL }, 'id'],
    ['a reference', ENTITIES, { representations: [{ __typename: 'Customer', id: SOME_ID }, { __typename: 'Customer', id: `x${NUL}` }] }, 'representations.1.id'],
  ])('refuses NUL or a huge string in %s', async (_label, query, variables, field) => {
    expectRefused(await execute(billing.server, query, variables), field);
  });
});

describe('bookings', () => {
  it.each([
    ['a booking id', 'query ($id: ID!) { booking(id: $id) { id } }', { id: NUL }, 'id'],
    ['a reference', ENTITIES, { representations: [{ __typename: 'Booking', id: NUL }] }, 'representations.0.id'],
    ['a cancelled id', 'mutation { cancelBooking(id: "\\u0000") { id } }', {}, 'id'],
  ])('refuses NUL in %s', async (_label, query, variables, field) => {
    expectRefused(await execute(bookings.server, query, variables), field);
  });

  it('refuses NUL in a mutation input and writes nothing', async () => {
    const input = {
      customerId: SOME_ID,
      title: 'Board meeting',
      organiserName: `Marco${NUL}Rossi`,
      organiserEmail: 'marco.rossi@example.com',
      scheduledStart: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 60,
      expectedParticipants: 5,
    };
    const result = await execute(bookings.server, 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }', { input });
    expectRefused(result, 'input.organiserName');
    expect(await bookings.prisma.booking.count()).toBe(0);
  });
});

describe('conferencing', () => {
  it.each([
    ['a conference id', 'query ($id: ID!) { conference(id: $id) { id } }', { id: `${SOME_ID}${NUL}` }, 'id'],
    ['a reference', ENTITIES, { representations: [{ __typename: 'Booking', id: NUL }] }, 'representations.0.id'],
  ])('refuses NUL in %s', async (_label, query, variables, field) => {
    expectRefused(await execute(conferencing.server, query, variables), field);
  });
});
