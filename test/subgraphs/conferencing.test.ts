/**
 * The conferencing subgraph in-process over an in-memory PGlite: no gateway, no HTTP. Fixture
 * rows go straight in through Prisma; conferencing has no mutations to make them with.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import type { BridgeReservation, Conference, ParticipantLeg } from '../../subgraphs/conferencing/generated/prisma/client.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { createTestDatabase } from '../support/databases.js';
import { execute as executeOn } from '../support/graphql.js';

let database: Database;
let prisma: ConferencingPrisma;
let subgraph: ReturnType<typeof buildConferencingServer>;

const execute = (query: string, variables: Record<string, unknown> = {}) => executeOn(subgraph, query, variables);

let accessCodes = 0;

function reserveBridge(bookingId: string = randomUUID()): Promise<BridgeReservation> {
  accessCodes += 1;
  return prisma.bridgeReservation.create({
    data: {
      bookingId,
      customerId: randomUUID(),
      dialInNumber: '+39 02 0000 1000',
      tollFreeNumber: null,
      accessCode: String(10_000_000 + accessCodes),
      moderatorPin: '4321',
      status: 'RESERVED',
      validFrom: new Date('2026-11-27T08:45:00Z'),
      validUntil: new Date('2026-11-27T16:00:00Z'),
      maxParticipants: 8,
    },
  });
}

function holdConference(reservationId: string, startedAt: Date, endedAt: Date | null): Promise<Conference> {
  return prisma.conference.create({ data: { reservationId, startedAt, endedAt } });
}

function joinLeg(conferenceId: string, phoneNumber: string, joinedAt: Date, leftAt: Date | null): Promise<ParticipantLeg> {
  return prisma.participantLeg.create({
    data: {
      conferenceId,
      phoneNumber,
      tollFree: false,
      joinedAt,
      leftAt,
      seconds: leftAt ? Math.round((leftAt.getTime() - joinedAt.getTime()) / 1000) : null,
    },
  });
}

const CONFERENCE = `
  query ($id: ID!) {
    conference(id: $id) {
      id startedAt endedAt durationSeconds
      booking { id }
      legs { id phoneNumber tollFree joinedAt leftAt seconds }
    }
  }
`;
const BOOKING_ENTITIES = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Booking {
        id
        bridge { id accessCode status booking { id } }
        conferences { id durationSeconds legs { id } }
      }
    }
  }
`;

// Booking A: a finished conference with two legs, then one still running. Booking B: a bridge,
// no conference yet. A booking with neither exists only in the bookings subgraph.
const bookingA = randomUUID();
const bookingB = randomUUID();
let reservationA: BridgeReservation;
let reservationB: BridgeReservation;
let finished: Conference;
let running: Conference;
let legs: ParticipantLeg[];

beforeAll(async () => {
  database = await createTestDatabase('conferencing');
  prisma = createConferencingPrisma(database.adapter);
  subgraph = buildConferencingServer(prisma);

  reservationA = await reserveBridge(bookingA);
  reservationB = await reserveBridge(bookingB);
  // Inserted newest first, so only the ORDER BY can put them oldest first.
  running = await holdConference(reservationA.id, new Date('2026-11-27T14:00:00Z'), null);
  finished = await holdConference(reservationA.id, new Date('2026-11-27T09:00:00Z'), new Date('2026-11-27T09:45:30.900Z'));
  legs = [
    await joinLeg(finished.id, '+39 06 555 0102', new Date('2026-11-27T09:05:00Z'), new Date('2026-11-27T09:45:00Z')),
    await joinLeg(finished.id, '+39 02 555 0101', new Date('2026-11-27T09:00:10Z'), new Date('2026-11-27T09:45:30Z')),
  ];
});

afterAll(async () => {
  await subgraph?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

describe('conference', () => {
  it('reads a finished conference with its booking and legs in the order they joined', async () => {
    const result = await execute(CONFERENCE, { id: finished.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.conference).toEqual({
      id: finished.id,
      startedAt: '2026-11-27T09:00:00.000Z',
      endedAt: '2026-11-27T09:45:30.900Z',
      durationSeconds: 45 * 60 + 30,
      booking: { id: bookingA },
      legs: [legs[1], legs[0]].map((leg) => ({
        id: leg!.id,
        phoneNumber: leg!.phoneNumber,
        tollFree: false,
        joinedAt: leg!.joinedAt.toISOString(),
        leftAt: leg!.leftAt!.toISOString(),
        seconds: leg!.seconds,
      })),
    });
  });

  it('has no duration while it is still running', async () => {
    const result = await execute(CONFERENCE, { id: running.id });
    expect(result.data?.conference).toMatchObject({ endedAt: null, durationSeconds: null, legs: [] });
  });

  it('is null for an unknown id, whether or not the id could ever exist', async () => {
    for (const id of [randomUUID(), 'conference-1']) {
      const result = await execute(CONFERENCE, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data?.conference).toBeNull();
    }
  });
});

describe('reference resolution', () => {
  it('gives each booking its bridge and conferences, null and empty where there are none, in key order', async () => {
    const noBridge = randomUUID();
    const result = await execute(BOOKING_ENTITIES, {
      representations: [bookingB, noBridge, bookingA, 'not-a-uuid'].map((id) => ({ __typename: 'Booking', id })),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id: bookingB,
        bridge: { id: reservationB.id, accessCode: reservationB.accessCode, status: 'RESERVED', booking: { id: bookingB } },
        conferences: [],
      },
      { id: noBridge, bridge: null, conferences: [] },
      {
        id: bookingA,
        bridge: { id: reservationA.id, accessCode: reservationA.accessCode, status: 'RESERVED', booking: { id: bookingA } },
        conferences: [
          { id: finished.id, durationSeconds: 2730, legs: [{ id: legs[1]!.id }, { id: legs[0]!.id }] },
          { id: running.id, durationSeconds: null, legs: [] },
        ],
      },
      { id: 'not-a-uuid', bridge: null, conferences: [] },
    ]);
  });

  it('resolves reservations and conferences by id, null for the missing ones, in key order', async () => {
    const result = await execute(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on BridgeReservation { id booking { id } }
          ... on Conference { id booking { id } }
        }
      }`,
      {
        representations: [
          { __typename: 'Conference', id: running.id },
          { __typename: 'BridgeReservation', id: randomUUID() },
          { __typename: 'BridgeReservation', id: reservationB.id },
          { __typename: 'Conference', id: 'conference-1' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: running.id, booking: { id: bookingA } },
      null,
      { id: reservationB.id, booking: { id: bookingB } },
      null,
    ]);
  });
});

describe('ids in upper case', () => {
  it('find the conference through conference(id:)', async () => {
    const result = await execute(CONFERENCE, { id: finished.id.toUpperCase() });
    expect(result.errors).toBeUndefined();
    expect(result.data?.conference).toMatchObject({ id: finished.id, booking: { id: bookingA } });
  });

  it('find a booking’s bridge and conferences, and reservations and conferences by id, in key order', async () => {
    const bookings = await execute(BOOKING_ENTITIES, {
      representations: [bookingA.toUpperCase(), bookingB].map((id) => ({ __typename: 'Booking', id })),
    });
    expect(bookings.errors).toBeUndefined();
    expect(bookings.data?._entities).toMatchObject([
      { id: bookingA.toUpperCase(), bridge: { id: reservationA.id }, conferences: [{ id: finished.id }, { id: running.id }] },
      { id: bookingB, bridge: { id: reservationB.id }, conferences: [] },
    ]);

    const byId = await execute(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on BridgeReservation { id } ... on Conference { id } }
      }`,
      {
        representations: [
          { __typename: 'BridgeReservation', id: reservationB.id.toUpperCase() },
          { __typename: 'Conference', id: running.id.toUpperCase() },
        ],
      },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data?._entities).toEqual([{ id: reservationB.id }, { id: running.id }]);
  });
});

describe('batching', () => {
  it('resolves 30 bookings, with bridges, conferences and legs, with as many SQL statements as 3', async () => {
    const bookingIds = Array.from({ length: 30 }, () => randomUUID());
    for (const bookingId of bookingIds) {
      const reservation = await reserveBridge(bookingId);
      const conference = await holdConference(reservation.id, new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:30:00Z'));
      await joinLeg(conference.id, '+39 011 555 0199', new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:30:00Z'));
    }
    const representations = bookingIds.map((id) => ({ __typename: 'Booking', id }));

    async function statementsFor(references: object[]): Promise<number> {
      database.queries.reset();
      const result = await execute(BOOKING_ENTITIES, { representations: references });
      expect(result.errors).toBeUndefined();
      expect(result.data?._entities).toHaveLength(references.length);
      return database.queries.total;
    }

    const forThree = await statementsFor(representations.slice(0, 3));
    expect(forThree).toBeGreaterThan(0);
    expect(await statementsFor(representations)).toBe(forThree);
  });
});
