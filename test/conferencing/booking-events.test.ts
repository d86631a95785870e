/**
 * The reservation handler applied directly, as the delivery platform will: inside a
 * transaction, a batch at a time. Bookings' events reserve, move and release the bridge.
 * Events that skip revisions are delivered through the inbox (`deliver`), where they wait, parked.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { DIAL_IN_NUMBER, TOLL_FREE_NUMBER } from '../../subgraphs/conferencing/reservations/bridge-numbers.js';
import { createBookingEventsHandler } from '../../subgraphs/conferencing/reservations/booking-events.js';
import { JOIN_EARLY_MINUTES, OVERRUN_MINUTES } from '../../subgraphs/conferencing/reservations/window.js';
import type { BookingCancelled, BookingScheduled, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { applyEvents, replayInboxEvent } from '../../subgraphs/shared/events/inbox.js';
import type { EventStore } from '../../subgraphs/shared/events/store.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase } from '../support/databases.js';

let database: Database;
let prisma: ConferencingPrisma;

beforeAll(async () => {
  database = await createTestDatabase('conferencing');
  prisma = createConferencingPrisma(database.adapter);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.close();
});

const MINUTE = 60_000;
/** Conferencing's clock; the bookings below lie a few months after it. */
const clock = clockFrom(new Date('2026-11-15T10:00:00.000Z'));
const bookingEventsHandler = createBookingEventsHandler({ clock: clock.now });

function scheduled(bookingId: string, revision: number, overrides: Partial<BookingScheduled> = {}): IntegrationEvent<BookingScheduled> {
  return {
    id: randomUUID(),
    type: 'booking.scheduled',
    source: 'bookings',
    subject: bookingId,
    occurredAt: new Date().toISOString(),
    payload: {
      bookingId,
      customerId: '6f1c2d3e-4a5b-4c6d-8e7f-000000000001',
      scheduledStart: '2027-03-01T09:00:00.000Z',
      durationMinutes: 60,
      expectedParticipants: 6,
      tollFree: false,
      recording: false,
      revision,
      ...overrides,
    },
  };
}

function cancelled(bookingId: string, revision: number): IntegrationEvent<BookingCancelled> {
  return { id: randomUUID(), type: 'booking.cancelled', source: 'bookings', subject: bookingId, occurredAt: new Date().toISOString(), payload: { bookingId, revision } };
}

const apply = (...events: IntegrationEvent<BookingScheduled | BookingCancelled>[]) =>
  prisma.$transaction((tx) => bookingEventsHandler.apply(tx, events, undefined));

/** Delivered as the platform delivers them: through the inbox, which keeps what is parked. */
async function deliver(...events: IntegrationEvent<BookingScheduled | BookingCancelled>[]) {
  return (await applyEvents(prisma as unknown as EventStore, [bookingEventsHandler], events)).outcomes;
}

const inboxStatus = async (event: IntegrationEvent) => (await prisma.inboxEvent.findUniqueOrThrow({ where: { eventId: event.id } })).status;

const reservationOf = (bookingId: string) => prisma.bridgeReservation.findUnique({ where: { bookingId } });

