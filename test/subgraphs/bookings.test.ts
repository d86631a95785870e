/**
 * The bookings subgraph in-process over an in-memory PGlite: no gateway, no HTTP. Fixture rows
 * go straight in through Prisma so every test controls exactly what the database holds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import type { Booking } from '../../subgraphs/bookings/generated/prisma/client.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { createTestDatabase } from '../support/databases.js';
import { execute as executeOn } from '../support/graphql.js';
import type { CustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
/** Two calendar years from now (UTC), the booking horizon, plus `days`. */
function horizonPlusDays(days: number): Date {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + 2);
  return new Date(date.getTime() + days * DAY);
}
/** An address of exactly `length` characters (at least 200), valid in form. */
const emailOfLength = (length: number) => `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 197)}.com`;

let database: Database;
let prisma: BookingsPrisma;
let subgraph: ReturnType<typeof buildBookingsServer>;

const execute = (query: string, variables: Record<string, unknown> = {}) => executeOn(subgraph, query, variables);

function insertBooking(overrides: Partial<Booking> = {}): Promise<Booking> {
  return prisma.booking.create({
    data: {
      customerId: randomUUID(),
      title: 'Quarterly review',
      organiserName: 'Giulia Bianchi',
      organiserEmail: 'giulia.bianchi@example.com',
      scheduledStart: inHours(24),
      durationMinutes: 60,
      expectedParticipants: 8,
      status: 'CONFIRMED',
      ...overrides,
    },
  });
}

const BOOKING_FIELDS = `
  id title scheduledStart durationMinutes expectedParticipants status createdAt
  customer { id }
  organiser { name email }
  options { tollFree recording }
`;

