/**
 * Each booking change records the event conferencing follows (booking.scheduled,
 * booking.cancelled) in its own transaction: a change is never without its event, a refused
 * change writes neither, and the revision orders them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contractDay, type CustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { createTestDatabase } from '../support/databases.js';
import { execute as executeOn } from '../support/graphql.js';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

const UNKNOWN_CUSTOMER = randomUUID();
const OUT_OF_CONTRACT = randomUUID();
const salesSays: CustomerDirectory = {
  standing: async (customerId) =>
    customerId === UNKNOWN_CUSTOMER ? 'unknown' : customerId === OUT_OF_CONTRACT ? 'no-contract' : 'under-contract',
};

let database: Database;
let prisma: BookingsPrisma;
let subgraph: ReturnType<typeof buildBookingsServer>;
const execute = (query: string, variables: Record<string, unknown> = {}) => executeOn(subgraph, query, variables);

const CREATE = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id customer { id } scheduledStart } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateBookingInput!) { updateBooking(id: $id, input: $input) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelBooking(id: $id) { id status } }`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    customerId: randomUUID(),
    title: 'Board meeting',
    organiserName: 'Marco Rossi',
    organiserEmail: 'marco.rossi@example.com',
    scheduledStart: inHours(48).toISOString(),
    durationMinutes: 45,
    expectedParticipants: 6,
    tollFree: true,
    ...overrides,
  };
}

async function book(overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await execute(CREATE, { input: input(overrides) });
  expect(result.errors).toBeUndefined();
  return result.data!.createBooking.id as string;
}

const eventsOf = (bookingId: string) =>
  prisma.outboxEvent.findMany({ where: { subject: bookingId }, orderBy: { seq: 'asc' } });

beforeAll(async () => {
  database = await createTestDatabase('bookings');
  prisma = createBookingsPrisma(database.adapter);
  subgraph = buildBookingsServer(prisma, { customers: salesSays });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

beforeEach(async () => {
  await prisma.outboxEvent.deleteMany();
  await prisma.booking.deleteMany();
});

describe('createBooking', () => {
  it('records booking.scheduled with the booked window, options and revision 1', async () => {
    const customerId = randomUUID();
    const start = inHours(30).toISOString();
    const id = await book({ customerId, scheduledStart: start, recording: true });
    const events = await eventsOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'booking.scheduled', subject: id, status: 'PENDING' });
    expect(events[0]!.payload).toEqual({
      bookingId: id,
      customerId,
      scheduledStart: start,
      durationMinutes: 45,
      expectedParticipants: 6,
      tollFree: true,
      recording: true,
      revision: 1,
    });
    expect((await prisma.booking.findUniqueOrThrow({ where: { id } })).revision).toBe(1);
  });

  it('refuses a customer without a contract on the booked day with CONFLICT, and writes neither booking nor event', async () => {
    const start = inHours(72);
    const result = await execute(CREATE, { input: input({ customerId: OUT_OF_CONTRACT, scheduledStart: start.toISOString() }) });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', customerId: OUT_OF_CONTRACT, day: contractDay(start) });
    expect(result.errors?.[0]?.message).toBe(
      `Customer ${OUT_OF_CONTRACT} has no active contract on ${contractDay(start)}; activate one in sales, then book again`,
    );
    expect(await prisma.booking.count()).toBe(0);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it('writes nothing for an unknown customer or bad input', async () => {
    expect((await execute(CREATE, { input: input({ customerId: UNKNOWN_CUSTOMER }) })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await execute(CREATE, { input: input({ title: 'a\u0000b' }) })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await prisma.booking.count()).toBe(0);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it('keeps no booking when its event cannot be recorded: one transaction', async () => {
    await prisma.$executeRawUnsafe('ALTER TABLE integration_outbox RENAME TO integration_outbox_away');
    try {
      const result = await execute(CREATE, { input: input() });
      expect(result.errors).toBeDefined();
    } finally {
      await prisma.$executeRawUnsafe('ALTER TABLE integration_outbox_away RENAME TO integration_outbox');
    }
    expect(await prisma.booking.count()).toBe(0);
  });
});

describe('updateBooking', () => {
  it('records booking.scheduled when the start, duration, participants or options change, with a growing revision', async () => {
    const id = await book();
    const moved = inHours(50).toISOString();
    expect((await execute(UPDATE, { id, input: { scheduledStart: moved } })).errors).toBeUndefined();
    expect((await execute(UPDATE, { id, input: { durationMinutes: 60 } })).errors).toBeUndefined();
    expect((await execute(UPDATE, { id, input: { tollFree: false, recording: true } })).errors).toBeUndefined();
    expect((await execute(UPDATE, { id, input: { expectedParticipants: 9 } })).errors).toBeUndefined();
    const events = await eventsOf(id);
    expect(events.map((event) => [event.type, (event.payload as { revision: number }).revision])).toEqual([
      ['booking.scheduled', 1],
      ['booking.scheduled', 2],
      ['booking.scheduled', 3],
      ['booking.scheduled', 4],
      ['booking.scheduled', 5],
    ]);
    expect(events[4]!.payload).toMatchObject({ scheduledStart: moved, durationMinutes: 60, expectedParticipants: 9, tollFree: false, recording: true });
  });

  it('records nothing for a change the bridge does not follow (the title), and keeps the revision, so the events leave no gap', async () => {
    const id = await book();
    expect((await execute(UPDATE, { id, input: { title: 'Renamed' } })).errors).toBeUndefined();
    expect(await eventsOf(id)).toHaveLength(1);
    expect((await prisma.booking.findUniqueOrThrow({ where: { id } })).revision).toBe(1);
    // The next event carries the next revision: conferencing applies it as the one after the first.
    await execute(UPDATE, { id, input: { durationMinutes: 30 } });
    expect(((await eventsOf(id))[1]!.payload as { revision: number }).revision).toBe(2);
  });

  it('refuses moving a booking to a day without a contract with CONFLICT, and records nothing', async () => {
    const id = await book();
    await prisma.booking.update({ where: { id }, data: { customerId: OUT_OF_CONTRACT } });
    const moved = inHours(96);
    const result = await execute(UPDATE, { id, input: { scheduledStart: moved.toISOString() } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', customerId: OUT_OF_CONTRACT, day: contractDay(moved) });
    expect(result.errors?.[0]?.message).toMatch(/activate one in sales, then move the booking again$/);
    expect(await eventsOf(id)).toHaveLength(1);
    expect((await prisma.booking.findUniqueOrThrow({ where: { id } })).revision).toBe(1);
    // A change that leaves the day alone does not need sales.
    expect((await execute(UPDATE, { id, input: { title: 'Renamed' } })).errors).toBeUndefined();
  });

  it('writes no event when the change is refused', async () => {
    const id = await book();
    await execute(CANCEL, { id });
    const refused = await execute(UPDATE, { id, input: { durationMinutes: 30 } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const bad = await execute(UPDATE, { id, input: { durationMinutes: 0 } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await eventsOf(id)).map((event) => event.type)).toEqual(['booking.scheduled', 'booking.cancelled']);
  });
});

describe('cancelBooking', () => {
  it('records booking.cancelled with the revision after the last change', async () => {
    const id = await book();
    await execute(UPDATE, { id, input: { durationMinutes: 30 } });
    expect((await execute(CANCEL, { id })).data?.cancelBooking.status).toBe('CANCELLED');
    const events = await eventsOf(id);
    expect(events.at(-1)).toMatchObject({ type: 'booking.cancelled', payload: { bookingId: id, revision: 3 } });
    // A title change between them records no event and takes no revision.
    const renamed = await book();
    await execute(UPDATE, { id: renamed, input: { title: 'Renamed' } });
    await execute(CANCEL, { id: renamed });
    expect((await eventsOf(renamed)).map((event) => (event.payload as { revision: number }).revision)).toEqual([1, 2]);
  });

  it('records one event when two cancellations race', async () => {
    const id = await book();
    const results = await Promise.all([execute(CANCEL, { id }), execute(CANCEL, { id })]);
    expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    expect((await eventsOf(id)).filter((event) => event.type === 'booking.cancelled')).toHaveLength(1);
  });
});