describe('booking.scheduled', () => {
  it('reserves the bridge for the booked window plus the join margins', async () => {
    const bookingId = randomUUID();
    const event = scheduled(bookingId, 1, { tollFree: true, recording: true });
    const outcomes = await apply(event);
    expect(outcomes).toEqual(new Map([[event.id, { status: 'applied' }]]));
    const reservation = await reservationOf(bookingId);
    expect(reservation).toMatchObject({
      status: 'RESERVED',
      customerId: event.payload.customerId,
      dialInNumber: DIAL_IN_NUMBER,
      tollFreeNumber: TOLL_FREE_NUMBER,
      recording: true,
      appliedRevision: 1,
      maxParticipants: 8,
      validFrom: new Date(Date.parse('2027-03-01T09:00:00Z') - JOIN_EARLY_MINUTES * MINUTE),
      validUntil: new Date(Date.parse('2027-03-01T10:00:00Z') + OVERRUN_MINUTES * MINUTE),
    });
    expect(reservation!.accessCode).toMatch(/^\d{9}$/);
    expect(reservation!.moderatorPin).toMatch(/^\d{6}$/);
  });

  it('gives no toll-free number to a booking without toll-free', async () => {
    const bookingId = randomUUID();
    await apply(scheduled(bookingId, 1));
    expect((await reservationOf(bookingId))!.tollFreeNumber).toBeNull();
  });

  it('gives every reservation its own access code', async () => {
    const events = Array.from({ length: 200 }, () => scheduled(randomUUID(), 1));
    await apply(...events);
    const codes = await prisma.bridgeReservation.findMany({ where: { bookingId: { in: events.map((event) => event.payload.bookingId) } } });
    expect(new Set(codes.map((row) => row.accessCode)).size).toBe(200);
  });

  it('draws again when an access code is taken, within the same transaction', async () => {
    const draws = ['111111111', '111111111', '111111111', '222222222'];
    const handler = createBookingEventsHandler({ drawAccessCode: () => draws.shift()!, clock: clock.now });
    const [first, second] = [scheduled(randomUUID(), 1), scheduled(randomUUID(), 1)];
    const outcomes = await prisma.$transaction((tx) => handler.apply(tx, [first, second], undefined));
    expect([...outcomes.values()]).toEqual([{ status: 'applied' }, { status: 'applied' }]);
    expect((await reservationOf(first.payload.bookingId))!.accessCode).toBe('111111111');
    expect((await reservationOf(second.payload.bookingId))!.accessCode).toBe('222222222');
    expect(draws).toEqual([]);
  });

  it('moves the reservation on a reschedule, keeping its codes, and never makes a second one', async () => {
    const bookingId = randomUUID();
    await apply(scheduled(bookingId, 1, { tollFree: true }));
    const first = (await reservationOf(bookingId))!;
    await apply(scheduled(bookingId, 2, { scheduledStart: '2027-03-02T14:00:00.000Z', durationMinutes: 30, tollFree: false, recording: true }));
    const moved = (await reservationOf(bookingId))!;
    expect(moved).toMatchObject({
      id: first.id,
      accessCode: first.accessCode,
      moderatorPin: first.moderatorPin,
      tollFreeNumber: null,
      recording: true,
      appliedRevision: 2,
      validFrom: new Date(Date.parse('2027-03-02T14:00:00Z') - JOIN_EARLY_MINUTES * MINUTE),
      validUntil: new Date(Date.parse('2027-03-02T14:30:00Z') + OVERRUN_MINUTES * MINUTE),
    });
    expect(await prisma.bridgeReservation.count({ where: { bookingId } })).toBe(1);
  });

  it('ignores a redelivered event and an older revision arriving late', async () => {
    const bookingId = randomUUID();
    const first = scheduled(bookingId, 1);
    const second = scheduled(bookingId, 2, { scheduledStart: '2027-04-01T09:00:00.000Z' });
    await apply(first, second);
    const before = (await reservationOf(bookingId))!;
    expect(await apply(first, second, first)).toEqual(
      new Map([
        [first.id, { status: 'applied' }],
        [second.id, { status: 'applied' }],
      ]),
    );
    expect(await reservationOf(bookingId)).toEqual(before);
  });

  it('parks a payload bookings would never send, with the reason, and applies the rest of the batch', async () => {
    const bad = scheduled(randomUUID(), 1, { durationMinutes: -5, scheduledStart: 'tomorrow' });
    const good = scheduled(randomUUID(), 1);
    const outcomes = await apply(bad, good);
    expect(outcomes.get(bad.id)).toEqual({ status: 'parked', reason: expect.stringMatching(/scheduledStart.*durationMinutes/s) });
    expect(outcomes.get(good.id)).toEqual({ status: 'applied' });
    expect(await reservationOf(bad.payload.bookingId)).toBeNull();
  });
});

describe('booking.cancelled', () => {
  it('releases the reservation', async () => {
    const bookingId = randomUUID();
    await apply(scheduled(bookingId, 1));
    await apply(cancelled(bookingId, 2));
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 2 });
  });

  it('is not undone by an older booking.scheduled arriving after it', async () => {
    const bookingId = randomUUID();
    const [first, moved, cancellation] = [scheduled(bookingId, 1), scheduled(bookingId, 2, { scheduledStart: '2027-05-01T09:00:00.000Z' }), cancelled(bookingId, 3)];
    await deliver(first, moved, cancellation);
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 3 });
    // The move redelivered under another id, as after an outbox restored from a backup.
    expect(await deliver({ ...moved, id: randomUUID() })).toEqual(new Map([[expect.any(String), { status: 'applied' }]]));
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 3 });
  });

  it('arriving before the booking was ever reserved, waits parked, and is applied with the scheduled event it overtook', async () => {
    const bookingId = randomUUID();
    const [booked, cancellation] = [scheduled(bookingId, 1), cancelled(bookingId, 2)];
    const early = await deliver(cancellation);
    expect(early.get(cancellation.id)).toEqual({
      status: 'parked',
      reason: `booking.cancelled revision 2 is more than one ahead: conferencing has applied no event of booking ${bookingId}. It waits here and is applied with the event that fills the gap; bookings numbers a booking's events without one, so an event still parked after its booking's others arrived was not sent by bookings`,
    });
    expect(await reservationOf(bookingId)).toBeNull();
    expect((await deliver(booked)).get(booked.id)).toEqual({ status: 'applied' });
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 2 });
    expect(await inboxStatus(cancellation)).toBe('APPLIED');
    expect(await prisma.bridgeReservation.count({ where: { bookingId } })).toBe(1);
  });

  it('overtaking its scheduled event within one batch, is applied after it', async () => {
    const bookingId = randomUUID();
    const [booked, cancellation] = [scheduled(bookingId, 1), cancelled(bookingId, 2)];
    expect([...(await deliver(cancellation, booked)).values()]).toEqual([{ status: 'applied' }, { status: 'applied' }]);
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 2 });
  });

  it('with revision 1 for a booking conferencing does not know, leaves a released reservation a late revision 1 cannot reserve', async () => {
    const bookingId = randomUUID();
    await apply(cancelled(bookingId, 1));
    await apply(scheduled(bookingId, 1));
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RELEASED', appliedRevision: 1, maxParticipants: 0 });
  });

  it('parks a cancellation that names no booking', async () => {
    const event = { ...cancelled(randomUUID(), 1), payload: { bookingId: 'not-an-id', revision: 0 } };
    const outcome = (await apply(event)).get(event.id);
    expect(outcome).toMatchObject({ status: 'parked', reason: expect.stringContaining('bookingId') });
  });
});

