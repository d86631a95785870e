/**
 * Issue 6's bookings-and-bridge part through the gateway: a booking needs a contract in force,
 * its event reserves the bridge (delivered from bookings' outbox to conferencing's handler by
 * the event delivery the platform runs), the simulator runs a call on the bridge, and the
 * conference's end reaches billing, which charges each leg.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planCall, seededFaker } from '../../scripts/lib/call-plan.js';
import { emptyTally, GraphQLFailure, runCall, waitForBridges, type GraphQL } from '../../scripts/lib/bridge-simulator.js';
import { contractDay } from '../../subgraphs/bookings/customer-directory.js';
import { createBookingsPrisma, type BookingsPrisma } from '../../subgraphs/bookings/database.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let bookings: BookingsPrisma;
let conferencing: ConferencingPrisma;

beforeAll(async () => {
  stack = await startStack({ customers: 3 });
  bookings = createBookingsPrisma(stack.adapter('bookings'));
  conferencing = createConferencingPrisma(stack.adapter('conferencing'));
});

afterAll(async () => {
  await bookings?.$disconnect();
  await conferencing?.$disconnect();
  await stack?.stop();
});

/**
 * Until event delivery (the in-process platform runs it, as npm start does) has brought every
 * event bookings recorded to conferencing, and conferencing has applied each.
 */
async function bookingEventsApplied(): Promise<void> {
  await vi.waitFor(
    async () => {
      const sent = await bookings.outboxEvent.findMany({ select: { id: true, status: true } });
      expect(sent.filter((row) => row.status !== 'DELIVERED')).toEqual([]);
      const received = await conferencing.inboxEvent.findMany({ where: { eventId: { in: sent.map((row) => row.id) } }, select: { eventId: true, status: true, error: true } });
      expect(received.filter((row) => row.status !== 'APPLIED')).toEqual([]);
      expect(received).toHaveLength(sent.length);
    },
    { timeout: 20_000, interval: 50 },
  );
}

const graphql: GraphQL = async (query, variables) => {
  const result = await stack.query(query, variables);
  if (result.errors?.length) throw new GraphQLFailure(result.errors.map((error) => error.extensions?.code ?? 'UNKNOWN'), result.errors[0]!.message);
  return result.data as never;
};

