/**
 * The bridge hardware API in-process: a conference on a reservation's access code, legs that
 * join and leave, the end that sends the call records to billing (conference.ended), and every
 * refusal, each with nothing half-written.
 *
 * Conferencing runs on a test clock: a call's steps are reported as they happen, so a test
 * moves the clock forward to each step's instant (`reach`) instead of dating steps back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import type { BridgeReservation } from '../../subgraphs/conferencing/generated/prisma/client.js';
import { CLOCK_SKEW_MS } from '../../subgraphs/conferencing/bridge/bridge-clock.js';
import { createBookingEventsHandler } from '../../subgraphs/conferencing/reservations/booking-events.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import type { BookingScheduled, ConferenceEnded } from '../../subgraphs/shared/events/contract.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase } from '../support/databases.js';
import { execute as executeOn } from '../support/graphql.js';
import { BRIDGE_ROLE, identityOf } from '../../subgraphs/shared/identity/roles.js';

const MINUTE = 60_000;
const clock = clockFrom();
const bookingEventsHandler = createBookingEventsHandler({ clock: clock.now });
let database: Database;
let prisma: ConferencingPrisma;
let subgraph: ReturnType<typeof buildConferencingServer>;
const execute = (query: string, variables: Record<string, unknown> = {}) => executeOn(subgraph, query, variables);

const START = `mutation ($code: String!, $at: DateTime) { startConference(accessCode: $code, at: $at) { id startedAt endedAt booking { id } } }`;
const JOIN = `mutation ($id: ID!, $number: String!, $tollFree: Boolean, $at: DateTime) {
  joinConference(conferenceId: $id, phoneNumber: $number, tollFree: $tollFree, at: $at) { id phoneNumber tollFree joinedAt leftAt seconds }
}`;
const LEAVE = `mutation ($id: ID!, $at: DateTime) { leaveConference(legId: $id, at: $at) { id leftAt seconds } }`;
const END = `mutation ($id: ID!, $at: DateTime) { endConference(conferenceId: $id, at: $at) { id endedAt durationSeconds legs { id leftAt seconds } } }`;
const LEG_ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on ParticipantLeg { id seconds conference { id booking { id } } } }
}`;

/** A reservation made as bookings' event makes it, for a call booked to start `startsInMinutes` from now. */
async function reserve({ startsInMinutes = 5, tollFree = true, recording = false, expectedParticipants = 6 as number | null } = {}): Promise<BridgeReservation> {
  const bookingId = randomUUID();
  const payload: BookingScheduled = {
    bookingId,
    customerId: randomUUID(),
    scheduledStart: new Date(clock.now().getTime() + startsInMinutes * MINUTE).toISOString(),
    durationMinutes: 60,
    tollFree,
    recording,
    revision: 1,
  };
  // null: an event recorded before bookings sent the expected participants.
  if (expectedParticipants !== null) payload.expectedParticipants = expectedParticipants;
  await prisma.$transaction((tx) =>
    bookingEventsHandler.apply(tx, [{ id: randomUUID(), type: 'booking.scheduled', source: 'bookings', subject: bookingId, occurredAt: clock.now().toISOString(), payload }], undefined),
  );
  return prisma.bridgeReservation.findUniqueOrThrow({ where: { bookingId } });
}

const minutesAgo = (minutes: number) => new Date(clock.now().getTime() - minutes * MINUTE).toISOString();

/** A call's timeline from now: `at(s)` is s seconds in; `reach(s)` moves conferencing's clock there (never back). */
function timeline() {
  const t0 = clock.now().getTime();
  const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
  const reach = (seconds: number) => {
    const ahead = t0 + seconds * 1000 - clock.now().getTime();
    if (ahead > 0) clock.advance(ahead);
    return at(seconds);
  };
  return { at, reach };
}