describe('an event more than one revision ahead', () => {
  it('does not release a confirmed booking’s bridge for good: a forged cancellation with revision 2147483647 stays parked', async () => {
    const bookingId = randomUUID();
    await deliver(scheduled(bookingId, 1));
    const forged = cancelled(bookingId, 2_147_483_647);
    expect((await deliver(forged)).get(forged.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('revision 2147483647 is more than one ahead: conferencing has applied revision 1') });
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RESERVED', appliedRevision: 1 });
    // Bookings' own next change applies; the forged one is still parked after it, and a replay leaves it there.
    await deliver(scheduled(bookingId, 2, { scheduledStart: '2027-03-02T09:00:00.000Z' }));
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RESERVED', appliedRevision: 2 });
    expect(await inboxStatus(forged)).toBe('PARKED');
    expect((await replayInboxEvent(prisma as unknown as EventStore, [bookingEventsHandler], forged.id))?.status).toBe('PARKED');
    expect(await reservationOf(bookingId)).toMatchObject({ status: 'RESERVED', appliedRevision: 2 });
  });

  it('does not stretch the window: a forged booking.scheduled far ahead is parked', async () => {
    const bookingId = randomUUID();
    await deliver(scheduled(bookingId, 1));
    const before = await reservationOf(bookingId);
    const forged = scheduled(bookingId, 40, { scheduledStart: '2027-03-01T00:00:00.000Z', durationMinutes: 1440 });
    expect((await deliver(forged)).get(forged.id)?.status).toBe('parked');
    expect(await reservationOf(bookingId)).toEqual(before);
  });

  it('waits for the ones before it, then all apply in revision order, whichever arrives last', async () => {
    const bookingId = randomUUID();
    const events = [
      scheduled(bookingId, 1),
      scheduled(bookingId, 2, { scheduledStart: '2027-03-02T09:00:00.000Z' }),
      scheduled(bookingId, 3, { scheduledStart: '2027-03-03T09:00:00.000Z', expectedParticipants: 40 }),
      scheduled(bookingId, 4, { scheduledStart: '2027-03-04T09:00:00.000Z', expectedParticipants: 10 }),
    ];
    await deliver(events[0]!);
    expect((await deliver(events[3]!)).get(events[3]!.id)?.status).toBe('parked');
    expect((await deliver(events[2]!)).get(events[2]!.id)?.status).toBe('parked');
    expect((await deliver(events[1]!)).get(events[1]!.id)).toEqual({ status: 'applied' });
    expect(await reservationOf(bookingId)).toMatchObject({
      appliedRevision: 4,
      maxParticipants: 12,
      validFrom: new Date(Date.parse('2027-03-04T09:00:00Z') - JOIN_EARLY_MINUTES * MINUTE),
    });
    for (const event of events) expect(await inboxStatus(event)).toBe('APPLIED');
  });
});

describe('a window or a participant count bookings would refuse', () => {
  it.each([
    ['no minutes', { durationMinutes: 0 }, 'durationMinutes'],
    ['more than 24 hours', { durationMinutes: 1441 }, 'durationMinutes'],
    ['no participants', { expectedParticipants: 0 }, 'expectedParticipants'],
    ['2,000 participants', { expectedParticipants: 2000 }, 'expectedParticipants'],
    ['a start more than 2 years ahead', { scheduledStart: '2029-01-01T09:00:00.000Z' }, 'scheduledStart 2029-01-01T09:00:00.000Z lies more than 2 years after'],
  ])('is parked: %s', async (_label, overrides, named) => {
    const event = scheduled(randomUUID(), 1, overrides);
    expect((await deliver(event)).get(event.id)).toEqual({ status: 'parked', reason: expect.stringContaining(named) });
    expect(await reservationOf(event.payload.bookingId)).toBeNull();
  });

  it('but a booking.scheduled without expected participants, recorded before bookings sent them, gets the default cap', async () => {
    const event = scheduled(randomUUID(), 1);
    delete event.payload.expectedParticipants;
    expect((await deliver(event)).get(event.id)).toEqual({ status: 'applied' });
    expect((await reservationOf(event.payload.bookingId))!.maxParticipants).toBe(600);
  });
});

describe('a batch rolled back', () => {
  it('leaves no reservation behind when the surrounding transaction fails', async () => {
    const bookingId = randomUUID();
    await expect(
      prisma.$transaction(async (tx) => {
        await bookingEventsHandler.apply(tx, [scheduled(bookingId, 1)], undefined);
        throw new Error('the inbox write failed');
      }),
    ).rejects.toThrow('the inbox write failed');
    expect(await reservationOf(bookingId)).toBeNull();
  });
});
