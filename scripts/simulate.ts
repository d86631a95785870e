/**
 * The bridge simulator: drives realistic calls against conferencing's bridge API through the
 * gateway (GraphQL only), as the conference hardware would.
 *
 *   npm run simulate -- --booking <id> [--participants 6] [--minutes 45]
 *       One conference on that booking's bridge: waits until conferencing has reserved it
 *       (booking.bridge) and its window has opened, then starts the call, lets the participants
 *       join and leave, and ends it.
 *   npm run simulate -- --conferences 200 --customers 12 [--minutes 2] [--concurrency 250]
 *       Books --conferences calls for the first --customers customers (each needs a contract in
 *       force), waits for their bridges and runs them all, --concurrency at a time, each lasting
 *       1 to --minutes minutes (2 by default here).
 *
 * Many conferences at once can report joins and leaves faster than the gateway's default
 * RATE_LIMIT_PER_IDENTITY (500 every 10 s) lets one bridge: run the gateway with a higher limit
 * or 0 for such runs, or the overflow is answered TOO_MANY_REQUESTS.
 *
 * Options: --url (default http://localhost:4000/), --seed (default 1: the same calls, numbers
 * and timings every run), --wait-seconds (how long to wait for bridges, default 60).
 *
 * Tokens: the simulator plays two parties, each with the narrowest role that does its part.
 * The bridge hardware (`bridge`: startConference, joinConference, leaveConference,
 * endConference, and nothing else) runs the calls; the conference operator
 * (`conference-operator`) lists the customers, books the calls and reads each booking's bridge
 * (its access code: the bridge role may not read bookings). By default both tokens are signed
 * with the embedded issuer's key in the key folder (INTEGRA_KEYS_DIR, .data/keys), which a
 * gateway started by `npm start` on this machine accepts; against a gateway that takes an
 * identity provider's tokens, pass them: --bridge-token <jwt> --operator-token <jwt>.
 *
 * Time: the bridge reports a join, a leave or an end as it happens (the API refuses one more
 * than 30 s late, since its minutes are billed), so every call runs live from the moment it
 * starts, in real time: a 45-minute call takes 45 minutes, and the calls of --conferences run
 * side by side.
 */
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { BRIDGE_ROLE } from '../subgraphs/shared/identity/roles.js';
import { emptyTally, GraphQLFailure, gatewayGraphQL, runCall, waitForBridges, type CallTally } from './lib/bridge-simulator.js';
import { planCall, seededFaker } from './lib/call-plan.js';
import { inPool } from './lib/in-pool.js';
import { localToken } from './lib/local-tokens.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000/' },
    booking: { type: 'string' },
    participants: { type: 'string', default: '6' },
    minutes: { type: 'string' },
    conferences: { type: 'string' },
    customers: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '250' },
    seed: { type: 'string', default: '1' },
    'wait-seconds': { type: 'string', default: '60' },
    'bridge-token': { type: 'string' },
    'operator-token': { type: 'string' },
  },
  strict: true,
});

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${raw}`);
  return value;
}

const url = new URL(values.url!).toString();
const seed = wholeNumber('seed', values.seed!, 0, 2 ** 31 - 1);
const waitMs = wholeNumber('wait-seconds', values['wait-seconds']!, 1, 3600) * 1000;
const agent = new Agent({ connections: 64 });

const errorsByCode = new Map<string, number>();

const bridgeDevice = gatewayGraphQL(url, values['bridge-token'] ?? (await localToken([BRIDGE_ROLE], { subject: 'bridge:simulator' })), agent);
const operator = gatewayGraphQL(url, values['operator-token'] ?? (await localToken(['conference-operator'], { subject: 'dev:simulator-operator' })), agent);

function countFailure(error: unknown): string {
  const codes = error instanceof GraphQLFailure ? error.codes : ['NETWORK'];
  for (const code of codes) errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + 1);
  return error instanceof Error ? error.message : String(error);
}

function printTally(tally: CallTally, elapsedMs: number): void {
  const minutes = (tally.connectedSeconds / 60).toFixed(1);
  console.log(`conferences ended: ${tally.conferences}`);
  console.log(`participant legs:  ${tally.legs} (${tally.tollFreeLegs} toll-free, ${tally.legs - tally.tollFreeLegs} dial-in; ${tally.droppedEarly} left before the end)`);
  console.log(`connected time:    ${minutes} minutes`);
  console.log(`elapsed:           ${(elapsedMs / 1000).toFixed(1)} s${tally.conferences ? ` (${(tally.conferences / (elapsedMs / 1000)).toFixed(1)} conferences/s)` : ''}`);
  if (errorsByCode.size) console.log(`refused:           ${[...errorsByCode].map(([code, count]) => `${code} ${count}`).join(', ')}`);
}

async function oneConference(bookingId: string): Promise<void> {
  const participants = wholeNumber('participants', values.participants!, 1, 500);
  const seconds = wholeNumber('minutes', values.minutes ?? '45', 1, 1440) * 60;
  console.log(`waiting for the bridge of booking ${bookingId} ...`);
  const bridge = (await waitForBridges(operator, [bookingId], waitMs)).get(bookingId);
  if (!bridge) throw new Error(`No bridge reserved for booking ${bookingId} after ${waitMs / 1000} s: is event delivery running?`);
  if (bridge.status === 'RELEASED') throw new Error(`The bridge of booking ${bookingId} is released (the booking was cancelled)`);
  const opensIn = bridge.validFrom.getTime() - Date.now();
  if (opensIn > 0) {
    if (opensIn > waitMs) throw new Error(`The bridge opens at ${bridge.validFrom.toISOString()}, more than --wait-seconds from now; run the simulator then`);
    console.log(`the bridge opens at ${bridge.validFrom.toISOString()}; waiting`);
    await new Promise((resolve) => setTimeout(resolve, opensIn + 1000));
  }
  console.log(`access code ${bridge.accessCode}; ${participants} participants, ${seconds / 60} minutes, live`);
  const tally = emptyTally();
  const began = Date.now();
  const plan = planCall(seededFaker(seed), { participants, seconds, tollFreeAvailable: bridge.tollFreeNumber !== null });
  await runCall(bridgeDevice, bridge, plan, tally, { onStep: (line) => console.log(line) });
  printTally(tally, Date.now() - began);
}

const BOOKING_CONCURRENCY = 8;

const CUSTOMERS = 'query ($first: Int!) { customers(first: $first) { edges { node { id } } } }';
const BOOK = 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }';

async function manyConferences(count: number): Promise<void> {
  const customerCount = wholeNumber('customers', values.customers!, 1, 500);
  const concurrency = wholeNumber('concurrency', values.concurrency!, 1, 1000);
  const longestSeconds = wholeNumber('minutes', values.minutes ?? '2', 1, 1440) * 60;
  const faker = seededFaker(seed);
  const customers = (await operator<{ customers: { edges: { node: { id: string } }[] } }>(CUSTOMERS, { first: customerCount })).customers.edges.map((edge) => edge.node.id);
  if (customers.length === 0) throw new Error('No customers to book for: create some in sales first');
  const began = Date.now();
  // A minute ahead: in the future when booked, and the bridge has been open for 14 minutes.
  // The calls run within the booked hour and its half-hour overrun.
  const scheduledStart = new Date(Date.now() + 60_000).toISOString();
  const orders = Array.from({ length: count }, (_, index) => ({
    customerId: customers[index % customers.length]!,
    participants: faker.helpers.weightedArrayElement([
      { value: 2, weight: 2 },
      { value: faker.number.int({ min: 3, max: 8 }), weight: 6 },
      { value: faker.number.int({ min: 9, max: 25 }), weight: 2 },
    ]),
    // Live, so short by default: the run lasts as long as its calls (see the header).
    seconds: faker.number.int({ min: 60, max: longestSeconds }),
    tollFree: faker.datatype.boolean({ probability: 0.4 }),
    recording: faker.datatype.boolean({ probability: 0.25 }),
    planSeed: faker.number.int({ min: 0, max: 2 ** 31 - 1 }),
  }));
  const bookingIds: (string | null)[] = Array.from({ length: count }, () => null);
  // Booking asks sales and writes in one transaction: a burst of them only queues in bookings'
  // database until the gateway gives up (SUBGRAPH_UNAVAILABLE, though the booking may be made).
  await inPool(orders, Math.min(concurrency, BOOKING_CONCURRENCY), async (order, index) => {
    try {
      const booked = await operator<{ createBooking: { id: string } }>(BOOK, {
        input: {
          customerId: order.customerId,
          title: `Simulated call ${index + 1}`,
          organiserName: 'Bridge Simulator',
          organiserEmail: 'simulator@example.com',
          scheduledStart,
          durationMinutes: 60,
          expectedParticipants: order.participants,
          tollFree: order.tollFree,
          recording: order.recording,
        },
      });
      bookingIds[index] = booked.createBooking.id;
    } catch (error) {
      console.error(`booking ${index + 1} refused: ${countFailure(error)}`);
    }
  });
  const booked = bookingIds.filter((id): id is string => id !== null);
  console.log(`booked ${booked.length} of ${count} calls in ${((Date.now() - began) / 1000).toFixed(1)} s; waiting for their bridges ...`);
  const bridges = await waitForBridges(operator, booked, waitMs);
  const reserved = booked.filter((id) => bridges.get(id));
  console.log(`${reserved.length} of ${booked.length} bridges reserved`);
  if (reserved.length < booked.length) console.log(`${booked.length - reserved.length} never reserved within ${waitMs / 1000} s: is event delivery running?`);
  const tally = emptyTally();
  const callsBegan = Date.now();
  await inPool(orders, concurrency, async (order, index) => {
    const bridge = bookingIds[index] ? bridges.get(bookingIds[index]) : null;
    if (!bridge) return;
    const plan = planCall(seededFaker(order.planSeed), { participants: order.participants, seconds: order.seconds, tollFreeAvailable: bridge.tollFreeNumber !== null });
    try {
      await runCall(bridgeDevice, bridge, plan, tally);
    } catch (error) {
      console.error(`call on booking ${bridge.bookingId} failed: ${countFailure(error)}`);
    }
  });
  printTally(tally, Date.now() - callsBegan);
}

try {
  if (values.booking) await oneConference(values.booking);
  else if (values.conferences) await manyConferences(wholeNumber('conferences', values.conferences, 1, 100_000));
  else throw new Error('Say what to simulate: --booking <id> [--participants 6 --minutes 45], or --conferences <n> [--customers 12]');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await agent.close();
}