const CREATE = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { ${BOOKING_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateBookingInput!) { updateBooking(id: $id, input: $input) { ${BOOKING_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelBooking(id: $id) { id status } }`;
const READ = `query ($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`;
const CUSTOMER_ENTITIES = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Customer { id bookings { id title status } } }
  }
`;
const BOOKING_ENTITIES = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Booking { id title customer { id } } }
  }
`;

function validCreateInput(overrides: Record<string, unknown> = {}) {
  return {
    customerId: randomUUID(),
    title: 'Board meeting',
    organiserName: 'Marco Rossi',
    organiserEmail: 'marco.rossi@example.com',
    scheduledStart: inHours(48).toISOString(),
    durationMinutes: 90,
    expectedParticipants: 12,
    ...overrides,
  };
}

/** Sales' answer, in-process: every customer exists and is under contract but this one. (The e2e tests ask real sales.) */
const UNKNOWN_CUSTOMER = '00000000-0000-4000-8000-00000000dead';
const salesKnows: CustomerDirectory = { standing: async (customerId) => (customerId === UNKNOWN_CUSTOMER ? 'unknown' : 'under-contract') };

beforeAll(async () => {
  database = await createTestDatabase('bookings');
  prisma = createBookingsPrisma(database.adapter);
  subgraph = buildBookingsServer(prisma, { customers: salesKnows });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

beforeEach(async () => {
  await prisma.booking.deleteMany();
});

describe('createBooking', () => {
  it('refuses a customer sales does not know with NOT_FOUND, and books nothing', async () => {
    const before = await prisma.booking.count();
    const result = await execute(CREATE, { input: validCreateInput({ customerId: UNKNOWN_CUSTOMER }) });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer', id: UNKNOWN_CUSTOMER });
    expect(await prisma.booking.count()).toBe(before);
  });

  it('confirms the booking and reads it back as it was given', async () => {
    const input = validCreateInput({ tollFree: true });
    const created = await execute(CREATE, { input });
    expect(created.errors).toBeUndefined();
    const booking = created.data?.createBooking;
    expect(booking).toMatchObject({
      title: 'Board meeting',
      scheduledStart: input.scheduledStart,
      durationMinutes: 90,
      expectedParticipants: 12,
      status: 'CONFIRMED',
      customer: { id: input.customerId },
      organiser: { name: 'Marco Rossi', email: 'marco.rossi@example.com' },
      options: { tollFree: true, recording: false },
    });

    const read = await execute(READ, { id: booking.id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.booking).toEqual(booking);
  });

  it.each([
    ['input.customerId', { customerId: 'customer-42' }],
    ['input.title', { title: '   ' }],
    ['input.title', { title: 'x'.repeat(201) }],
    ['input.organiserName', { organiserName: '' }],
    ['input.organiserEmail', { organiserEmail: 'marco.rossi' }],
    ['input.scheduledStart', { scheduledStart: inHours(-1).toISOString() }],
    ['input.durationMinutes', { durationMinutes: 0 }],
    ['input.durationMinutes', { durationMinutes: 1441 }],
    ['input.expectedParticipants', { expectedParticipants: 0 }],
    ['input.expectedParticipants', { expectedParticipants: 501 }],
    ['input.expectedParticipants', { expectedParticipants: -5 }],
    ['input.organiserEmail', { organiserEmail: emailOfLength(255) }],
    ['input.title', { title: 'Board\nmeeting' }],
    ['input.title', { title: 'Board\tmeeting' }],
    ['input.organiserName', { organiserName: 'Marco\u0085Rossi' }],
    ['input.organiserName', { organiserName: 'Marco \u202Eissor' }],
    ['input.organiserName', { organiserName: '\u2067Marco Rossi\u2069' }],
    ['input.scheduledStart', { scheduledStart: '9999-12-31T09:00:00Z' }],
    ['input.scheduledStart', { scheduledStart: horizonPlusDays(1).toISOString() }],
  ])('refuses a bad %s (%j) and writes nothing', async (field, override) => {
    const before = await prisma.booking.count();
    const result = await execute(CREATE, { input: validCreateInput(override) });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`^${field}: `));
    expect(await prisma.booking.count()).toBe(before);
  });
});

describe('createBooking with a huge text', () => {
  it.each([
    ['input.organiserEmail', { organiserEmail: `${'a'.repeat(1_000_000)}@example.com` }],
    ['input.organiserEmail', { organiserEmail: `${'a'.repeat(5_000)}@example.com` }],
    ['input.title', { title: 'x'.repeat(1_000_000) }],
    ['input.organiserName', { organiserName: 'x'.repeat(5_000) }],
  ])('refuses a huge %s as BAD_USER_INPUT naming it, and writes nothing', async (field, override) => {
    const result = await execute(CREATE, { input: validCreateInput(override) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await prisma.booking.count()).toBe(0);
  });
});

describe('createBooking accepts', () => {
  it.each([
    ['an e-mail address of 254 characters', { organiserEmail: emailOfLength(254) }],
    ['a start just inside the 2-year horizon', { scheduledStart: horizonPlusDays(-1).toISOString() }],
    ['names in any script', { organiserName: 'Ørsted Ærø – محمد عبد الله', title: 'Réunion 会议' }],
  ])('%s', async (_label, override) => {
    const input = validCreateInput(override);
    const result = await execute(CREATE, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createBooking.status).toBe('CONFIRMED');
  });
});

describe('bad numbers in a booking', () => {
  it.each([
    ['durationMinutes', 1.5],
    ['expectedParticipants', 2.5],
    ['durationMinutes', 2 ** 40],
  ])('refuses %s = %s as BAD_USER_INPUT naming it, and writes nothing', async (field, value) => {
    const result = await execute(CREATE, { input: validCreateInput({ [field]: value }) });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(`input.${field}`);
    expect(await prisma.booking.count()).toBe(0);
  });
});

describe('updateBooking', () => {
  it('changes only what the input names; null leaves a field as it is', async () => {
    const booking = await insertBooking();
    const scheduledStart = inHours(72).toISOString();
    const result = await execute(UPDATE, {
      id: booking.id,
      input: { scheduledStart, durationMinutes: 30, title: null, recording: true },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateBooking).toMatchObject({
      title: booking.title,
      scheduledStart,
      durationMinutes: 30,
      expectedParticipants: booking.expectedParticipants,
      options: { tollFree: false, recording: true },
      status: 'CONFIRMED',
    });
  });

  it.each([
    ['input.scheduledStart', { scheduledStart: inHours(-2).toISOString() }],
    ['input.durationMinutes', { durationMinutes: 2000 }],
    ['input.expectedParticipants', { expectedParticipants: -3 }],
    ['input.title', { title: '' }],
  ])('refuses a bad %s (%j) and leaves the booking untouched', async (field, input) => {
    const booking = await insertBooking();
    const result = await execute(UPDATE, { id: booking.id, input });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`^${field}: `));
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).toEqual(booking);
  });

  it.each([
    ['an empty input', {}],
    ['an input of nulls only', { title: null, scheduledStart: null, durationMinutes: null, tollFree: null }],
  ])('returns a CONFIRMED booking unchanged for %s', async (_label, input) => {
    const booking = await insertBooking();
    const result = await execute(UPDATE, { id: booking.id, input });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateBooking).toMatchObject({ id: booking.id, title: booking.title, status: 'CONFIRMED' });
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).toEqual(booking);
  });

  it('returns a booking that is no longer CONFIRMED unchanged when nothing is to change', async () => {
    const booking = await insertBooking({ status: 'CANCELLED' });
    const result = await execute(UPDATE, { id: booking.id, input: {} });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateBooking).toMatchObject({ id: booking.id, status: 'CANCELLED' });
  });

  it('is NOT_FOUND for an empty change of a booking that does not exist', async () => {
    const id = randomUUID();
    const result = await execute(UPDATE, { id, input: {} });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Booking', id });
  });

  it.each([
    ['input.scheduledStart', { scheduledStart: '9999-01-01T00:00:00Z' }],
    ['input.title', { title: 'Board\u0000meeting' }],
    ['input.title', { title: '\u202Etitle' }],
  ])('refuses %s (%j) in a change and leaves the booking untouched', async (field, input) => {
    const booking = await insertBooking();
    const result = await execute(UPDATE, { id: booking.id, input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).toEqual(booking);
  });

  it('refuses to change a booking that is no longer CONFIRMED', async () => {
    const booking = await insertBooking({ status: 'COMPLETED' });
    const result = await execute(UPDATE, { id: booking.id, input: { durationMinutes: 45 } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'COMPLETED' });
    expect(result.errors?.[0]?.message).toBe(
      `Booking ${booking.id} is COMPLETED: its call has taken place (the conference ended on the bridge); only a CONFIRMED booking can be changed; book a new call instead`,
    );
    expect(await prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).toEqual(booking);
  });
});

describe('cancelBooking', () => {
  it('cancels a confirmed booking once; the second attempt is a CONFLICT', async () => {
    const booking = await insertBooking();
    const first = await execute(CANCEL, { id: booking.id });
    expect(first.errors).toBeUndefined();
    expect(first.data?.cancelBooking).toEqual({ id: booking.id, status: 'CANCELLED' });

    const second = await execute(CANCEL, { id: booking.id });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'CANCELLED' });
    expect(second.errors?.[0]?.message).toContain('CANCELLED');
  });
});

describe('unknown ids', () => {
  it('reads as null, whether or not the id could ever exist', async () => {
    for (const id of [randomUUID(), 'booking-1']) {
      const result = await execute(READ, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data?.booking).toBeNull();
    }
  });

  it('is NOT_FOUND for updateBooking and cancelBooking', async () => {
    const id = randomUUID();
    const update = await execute(UPDATE, { id, input: { durationMinutes: 45 } });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Booking', id });
    const cancel = await execute(CANCEL, { id });
    expect(cancel.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Booking', id });
  });

  it('is BAD_USER_INPUT naming the id when it is not an id at all', async () => {
    const result = await execute(CANCEL, { id: 'booking-1' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('reference resolution', () => {
  it('gives each customer its bookings, newest first, empty for a customer without any, in key order', async () => {
    const [alpha, beta, nobody] = [randomUUID(), randomUUID(), randomUUID()];
    const older = await insertBooking({ customerId: alpha, title: 'older', scheduledStart: inHours(10) });
    const newer = await insertBooking({ customerId: alpha, title: 'newer', scheduledStart: inHours(20) });
    const betas = await insertBooking({ customerId: beta, title: 'beta', status: 'CANCELLED' });

    const result = await execute(CUSTOMER_ENTITIES, {
      representations: [alpha, nobody, beta, 'not-a-uuid'].map((id) => ({ __typename: 'Customer', id })),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id: alpha,
        bookings: [
          { id: newer.id, title: 'newer', status: 'CONFIRMED' },
          { id: older.id, title: 'older', status: 'CONFIRMED' },
        ],
      },
      { id: nobody, bookings: [] },
      { id: beta, bookings: [{ id: betas.id, title: 'beta', status: 'CANCELLED' }] },
      { id: 'not-a-uuid', bookings: [] },
    ]);
  });

  it('filters a customer’s bookings by status', async () => {
    const customerId = randomUUID();
    await insertBooking({ customerId, status: 'CANCELLED' });
    const confirmed = await insertBooking({ customerId });
    const result = await execute(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer { bookings(status: CONFIRMED) { id } } }
      }`,
      { representations: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(result.data?._entities).toEqual([{ bookings: [{ id: confirmed.id }] }]);
  });

  it('answers two selections of the same bookings in one request, each with the fields it asks for', async () => {
    const customerId = randomUUID();
    const booking = await insertBooking({ customerId });
    const result = await execute(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer {
          titles: bookings { title }
          details: bookings { id organiser { name email } options { tollFree recording } customer { id } }
        } }
      }`,
      { representations: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        titles: [{ title: booking.title }],
        details: [{ id: booking.id, organiser: { name: booking.organiserName, email: booking.organiserEmail }, options: { tollFree: booking.tollFree, recording: booking.recording }, customer: { id: customerId } }],
      },
    ]);
  });

  it('resolves bookings by id, null for the missing ones, in key order', async () => {
    const first = await insertBooking({ title: 'first' });
    const second = await insertBooking({ title: 'second' });
    const result = await execute(BOOKING_ENTITIES, {
      representations: [second.id, randomUUID(), first.id, 'not-a-uuid'].map((id) => ({ __typename: 'Booking', id })),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: second.id, title: 'second', customer: { id: second.customerId } },
      null,
      { id: first.id, title: 'first', customer: { id: first.customerId } },
      null,
    ]);
  });
});

describe('ids in upper case', () => {
  it('find the booking through booking(id:), updateBooking and cancelBooking', async () => {
    const booking = await insertBooking();
    const id = booking.id.toUpperCase();
    const read = await execute(READ, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.booking).toMatchObject({ id: booking.id, title: booking.title });

    const updated = await execute(UPDATE, { id, input: { durationMinutes: 45 } });
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateBooking).toMatchObject({ id: booking.id, durationMinutes: 45 });

    const cancelled = await execute(CANCEL, { id });
    expect(cancelled.data?.cancelBooking).toEqual({ id: booking.id, status: 'CANCELLED' });
  });

  it('resolve Booking and Customer references, in key order, either case', async () => {
    const booking = await insertBooking({ title: 'mixed case' });
    const bookings = await execute(BOOKING_ENTITIES, {
      representations: [booking.id.toUpperCase(), booking.id].map((id) => ({ __typename: 'Booking', id })),
    });
    expect(bookings.errors).toBeUndefined();
    expect(bookings.data?._entities).toEqual([
      { id: booking.id, title: 'mixed case', customer: { id: booking.customerId } },
      { id: booking.id, title: 'mixed case', customer: { id: booking.customerId } },
    ]);

    const customerId = booking.customerId.toUpperCase();
    const customers = await execute(CUSTOMER_ENTITIES, { representations: [{ __typename: 'Customer', id: customerId }] });
    expect(customers.errors).toBeUndefined();
    expect(customers.data?._entities).toEqual([{ id: customerId, bookings: [{ id: booking.id, title: 'mixed case', status: 'CONFIRMED' }] }]);
  });

  it('ask sales about the customer in the case sales stores, and book it under that id', async () => {
    const refused = await execute(CREATE, { input: validCreateInput({ customerId: UNKNOWN_CUSTOMER.toUpperCase() }) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer', id: UNKNOWN_CUSTOMER });
    expect(await prisma.booking.count()).toBe(0);

    const customerId = randomUUID();
    const booked = await execute(CREATE, { input: validCreateInput({ customerId: customerId.toUpperCase() }) });
    expect(booked.errors).toBeUndefined();
    expect(booked.data?.createBooking.customer).toEqual({ id: customerId });
  });
});

describe('batching', () => {
  async function statementsFor(query: string, representations: object[]): Promise<number> {
    database.queries.reset();
    const result = await execute(query, { representations });
    expect(result.errors).toBeUndefined();
    return database.queries.total;
  }

  it('resolves 30 references with as many SQL statements as 3', async () => {
    const bookings = await Promise.all(Array.from({ length: 30 }, () => insertBooking()));
    const customers = bookings.map((booking) => ({ __typename: 'Customer', id: booking.customerId }));
    const bookingRefs = bookings.map((booking) => ({ __typename: 'Booking', id: booking.id }));

    const customersOfThree = await statementsFor(CUSTOMER_ENTITIES, customers.slice(0, 3));
    expect(customersOfThree).toBeGreaterThan(0);
    expect(await statementsFor(CUSTOMER_ENTITIES, customers)).toBe(customersOfThree);

    const bookingsOfThree = await statementsFor(BOOKING_ENTITIES, bookingRefs.slice(0, 3));
    expect(bookingsOfThree).toBeGreaterThan(0);
    expect(await statementsFor(BOOKING_ENTITIES, bookingRefs)).toBe(bookingsOfThree);
  });
});