/** The booking is cancelled: bookings' event releases the reservation. */
async function release(reservation: BridgeReservation): Promise<void> {
  await prisma.$transaction((tx) =>
    bookingEventsHandler.apply(
      tx,
      [{ id: randomUUID(), type: 'booking.cancelled', source: 'bookings', subject: reservation.bookingId, occurredAt: clock.now().toISOString(), payload: { bookingId: reservation.bookingId, revision: 2 } }],
      undefined,
    ),
  );
}

async function started(reservation: BridgeReservation, at = minutesAgo(9)): Promise<string> {
  const result = await execute(START, { code: reservation.accessCode, at });
  expect(result.errors).toBeUndefined();
  return result.data!.startConference.id as string;
}

/** A participant joins now (or at `at`, within the clock skew). */
async function joined(conferenceId: string, at: string | null = null, number = '+39 02 555 0101', tollFree = false): Promise<string> {
  const result = await execute(JOIN, { id: conferenceId, number, tollFree, at });
  expect(result.errors).toBeUndefined();
  return result.data!.joinConference.id as string;
}

const failuresOf = async (key: string) => (await prisma.accessCodeFailureWindow.findUnique({ where: { callerKey: key } }))?.failures ?? 0;

const endedEvents = (conferenceId: string) => prisma.outboxEvent.findMany({ where: { subject: conferenceId, type: 'conference.ended' } });