const BOOK = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }`;
const BRIDGE = `query ($id: ID!) { booking(id: $id) { title bridge { dialInNumber tollFreeNumber accessCode moderatorPin status validFrom validUntil } } }`;

function bookingInput(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    title: 'Quarterly review',
    organiserName: 'Giulia Bianchi',
    organiserEmail: 'giulia@example.com',
    scheduledStart: new Date(stack.clock.now().getTime() + 60_000).toISOString(),
    durationMinutes: 45,
    expectedParticipants: 6,
    tollFree: true,
    ...overrides,
  };
}

describe('createBooking asks sales for a contract in force', () => {
  it('refuses a customer with no contract, or only a draft, with CONFLICT naming the day and sales', async () => {
    const created = await stack.query(
      `mutation { createCustomer(input: { legalName: "Senza Contratto S.r.l.", vatNumber: "IT99988877769", segment: SMALL_BUSINESS,
        email: "info@senzacontratto.example.it", address: { street: "Via Roma 1", postalCode: "20121", city: "Milano", country: "IT" } }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    const customerId = created.data!.createCustomer.id as string;
    const start = new Date(stack.clock.now().getTime() + 3 * 86_400_000);
    const refused = await stack.query(BOOK, { input: bookingInput(customerId, { scheduledStart: start.toISOString() }) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', customerId });
    expect(refused.errors?.[0]?.message).toBe(
      `Customer ${customerId} has no active contract on ${contractDay(start)}; activate one in sales, then book again`,
    );

    const draft = await stack.query(
      `mutation ($customerId: ID!) { createContract(input: { customerId: $customerId, number: "CTR-DRAFT-1", startsOn: "2020-01-01",
        rates: [{ service: CONFERENCE_DIAL_IN, unit: MINUTE, unitPrice: "0.05", currency: "EUR", billingIncrementSeconds: 60, effectiveFrom: "2020-01-01T00:00:00Z" }] }) { id } }`,
      { customerId },
    );
    expect(draft.errors).toBeUndefined();
    expect((await stack.query(BOOK, { input: bookingInput(customerId) })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const activated = await stack.query(`mutation ($id: ID!) { activateContract(id: $id) { status } }`, { id: draft.data!.createContract.id });
    expect(activated.errors).toBeUndefined();
    const booked = await stack.query(BOOK, { input: bookingInput(customerId) });
    expect(booked.errors).toBeUndefined();
    expect(await stack.sql('bookings', 'SELECT count(*)::int AS n FROM "Booking" WHERE "title" = \'Quarterly review\'')).toEqual([{ n: 1 }]);
  });

  it('is NOT_FOUND for a customer sales does not know', async () => {
    const refused = await stack.query(BOOK, { input: bookingInput(randomUUID()) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('from booking to bridge to call records', () => {
  it('reserves the bridge, runs a simulated call on it and leads from each leg back to the booking', async () => {
    const customer = stack.world.sales.customers[0]!;
    const booked = await stack.query(BOOK, { input: bookingInput(customer.id, { title: 'Board meeting' }) });
    expect(booked.errors).toBeUndefined();
    const bookingId = booked.data!.createBooking.id as string;

    await bookingEventsApplied();
    const { bridge } = (await stack.query(BRIDGE, { id: bookingId })).data!.booking;
    expect(bridge).toMatchObject({ status: 'RESERVED', tollFreeNumber: expect.any(String), accessCode: expect.stringMatching(/^\d{9}$/) });

    const bridges = await waitForBridges(graphql, [bookingId], 1000);
    const tally = emptyTally();
    const plan = planCall(seededFaker(7), { participants: 5, seconds: 600, tollFreeAvailable: true });
    // Live from now, as a bridge reports it; the platform's clock moves to each step.
    const conferenceId = await runCall(graphql, bridges.get(bookingId)!, plan, tally, { fastForward: stack.clock });
    expect(tally.conferences).toBe(1);
    expect(tally.legs).toBe(plan.legs.length);

    const [ended] = await conferencing.outboxEvent.findMany({ where: { subject: conferenceId } });
    expect(ended).toMatchObject({ type: 'conference.ended', payload: { bookingId, customerId: customer.id } });
    const legIds = (ended!.payload as { legs: { legId: string }[] }).legs.map((leg) => leg.legId);
    expect(legIds).toHaveLength(plan.legs.length);

    // Delivered to billing and rated there, each leg once: no one re-types the call records.
    await vi.waitFor(
      async () => expect(await stack.sql('billing', `SELECT status, error FROM integration_inbox WHERE event_id = '${ended!.id}'`)).toEqual([{ status: 'APPLIED', error: null }]),
      { timeout: 20_000, interval: 50 },
    );
    const charged = await stack.sql<{ legId: string }>('billing', `SELECT "legId"::text AS "legId" FROM "UsageCharge" WHERE "conferenceId" = '${conferenceId}' AND "legId" IS NOT NULL`);
    expect(charged.map((row) => row.legId).sort()).toEqual([...legIds].sort());

    const traced = await stack.query(`query ($id: ID!) { conference(id: $id) { legs { id conference { booking { title customer { legalName } } } } } }`, {
      id: conferenceId,
    });
    expect(traced.errors).toBeUndefined();
    expect(traced.data!.conference.legs[0].conference.booking).toEqual({ title: 'Board meeting', customer: { legalName: customer.legalName } });
  });

  it('moves the reservation when the booking is rescheduled and releases it when cancelled', async () => {
    const customer = stack.world.sales.customers[1]!;
    const booked = await stack.query(BOOK, { input: bookingInput(customer.id) });
    const bookingId = booked.data!.createBooking.id as string;
    await bookingEventsApplied();
    const before = (await stack.query(BRIDGE, { id: bookingId })).data!.booking.bridge;

    const later = new Date(stack.clock.now().getTime() + 7 * 86_400_000);
    const moved = await stack.query(`mutation ($id: ID!, $start: DateTime!) { updateBooking(id: $id, input: { scheduledStart: $start, tollFree: false }) { id } }`, {
      id: bookingId,
      start: later.toISOString(),
    });
    expect(moved.errors).toBeUndefined();
    await bookingEventsApplied();
    const after = (await stack.query(BRIDGE, { id: bookingId })).data!.booking.bridge;
    expect(after).toMatchObject({ accessCode: before.accessCode, moderatorPin: before.moderatorPin, tollFreeNumber: null, status: 'RESERVED' });
    expect(Date.parse(after.validFrom)).toBe(later.getTime() - 15 * 60_000);

    await stack.query(`mutation ($id: ID!) { cancelBooking(id: $id) { id } }`, { id: bookingId });
    await bookingEventsApplied();
    expect((await stack.query(BRIDGE, { id: bookingId })).data!.booking.bridge.status).toBe('RELEASED');
    const start = await stack.query(`mutation ($code: String!) { startConference(accessCode: $code) { id } }`, { code: before.accessCode });
    expect(start.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RESERVATION_RELEASED' });
    expect(await conferencing.bridgeReservation.count({ where: { bookingId } })).toBe(1);
  });
});
