/**
 * Bookings applying conference.ended through its inbox, as delivery does: a confirmed booking
 * becomes COMPLETED once, whatever arrives again; a cancelled one stays cancelled; an event
 * about a booking bookings does not have is parked with the reason. A COMPLETED booking can
 * then be neither changed nor cancelled.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import { bookingsEventHandlers } from '../../subgraphs/bookings/event-handlers.js';
import type { BookingStatus } from '../../subgraphs/bookings/generated/prisma/client.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import type { Database } from '../../subgraphs/shared/database.js';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { applyEvents } from '../../subgraphs/shared/events/inbox.js';
import { createTestDatabase } from '../support/databases.js';
import { execute as executeOn } from '../support/graphql.js';

const underContract: CustomerDirectory = { standing: async () => 'under-contract' };

let database: Database;
let prisma: BookingsPrisma;
let subgraph: ReturnType<typeof buildBookingsServer>;
const execute = (query: string, variables: Record<string, unknown> = {}) => executeOn(subgraph, query, variables);
const handlers = bookingsEventHandlers();

beforeAll(async () => {
  database = await createTestDatabase('bookings');
  prisma = createBookingsPrisma(database.adapter);
  subgraph = buildBookingsServer(prisma, { customers: underContract });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

beforeEach(async () => {
  await prisma.$executeRawUnsafe('TRUNCATE integration_outbox, integration_inbox, "Booking"');
});

async function booking(status: BookingStatus = 'CONFIRMED') {
  return prisma.booking.create({
    data: {
      customerId: randomUUID(),
      title: 'Quarterly review',
      organiserName: 'Giulia Bianchi',
      organiserEmail: 'giulia@example.com',
      scheduledStart: new Date(Date.now() + 3_600_000),
      durationMinutes: 30,
      expectedParticipants: 4,
      status,
    },
  });
}

function ended(bookingId: string, payload: Partial<ConferenceEnded> = {}): IntegrationEvent<ConferenceEnded> {
  const conferenceId = randomUUID();
  return {
    id: randomUUID(),
    type: 'conference.ended',
    source: 'conferencing',
    subject: conferenceId,
    occurredAt: new Date().toISOString(),
    payload: {
      conferenceId,
      reservationId: randomUUID(),
      bookingId,
      customerId: randomUUID(),
      startedAt: '2026-11-20T09:00:00.000Z',
      endedAt: '2026-11-20T09:30:00.000Z',
      recording: false,
      legs: [],
      ...payload,
    },
  };
}

const inbox = () => prisma.inboxEvent.findMany({ select: { eventId: true, status: true, error: true }, orderBy: { eventId: 'asc' } });

describe('conference.ended in bookings', () => {
  it('marks a confirmed booking COMPLETED, in the transaction that records the event in the inbox', async () => {
    const { id } = await booking();
    const event = ended(id);
    const report = await applyEvents(prisma, handlers, [event]);
    expect(report).toMatchObject({ applied: 1, parked: 0, duplicates: 0 });
    const completed = await prisma.booking.findUniqueOrThrow({ where: { id } });
    expect(completed.status).toBe('COMPLETED');
    // Nothing for conferencing follows from it: no event, the revision unchanged.
    expect(completed.revision).toBe(1);
    expect(await prisma.outboxEvent.count()).toBe(0);
    expect(await inbox()).toEqual([{ eventId: event.id, status: 'APPLIED', error: null }]);
  });

  it('changes nothing when the same event arrives again, or another conference on the booking ends', async () => {
    const { id } = await booking();
    const event = ended(id);
    await applyEvents(prisma, handlers, [event]);
    const completed = await prisma.booking.findUniqueOrThrow({ where: { id } });

    const again = await applyEvents(prisma, handlers, [event, event]);
    expect(again).toMatchObject({ applied: 0, parked: 0, duplicates: 1 });
    // A call ended by mistake and started again on the same reservation: a second event.
    const second = ended(id);
    expect(await applyEvents(prisma, handlers, [second])).toMatchObject({ applied: 1, parked: 0 });
    expect(await prisma.booking.findUniqueOrThrow({ where: { id } })).toEqual(completed);
    expect(await prisma.inboxEvent.count()).toBe(2);
  });

  it('applies two deliveries of one event at the same moment once', async () => {
    const { id } = await booking();
    const event = ended(id);
    const [first, second] = await Promise.all([applyEvents(prisma, handlers, [event]), applyEvents(prisma, handlers, [event])]);
    expect(first.applied + second.applied).toBe(1);
    expect(first.duplicates + second.duplicates).toBe(1);
    expect((await prisma.booking.findUniqueOrThrow({ where: { id } })).status).toBe('COMPLETED');
  });

  it('leaves a booking cancelled while its call ran CANCELLED', async () => {
    const { id } = await booking('CANCELLED');
    const report = await applyEvents(prisma, handlers, [ended(id)]);
    expect(report).toMatchObject({ applied: 1, parked: 0 });
    expect((await prisma.booking.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED');
  });

  it('completes every booking of a batch, and parks only the events it cannot apply, with the reason', async () => {
    const [first, second] = [await booking(), await booking()];
    const unknownBooking = randomUUID();
    const unknown = ended(unknownBooking);
    const malformed = ended(first.id, { bookingId: 'booking-1' });
    const upperCase = ended(second.id.toUpperCase());
    const report = await applyEvents(prisma, handlers, [ended(first.id), unknown, malformed, upperCase]);
    expect(report).toMatchObject({ applied: 2, parked: 2 });
    expect(report.outcomes.get(unknown.id)).toEqual({
      status: 'parked',
      reason: `conference ${unknown.payload.conferenceId} was held for booking ${unknownBooking}, which bookings does not have; nothing was marked COMPLETED`,
    });
    expect(report.outcomes.get(malformed.id)).toEqual({ status: 'parked', reason: expect.stringMatching(/^conference.ended payload is not one conferencing sends: bookingId: /) });
    const statuses = await prisma.booking.findMany({ select: { status: true } });
    expect(statuses).toEqual([{ status: 'COMPLETED' }, { status: 'COMPLETED' }]);
    expect((await inbox()).filter((row) => row.status === 'PARKED').map((row) => row.eventId).sort()).toEqual([unknown.id, malformed.id].sort());
  });
});

describe('a COMPLETED booking', () => {
  it('is refused changes and cancellation with CONFLICT saying its call has taken place, and records no event', async () => {
    const { id } = await booking();
    await applyEvents(prisma, handlers, [ended(id)]);
    const completed = await prisma.booking.findUniqueOrThrow({ where: { id } });

    const update = await execute(`mutation ($id: ID!) { updateBooking(id: $id, input: { durationMinutes: 60 }) { id } }`, { id });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'COMPLETED' });
    expect(update.errors?.[0]?.message).toBe(
      `Booking ${id} is COMPLETED: its call has taken place (the conference ended on the bridge); only a CONFIRMED booking can be changed; book a new call instead`,
    );
    const cancel = await execute(`mutation ($id: ID!) { cancelBooking(id: $id) { id } }`, { id });
    expect(cancel.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'COMPLETED' });
    expect(cancel.errors?.[0]?.message).toBe(
      `Booking ${id} is COMPLETED: its call has taken place (the conference ended on the bridge); only a CONFIRMED booking can be cancelled`,
    );
    expect(await prisma.booking.findUniqueOrThrow({ where: { id } })).toEqual(completed);
    expect(await prisma.outboxEvent.count()).toBe(0);

    const read = await execute(`query ($id: ID!) { booking(id: $id) { status } }`, { id });
    expect(read.data?.booking).toEqual({ status: 'COMPLETED' });
  });
});
