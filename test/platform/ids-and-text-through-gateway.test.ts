/**
 * Through the gateway, as a client sees it: an id in upper case finds the same records in every
 * subgraph (bookings' check with sales included), and a NUL character in any argument is
 * BAD_USER_INPUT naming it, answered by the subgraph's guard before its database is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ customers: 3 });
});

afterAll(() => stack?.stop());

const firstCustomer = () => stack.world.sales.customers[0]!;

const CUSTOMER = `
  query ($id: ID!) {
    customer(id: $id) { id legalName currentBilling { calls } invoices { id } bookings { id } }
  }
`;

const BOOK = `
  mutation ($input: CreateBookingInput!) {
    createBooking(input: $input) { id status customer { id legalName } }
  }
`;

function bookingInput(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    title: 'Kick-off',
    organiserName: 'Giulia Bianchi',
    organiserEmail: 'giulia.bianchi@example.it',
    scheduledStart: new Date(stack.clock.now().getTime() + 86_400_000).toISOString(),
    durationMinutes: 30,
    expectedParticipants: 4,
    ...overrides,
  };
}

describe('an upper-case customer id', () => {
  it('finds the same customer, with what billing and bookings add, as the lower-case one', async () => {
    const id = firstCustomer().id!;
    const lower = await stack.query(CUSTOMER, { id });
    const upper = await stack.query(CUSTOMER, { id: id.toUpperCase() });
    expect(lower.errors).toBeUndefined();
    expect(upper.errors).toBeUndefined();
    expect(lower.data?.customer.legalName).toBe(firstCustomer().legalName);
    expect(upper.data?.customer).toEqual(lower.data?.customer);
  });

  it('books: bookings’ check with sales finds the customer', async () => {
    const customer = firstCustomer();
    const result = await stack.query(BOOK, { input: bookingInput(customer.id!.toUpperCase()) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createBooking).toMatchObject({ status: 'CONFIRMED', customer: { id: customer.id, legalName: customer.legalName } });
  });
});

describe('a NUL character', () => {
  it.each([
    ['sales search', 'query ($s: String) { customers(filter: { search: $s }) { edges { node { id } } } }', { s: 'Ro\u0000ssi' }, 'filter.search'],
    ['an invoice number', 'query ($n: String!) { invoiceByNumber(number: $n) { id } }', { n: 'INV\u0000' }, 'number'],
    ['a conference id', 'query ($id: ID!) { conference(id: $id) { id } }', { id: '\u0000' }, 'id'],
  ])('in %s is BAD_USER_INPUT naming the argument', async (_label, query, variables, field) => {
    const result = await stack.query(query, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('in a booking is BAD_USER_INPUT naming the field, and books nothing', async () => {
    const customer = firstCustomer();
    const before = await stack.query(CUSTOMER, { id: customer.id });
    const result = await stack.query(BOOK, { input: bookingInput(customer.id!, { title: 'Kick\u0000off' }) });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const after = await stack.query(CUSTOMER, { id: customer.id });
    expect(after.data?.customer.bookings).toEqual(before.data?.customer.bookings);
  });
});