beforeAll(async () => {
  database = await createTestDatabase('conferencing');
  prisma = createConferencingPrisma(database.adapter);
  subgraph = buildConferencingServer(prisma, { clock: clock.now });
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

describe('a conference from start to end', () => {
  it('records each leg and sends every leg to billing as a call record when it ends', async () => {
    const reservation = await reserve({ tollFree: true, recording: true });
    const { at, reach } = timeline();
    const start = await execute(START, { code: reservation.accessCode, at: at(0) });
    expect(start.errors).toBeUndefined();
    const conferenceId = start.data!.startConference.id as string;
    expect(start.data!.startConference).toMatchObject({ startedAt: at(0), endedAt: null, booking: { id: reservation.bookingId } });

    const host = await execute(JOIN, { id: conferenceId, number: '+39 02 555-0101', at: reach(5) });
    expect(host.data!.joinConference).toMatchObject({ phoneNumber: '+39025550101', tollFree: false, joinedAt: at(5), leftAt: null, seconds: null });
    const guest = await execute(JOIN, { id: conferenceId, number: '+44 (20) 7946 0958', tollFree: true, at: reach(30) });
    expect(guest.errors).toBeUndefined();
    const left = await execute(LEAVE, { id: guest.data!.joinConference.id, at: reach(330.9) });
    expect(left.data!.leaveConference).toMatchObject({ leftAt: at(330.9), seconds: 300 });

    const end = await execute(END, { id: conferenceId, at: reach(600) });
    expect(end.errors).toBeUndefined();
    expect(end.data!.endConference).toMatchObject({ endedAt: at(600), durationSeconds: 600 });

    const events = await endedEvents(conferenceId);
    expect(events).toHaveLength(1);
    const payload = events[0]!.payload as unknown as ConferenceEnded;
    expect(payload).toEqual({
      conferenceId,
      reservationId: reservation.id,
      bookingId: reservation.bookingId,
      customerId: reservation.customerId,
      startedAt: at(0),
      endedAt: at(600),
      recording: true,
      legs: [
        { legId: host.data!.joinConference.id, phoneNumber: '+39025550101', tollFree: false, joinedAt: at(5), leftAt: at(600), seconds: 595 },
        { legId: guest.data!.joinConference.id, phoneNumber: '+442079460958', tollFree: true, joinedAt: at(30), leftAt: at(330.9), seconds: 300 },
      ],
    });
    expect(events[0]!.occurredAt.toISOString()).toBe(at(600));

    // Billing refers to a leg by id; the leg leads back to its conference and booking.
    const legs = await execute(LEG_ENTITIES, {
      representations: [
        { __typename: 'ParticipantLeg', id: guest.data!.joinConference.id },
        { __typename: 'ParticipantLeg', id: randomUUID() },
        { __typename: 'ParticipantLeg', id: 'not-an-id' },
      ],
    });
    expect(legs.errors).toBeUndefined();
    expect(legs.data!._entities).toEqual([
      { id: guest.data!.joinConference.id, seconds: 300, conference: { id: conferenceId, booking: { id: reservation.bookingId } } },
      null,
      null,
    ]);
  });

  it('starts a new conference on the same reservation once the previous one has ended', async () => {
    const reservation = await reserve();
    const first = await started(reservation, minutesAgo(9));
    const firstEnded = minutesAgo(0.2);
    await execute(END, { id: first, at: firstEnded });
    const second = await execute(START, { code: reservation.accessCode });
    expect(second.errors).toBeUndefined();
    const before = await execute(START, { code: reservation.accessCode, at: minutesAgo(8.5) });
    expect(before.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONFERENCE_RUNNING' });
  });

  it('uses conferencing’s clock when the bridge sends none', async () => {
    const reservation = await reserve();
    const result = await execute(START, { code: reservation.accessCode });
    expect(result.errors).toBeUndefined();
    expect(Math.abs(Date.parse(result.data!.startConference.startedAt) - clock.now().getTime())).toBeLessThan(60_000);
  });
});

describe('startConference refuses', () => {
  it.each([
    ['letters', 'abc123456'],
    ['too short', '123'],
    ['a NUL', '1234\u00005678'],
    ['a huge string', '1'.repeat(1_000_000)],
    ['an empty code', ''],
  ])('an access code with %s, with BAD_USER_INPUT', async (_label, code) => {
    const before = await prisma.conference.count();
    const result = await execute(START, { code });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessCode' });
    expect(await prisma.conference.count()).toBe(before);
  });

  it('an access code no reservation has, with NOT_FOUND', async () => {
    const result = await execute(START, { code: '000000001' });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('outside the reservation’s window, with CONFLICT naming the window', async () => {
    const later = await reserve({ startsInMinutes: 120 });
    const result = await execute(START, { code: later.accessCode });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'OUTSIDE_RESERVATION_WINDOW',
      validFrom: later.validFrom.toISOString(),
      validUntil: later.validUntil.toISOString(),
    });
    expect(result.errors?.[0]?.message).toContain(later.validFrom.toISOString());
    const open = await reserve();
    const tooEarly = await execute(START, { code: open.accessCode, at: new Date(open.validFrom.getTime() - 1000).toISOString() });
    expect(tooEarly.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_RESERVATION_WINDOW');
    expect(await prisma.conference.count({ where: { reservationId: { in: [later.id, open.id] } } })).toBe(0);
  });

  it('a released reservation, with CONFLICT', async () => {
    const reservation = await reserve();
    await release(reservation);
    const result = await execute(START, { code: reservation.accessCode });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESERVATION_RELEASED' });
    expect(result.errors?.[0]?.message).toMatch(/released/);
  });

  it('the bridge with one answer for an unknown, a released, a not yet open and a closed code, each counted as a failure of its own and of the whole bridge', async () => {
    const bridge = identityOf('bridge:uniform', [BRIDGE_ROLE]);
    const released = await reserve();
    await release(released);
    const notYetOpen = await reserve({ startsInMinutes: 120 });
    const closed = await reserve({ startsInMinutes: -200 });
    const bridgeWideBefore = await failuresOf('bridge');
    const answers = [];
    for (const code of ['000000002', released.accessCode, notYetOpen.accessCode, closed.accessCode]) {
      const result = await executeOn(subgraph, START, { code }, bridge);
      expect(result.data).toBeNull();
      answers.push(JSON.stringify(result));
    }
    // The same bytes: no reason, window, booking or reservation id, not even the code.
    expect(new Set(answers).size).toBe(1);
    const [error, ...more] = JSON.parse(answers[0]!).errors;
    expect(more).toEqual([]);
    // In development a stack trace is added (the same for all four: one place builds the answer); production sends none.
    const { stacktrace: _development, ...extensions } = error.extensions;
    expect({ ...error, extensions }).toEqual({
      message: 'No reservation is open on this access code now: check the code, and that the call is booked for now (the bridge opens 15 minutes before the booked start)',
      locations: [{ line: 1, column: 44 }],
      path: ['startConference'],
      extensions: { code: 'NOT_FOUND', reason: 'NO_OPEN_RESERVATION' },
    });
    expect(await failuresOf('caller:bridge:uniform')).toBe(4);
    expect(await failuresOf('bridge')).toBe(bridgeWideBefore + 4);
    // A time from the future is refused before the code is looked up, whatever the code.
    for (const code of ['000000002', notYetOpen.accessCode]) {
      expect((await executeOn(subgraph, START, { code, at: minutesAgo(-5) }, bridge)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    }
    expect(await prisma.conference.count({ where: { reservationId: { in: [released.id, notYetOpen.id, closed.id] } } })).toBe(0);
  });

  it('an operator with the reason, the window and the booking, counting only the unknown code', async () => {
    const operator = identityOf('operator:uniform', ['conference-operator']);
    const released = await reserve();
    await release(released);
    const notYetOpen = await reserve({ startsInMinutes: 120 });
    expect((await executeOn(subgraph, START, { code: '000000003' }, operator)).errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'Reservation with access code',
      id: '000000003',
    });
    expect((await executeOn(subgraph, START, { code: released.accessCode }, operator)).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'RESERVATION_RELEASED',
      reservationId: released.id,
      bookingId: released.bookingId,
    });
    expect((await executeOn(subgraph, START, { code: notYetOpen.accessCode }, operator)).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'OUTSIDE_RESERVATION_WINDOW',
      validFrom: notYetOpen.validFrom.toISOString(),
      validUntil: notYetOpen.validUntil.toISOString(),
    });
    expect(await failuresOf('caller:operator:uniform')).toBe(1);
  });

  it('a second conference while one is running, with CONFLICT, also when both start at once', async () => {
    const reservation = await reserve();
    const results = await Promise.all([0, 1, 2].map(() => execute(START, { code: reservation.accessCode, at: minutesAgo(5) })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONFERENCE_RUNNING' });
    }
    expect(await prisma.conference.count({ where: { reservationId: reservation.id } })).toBe(1);
  });

  it('a time from the future beyond the clock skew, with BAD_USER_INPUT on at', async () => {
    const reservation = await reserve({ startsInMinutes: 1 });
    const result = await execute(START, { code: reservation.accessCode, at: minutesAgo(-5) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
  });
});

describe('joinConference refuses', () => {
  it.each([
    ['a NUL', '+39 02\u0000 555 0101'],
    ['a huge string', '+39'.padEnd(1_000_000, '1')],
    ['too few digits', '+39 555'],
    ['no country code', '02 555 0101'],
    ['letters', '+39 CALL ME NOW'],
    ['a tab', '+39\t025550101'],
    ['a leading zero country code', '+039025550101'],
    ['too many digits', '+1234567890123456'],
  ])('a phone number with %s, with BAD_USER_INPUT, and adds no leg', async (_label, number) => {
    const conferenceId = await started(await reserve());
    const result = await execute(JOIN, { id: conferenceId, number });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phoneNumber' });
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(0);
  });

  it('a toll-free join when the booking has no toll-free number, with CONFLICT', async () => {
    const conferenceId = await started(await reserve({ tollFree: false }));
    const result = await execute(JOIN, { id: conferenceId, number: '+39 02 555 0101', tollFree: true });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_TOLL_FREE_NUMBER' });
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(0);
  });

  it('a join before the conference started, with BAD_USER_INPUT on at', async () => {
    const conferenceId = await started(await reserve(), minutesAgo(0.25));
    const result = await execute(JOIN, { id: conferenceId, number: '+39 02 555 0101', at: minutesAgo(0.3) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect(result.errors?.[0]?.message).toMatch(/^at: must not be before the conference started/);
  });

  it('a join to an ended or unknown conference', async () => {
    const conferenceId = await started(await reserve());
    await execute(END, { id: conferenceId });
    expect((await execute(JOIN, { id: conferenceId, number: '+39 02 555 0101' })).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CONFERENCE_ENDED',
    });
    expect((await execute(JOIN, { id: randomUUID(), number: '+39 02 555 0101' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await execute(JOIN, { id: 'conference-1', number: '+39 02 555 0101' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'conferenceId',
    });
  });
});

describe('a conference whose booking is cancelled while it runs', () => {
  it('takes no one new, nor a new conference, but lets those on the call leave and ends with every leg for billing', async () => {
    const reservation = await reserve();
    const { at, reach } = timeline();
    const conferenceId = await started(reservation, at(0));
    const leaver = await joined(conferenceId, reach(60), '+39 02 555 0101');
    const stayer = await joined(conferenceId, reach(120), '+39 02 555 0102');
    await release(reservation);

    const join = await execute(JOIN, { id: conferenceId, number: '+39 02 555 0103', at: reach(180) });
    expect(join.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESERVATION_RELEASED', reservationId: reservation.id, bookingId: reservation.bookingId });
    expect(join.errors?.[0]?.message).toBe(
      `Booking ${reservation.bookingId} was cancelled and its reservation released while conference ${conferenceId} was running; nobody new can join it, those already on the call stay until they leave or it ends`,
    );
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(2);

    const leave = await execute(LEAVE, { id: leaver, at: reach(240) });
    expect(leave.errors).toBeUndefined();
    const end = await execute(END, { id: conferenceId, at: reach(300) });
    expect(end.errors).toBeUndefined();
    const [event] = await endedEvents(conferenceId);
    const payload = event!.payload as unknown as ConferenceEnded;
    expect(payload.bookingId).toBe(reservation.bookingId);
    expect(payload.legs.map((leg) => [leg.legId, leg.seconds])).toEqual([
      [leaver, 180],
      [stayer, 180],
    ]);

    // Nor does the bridge open a new conference on it.
    const restart = await execute(START, { code: reservation.accessCode });
    expect(restart.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESERVATION_RELEASED', bookingId: reservation.bookingId });
    expect(await prisma.conference.count({ where: { reservationId: reservation.id } })).toBe(1);
  });

  it('queues a join and the release that arrive at once: the join is either refused or in before the release', async () => {
    for (let round = 0; round < 3; round++) {
      const reservation = await reserve();
      const conferenceId = await started(reservation, minutesAgo(9));
      const [join] = await Promise.all([execute(JOIN, { id: conferenceId, number: '+39 02 555 0101' }), release(reservation)]);
      const legs = await prisma.participantLeg.count({ where: { conferenceId } });
      if (join.errors) {
        expect(join.errors[0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESERVATION_RELEASED' });
        expect(legs).toBe(0);
      } else {
        expect(legs).toBe(1);
      }
      expect((await prisma.bridgeReservation.findUniqueOrThrow({ where: { id: reservation.id } })).status).toBe('RELEASED');
    }
  });
});

describe('leaveConference', () => {
  it('refuses leaving twice with CONFLICT and keeps the first count, also when both arrive at once', async () => {
    const conferenceId = await started(await reserve());
    const { reach } = timeline();
    const legId = await joined(conferenceId, reach(0));
    const [first, second] = [reach(240), reach(250)];
    const results = await Promise.all([execute(LEAVE, { id: legId, at: first }), execute(LEAVE, { id: legId, at: second })]);
    const accepted = results.filter((result) => !result.errors);
    expect(accepted).toHaveLength(1);
    expect(results.find((result) => result.errors)!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LEG_ENDED' });
    const leg = await prisma.participantLeg.findUniqueOrThrow({ where: { id: legId } });
    expect(leg.seconds).toBe(accepted[0]!.data!.leaveConference.seconds);
    const again = await execute(LEAVE, { id: legId });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await prisma.participantLeg.findUniqueOrThrow({ where: { id: legId } })).toEqual(leg);
  });

  it('refuses leaving before joining with BAD_USER_INPUT on at, and an unknown leg with NOT_FOUND', async () => {
    const conferenceId = await started(await reserve());
    const { at, reach } = timeline();
    const legId = await joined(conferenceId, reach(20));
    expect((await execute(LEAVE, { id: legId, at: at(10) })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect((await execute(LEAVE, { id: randomUUID() })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await prisma.participantLeg.findUniqueOrThrow({ where: { id: legId } })).leftAt).toBeNull();
  });
});

describe('endConference', () => {
  it('gives one event when two ends arrive at once; the other is a CONFLICT', async () => {
    const conferenceId = await started(await reserve());
    await joined(conferenceId);
    const results = await Promise.all([execute(END, { id: conferenceId }), execute(END, { id: conferenceId })]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.find((result) => result.errors)!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONFERENCE_ENDED' });
    expect(await endedEvents(conferenceId)).toHaveLength(1);
  });

  it('queues a leave and an end that arrive at once: no leg outlasts its conference, and the call record is the leg as stored', async () => {
    for (const leaveSecond of [10, 25]) {
      const conferenceId = await started(await reserve());
      const { at, reach } = timeline();
      const legId = await joined(conferenceId, at(0));
      reach(25);
      await Promise.all([execute(LEAVE, { id: legId, at: at(leaveSecond) }), execute(END, { id: conferenceId, at: at(20) })]);
      const conference = await prisma.conference.findUniqueOrThrow({ where: { id: conferenceId }, include: { legs: true } });
      const [leg] = conference.legs;
      expect(leg!.leftAt).not.toBeNull();
      if (conference.endedAt) {
        expect(leg!.leftAt!.getTime()).toBeLessThanOrEqual(conference.endedAt.getTime());
        const [event] = await endedEvents(conferenceId);
        expect((event!.payload as unknown as ConferenceEnded).legs).toEqual([expect.objectContaining({ legId, leftAt: leg!.leftAt!.toISOString(), seconds: leg!.seconds })]);
      } else {
        expect(await endedEvents(conferenceId)).toHaveLength(0);
      }
    }
  });

  it('refuses an end before the last leg joined, with BAD_USER_INPUT on at, and ends nothing', async () => {
    const conferenceId = await started(await reserve());
    const { at, reach } = timeline();
    await joined(conferenceId, reach(20));
    const result = await execute(END, { id: conferenceId, at: at(10) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect((await prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).endedAt).toBeNull();
    expect(await endedEvents(conferenceId)).toHaveLength(0);
  });

  it('does not end the conference when its event cannot be recorded: one transaction', async () => {
    const conferenceId = await started(await reserve());
    const legId = await joined(conferenceId);
    await prisma.$executeRawUnsafe('ALTER TABLE integration_outbox RENAME TO integration_outbox_away');
    try {
      expect((await execute(END, { id: conferenceId })).errors).toBeDefined();
    } finally {
      await prisma.$executeRawUnsafe('ALTER TABLE integration_outbox_away RENAME TO integration_outbox');
    }
    expect((await prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).endedAt).toBeNull();
    expect((await prisma.participantLeg.findUniqueOrThrow({ where: { id: legId } })).leftAt).toBeNull();
  });
});

describe('a join, a leave or an end is reported as it happens', () => {
  it('refuses a join back-dated to the conference’s start, with BAD_USER_INPUT on at, while the start itself may lie in the past', async () => {
    const reservation = await reserve();
    const startedAt = minutesAgo(9);
    const conferenceId = await started(reservation, startedAt);
    const backDated = await execute(JOIN, { id: conferenceId, number: '+39 02 555 0101', at: startedAt });
    expect(backDated.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect(backDated.errors?.[0]?.message).toMatch(/^at: is 540 s behind conferencing's clock .*at most 30 s late/);
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(0);
    // Within the skew, a bridge that buffers its reports is believed.
    const late = new Date(clock.now().getTime() - CLOCK_SKEW_MS + 5_000).toISOString();
    expect((await execute(JOIN, { id: conferenceId, number: '+39 02 555 0101', at: late })).data?.joinConference.joinedAt).toBe(late);
  });

  it('refuses a leave and an end dated more than 30 s back, and changes nothing', async () => {
    const conferenceId = await started(await reserve());
    const legId = await joined(conferenceId);
    clock.advance(5 * MINUTE);
    const oneMinuteAgo = minutesAgo(1);
    expect((await execute(LEAVE, { id: legId, at: oneMinuteAgo })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect((await execute(END, { id: conferenceId, at: oneMinuteAgo })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    expect((await prisma.participantLeg.findUniqueOrThrow({ where: { id: legId } })).leftAt).toBeNull();
    expect((await prisma.conference.findUniqueOrThrow({ where: { id: conferenceId } })).endedAt).toBeNull();
    expect(await endedEvents(conferenceId)).toHaveLength(0);
    // Reported without at, the end is recorded now.
    expect((await execute(END, { id: conferenceId })).errors).toBeUndefined();
  });
});

describe('a conference takes its reservation’s participants and a margin at once', () => {
  const number = (index: number) => `+39 02 555 ${String(1000 + index)}`;

  it('stores the cap: the expected participants plus 20 %, at least 2 more; the largest booking’s cap for an event without them', async () => {
    expect((await reserve({ expectedParticipants: 5 })).maxParticipants).toBe(7);
    expect((await reserve({ expectedParticipants: 20 })).maxParticipants).toBe(24);
    expect((await reserve({ expectedParticipants: 21 })).maxParticipants).toBe(26);
    expect((await reserve({ expectedParticipants: null })).maxParticipants).toBe(600);
  });

  it('refuses a join beyond the cap with CONFLICT CONFERENCE_FULL, and takes one again once someone has left', async () => {
    const reservation = await reserve({ expectedParticipants: 3 });
    expect(reservation.maxParticipants).toBe(5);
    const conferenceId = await started(reservation);
    const legs = [];
    for (let index = 0; index < 5; index += 1) legs.push(await joined(conferenceId, null, number(index)));
    const full = await execute(JOIN, { id: conferenceId, number: number(5) });
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONFERENCE_FULL', maxParticipants: 5, bookingId: reservation.bookingId });
    expect(full.errors?.[0]?.message).toMatch(/already has 5 participants connected/);
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(5);
    // A dropped line that dials in again is not one more person.
    await execute(LEAVE, { id: legs[1] });
    expect((await execute(JOIN, { id: conferenceId, number: number(1) })).errors).toBeUndefined();
    expect(await prisma.participantLeg.count({ where: { conferenceId, leftAt: null } })).toBe(5);
  });

  it('lets no crowd in on a booking for five, however many dial in at once', async () => {
    const reservation = await reserve({ expectedParticipants: 5 });
    const conferenceId = await started(reservation);
    const results = [];
    // 2,000 legs once went onto one such booking; 200 at once show the same.
    for (let wave = 0; wave < 10; wave += 1) {
      results.push(...(await Promise.all(Array.from({ length: 20 }, (_, index) => execute(JOIN, { id: conferenceId, number: number(wave * 20 + index) })))));
    }
    expect(results.filter((result) => !result.errors)).toHaveLength(reservation.maxParticipants);
    expect(new Set(results.filter((result) => result.errors).map((result) => result.errors![0]!.extensions!.reason))).toEqual(new Set(['CONFERENCE_FULL']));
    expect(await prisma.participantLeg.count({ where: { conferenceId } })).toBe(7);
  });
});
