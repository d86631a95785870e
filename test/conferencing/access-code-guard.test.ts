/**
 * Guessing access codes: after BRIDGE_MAX_FAILED_CODES unknown codes in a window every
 * startConference is refused at once, even with the right code, until the window has passed;
 * the count is kept in the database, so every conferencing instance refuses alike. Its own
 * database, since the block holds for the whole bridge. Time passes on the service's clock.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPool } from '../../scripts/lib/in-pool.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import type { BridgeReservation } from '../../subgraphs/conferencing/generated/prisma/client.js';
import { createBookingEventsHandler } from '../../subgraphs/conferencing/reservations/booking-events.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { clockFrom } from '../support/clock.js';
import { createTestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';

const MAX_FAILED = 20;
const WINDOW_MS = 10_000;
const clock = clockFrom();
const limits = { maxFailedAccessCodes: MAX_FAILED, failedAccessCodeWindowMs: WINDOW_MS };

let database: Database;
let prisma: ConferencingPrisma;
/** Two conferencing instances on one database, as behind a load balancer. */
let first: ReturnType<typeof buildConferencingServer>;
let second: ReturnType<typeof buildConferencingServer>;

const START = `mutation ($code: String!) { startConference(accessCode: $code) { id } }`;

async function reserve(): Promise<BridgeReservation> {
  const bookingId = randomUUID();
  const handler = createBookingEventsHandler({ clock: clock.now });
  const payload = { bookingId, customerId: randomUUID(), scheduledStart: clock.now().toISOString(), durationMinutes: 60, expectedParticipants: 4, tollFree: false, recording: false, revision: 1 };
  await prisma.$transaction((tx) => handler.apply(tx, [{ id: randomUUID(), type: 'booking.scheduled', source: 'bookings', subject: bookingId, occurredAt: clock.now().toISOString(), payload }], undefined));
  return prisma.bridgeReservation.findUniqueOrThrow({ where: { bookingId } });
}

/** A nine-digit code no reservation has: the reservations' codes are drawn at random, these count up from 1. */
const wrongCode = (index: number) => String(index + 1).padStart(9, '0');

beforeAll(async () => {
  database = await createTestDatabase('conferencing');
  prisma = createConferencingPrisma(database.adapter);
  first = buildConferencingServer(prisma, { clock: clock.now, limits });
  second = buildConferencingServer(prisma, { clock: clock.now, limits });
});

afterAll(async () => {
  await first?.server.stop();
  await second?.server.stop();
  await prisma?.$disconnect();
  await database?.close();
});

describe('unknown access codes', () => {
  it('after 3,000 guesses in a burst, refuses even the right code with TOO_MANY_REQUESTS until the window has passed, on every instance', async () => {
    const reservation = await reserve();
    const answers = new Map<string, number>();
    // 3,000 wrong codes, 50 at a time, alternating between the instances.
    await inPool(Array.from({ length: 3000 }, (_, index) => index), 50, async (index) => {
      const result = await execute(index % 2 ? second : first, START, { code: wrongCode(index) });
      const code = String(result.errors?.[0]?.extensions?.code);
      answers.set(code, (answers.get(code) ?? 0) + 1);
    });
    // The first ones were looked up; the guesses in flight when the limit was reached were
    // looked up too, at most the 50 sent at once; all the others were refused unseen.
    expect(answers.get('NOT_FOUND')).toBeGreaterThanOrEqual(MAX_FAILED);
    expect(answers.get('NOT_FOUND')).toBeLessThan(MAX_FAILED + 50);
    expect(answers.get('TOO_MANY_REQUESTS')).toBe(3000 - answers.get('NOT_FOUND')!);

    for (const instance of [first, second]) {
      const right = await execute(instance, START, { code: reservation.accessCode });
      expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
      expect(right.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(right.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_MS / 1000);
      expect(right.errors?.[0]?.message).toMatch(/^Too many unknown access codes: 20 within 10 s\. .*try again in \d+ s$/);
    }
    // Refused before looking at the code at all: a malformed one gets the same answer.
    expect((await execute(first, START, { code: 'abc' })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(await prisma.conference.count({ where: { reservationId: reservation.id } })).toBe(0);

    clock.advance(WINDOW_MS);
    const opened = await execute(second, START, { code: reservation.accessCode });
    expect(opened.errors).toBeUndefined();
    expect(await prisma.conference.count({ where: { reservationId: reservation.id } })).toBe(1);
  });

  it('counts afresh once the window has passed, and counts only unknown codes, not the refusals of a known one', async () => {
    clock.advance(WINDOW_MS);
    const reservation = await reserve();
    for (let index = 0; index < MAX_FAILED - 1; index += 1) {
      expect((await execute(first, START, { code: wrongCode(index) })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // Malformed codes and a known code that is refused (a conference already runs) are no guesses.
    expect((await execute(first, START, { code: '12' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await execute(first, START, { code: reservation.accessCode })).errors).toBeUndefined();
    expect((await execute(first, START, { code: reservation.accessCode })).errors?.[0]?.extensions?.reason).toBe('CONFERENCE_RUNNING');
    expect((await prisma.accessCodeFailureWindow.findUniqueOrThrow({ where: { callerKey: 'bridge' } })).failures).toBe(MAX_FAILED - 1);
    // The last one allowed is still looked up; the next call is refused, on the other instance too.
    expect((await execute(second, START, { code: wrongCode(99) })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await execute(first, START, { code: wrongCode(100) })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  });
});
