/**
 * The bridge simulator's moves, through the gateway's GraphQL API only (as the bridge
 * hardware would call conferencing): reads a booking's bridge, then runs a planned call on it
 * with startConference, joinConference, leaveConference and endConference, reporting each
 * step's time as `at`. The call runs live from now, each step sent when its time comes: the API
 * refuses a join, a leave or an end more than 30 s late (its minutes would be billed) or from
 * the future. A test fast-forwards instead, moving the platform's one clock to each step.
 */
import { fetch, type Dispatcher } from 'undici';
import type { Clock } from '../../subgraphs/shared/clock.js';
import type { CallPlan } from './call-plan.js';
import type { SteerableClock } from './steerable-clock.js';

export type GraphQL = <Data = any>(query: string, variables?: Record<string, unknown>) => Promise<Data>;

/** A GraphQL answer with errors, kept whole so the caller can count them by code. */
export class GraphQLFailure extends Error {
  constructor(readonly codes: string[], message: string) {
    super(message);
  }
}

/**
 * GraphQL through the gateway with one bearer token. The simulator uses two: the conference
 * operator's (the customers, the bookings and their bridges' access codes) and the bridge's
 * (starting, joining, leaving and ending calls, which is all the `bridge` role may do).
 */
export function gatewayGraphQL(url: string, token: string, dispatcher?: Dispatcher): GraphQL {
  return async (query, variables = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      dispatcher,
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) {
      throw new GraphQLFailure(body.errors.map((error) => error.extensions?.code ?? 'UNKNOWN'), body.errors.map((error) => error.message).join('; '));
    }
    return body.data;
  };
}

export interface BridgeOfBooking {
  bookingId: string;
  accessCode: string;
  status: 'RESERVED' | 'RELEASED';
  validFrom: Date;
  validUntil: Date;
  tollFreeNumber: string | null;
}

export interface CallTally {
  conferences: number;
  legs: number;
  tollFreeLegs: number;
  droppedEarly: number;
  connectedSeconds: number;
}

export const emptyTally = (): CallTally => ({ conferences: 0, legs: 0, tollFreeLegs: 0, droppedEarly: 0, connectedSeconds: 0 });

const BRIDGES = (count: number) => `query (${Array.from({ length: count }, (_, i) => `$b${i}: ID!`).join(', ')}) {
  ${Array.from({ length: count }, (_, i) => `b${i}: booking(id: $b${i}) { id bridge { accessCode status validFrom validUntil tollFreeNumber } }`).join('\n  ')}
}`;

/** Under the gateway's 30-alias limit. */
const BRIDGES_PER_QUERY = 25;

/** The bridges of these bookings, null where none is reserved yet. */
export async function readBridges(graphql: GraphQL, bookingIds: string[]): Promise<Map<string, BridgeOfBooking | null>> {
  const bridges = new Map<string, BridgeOfBooking | null>();
  for (let from = 0; from < bookingIds.length; from += BRIDGES_PER_QUERY) {
    const chunk = bookingIds.slice(from, from + BRIDGES_PER_QUERY);
    const data = await graphql<Record<string, { id: string; bridge: null | Omit<BridgeOfBooking, 'bookingId' | 'validFrom' | 'validUntil'> & { validFrom: string; validUntil: string } } | null>>(
      BRIDGES(chunk.length),
      Object.fromEntries(chunk.map((id, index) => [`b${index}`, id])),
    );
    chunk.forEach((id, index) => {
      const booking = data[`b${index}`];
      if (!booking) throw new Error(`Booking ${id} does not exist`);
      const bridge = booking.bridge;
      bridges.set(id, bridge && { ...bridge, bookingId: id, validFrom: new Date(bridge.validFrom), validUntil: new Date(bridge.validUntil) });
    });
  }
  return bridges;
}

/** Polls until every booking has a bridge or `timeoutMs` passes; returns the bridges found. */
export async function waitForBridges(graphql: GraphQL, bookingIds: string[], timeoutMs: number, pollMs = 250): Promise<Map<string, BridgeOfBooking | null>> {
  const deadline = Date.now() + timeoutMs;
  let bridges = await readBridges(graphql, bookingIds);
  while (Date.now() < deadline) {
    const missing = bookingIds.filter((id) => !bridges.get(id));
    if (missing.length === 0) break;
    await sleep(pollMs);
    for (const [id, bridge] of await readBridges(graphql, missing)) bridges.set(id, bridge);
  }
  return bridges;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const START = 'mutation ($code: String!, $at: DateTime) { startConference(accessCode: $code, at: $at) { id } }';
const JOIN = 'mutation ($id: ID!, $number: String!, $tollFree: Boolean, $at: DateTime) { joinConference(conferenceId: $id, phoneNumber: $number, tollFree: $tollFree, at: $at) { id } }';
const LEAVE = 'mutation ($id: ID!, $at: DateTime) { leaveConference(legId: $id, at: $at) { id seconds } }';
const END = 'mutation ($id: ID!, $at: DateTime) { endConference(conferenceId: $id, at: $at) { id legs { tollFree seconds } } }';

type Step = { second: number; order: number; run: () => Promise<void> };

export interface RunCallOptions {
  onStep?: (line: string) => void;
  /** The bridge's clock: a step is sent once it reads the step's time (the real clock when not given). */
  clock?: Clock;
  /**
   * The platform's own clock, in a test: instead of waiting for a step's time, moves this clock
   * (which every service reads) to it, so a ten-minute call takes a second.
   */
  fastForward?: SteerableClock;
  /**
   * When the call started (now when not given). A start in the past replays the steps already
   * due at once, but the API takes a join, a leave or an end at most 30 s late: only a call
   * shorter than that can be replayed whole (the benchmarks do, to rate legs by the thousand).
   */
  startAt?: Date;
}

/**
 * Runs the planned call on the bridge. Returns the conference id and what the bridge counted;
 * a refused step stops the call (the conference, if started, is ended).
 */
export async function runCall(graphql: GraphQL, bridge: BridgeOfBooking, plan: CallPlan, tally: CallTally, { onStep, clock = () => new Date(), fastForward, startAt: givenStart }: RunCallOptions = {}): Promise<string> {
  const now = fastForward?.now ?? clock;
  const startAt = givenStart ?? now();
  const at = (second: number) => new Date(startAt.getTime() + second * 1000);
  const whenDue = async (second: number) => {
    const wait = at(second).getTime() - now().getTime();
    if (wait <= 0) return;
    if (fastForward) fastForward.advance(wait);
    else await sleep(wait);
  };
  const started = await graphql<{ startConference: { id: string } }>(START, { code: bridge.accessCode, at: at(0).toISOString() });
  const conferenceId = started.startConference.id;
  onStep?.(`started conference ${conferenceId} on access code ${bridge.accessCode} at ${at(0).toISOString()}`);
  const legIds = new Map<number, string>();
  const steps: Step[] = [];
  plan.legs.forEach((leg, index) => {
    steps.push({
      second: leg.joinSecond,
      order: 0,
      run: async () => {
        const joined = await graphql<{ joinConference: { id: string } }>(JOIN, { id: conferenceId, number: leg.phoneNumber, tollFree: leg.tollFree, at: at(leg.joinSecond).toISOString() });
        legIds.set(index, joined.joinConference.id);
        onStep?.(`  ${leg.phoneNumber} joined${leg.tollFree ? ' (toll-free)' : ''} at +${leg.joinSecond} s`);
      },
    });
    if (leg.leaveSecond !== null) {
      const leaveSecond = leg.leaveSecond;
      steps.push({
        second: leaveSecond,
        order: 1,
        run: async () => {
          await graphql(LEAVE, { id: legIds.get(index), at: at(leaveSecond).toISOString() });
          tally.droppedEarly += 1;
          onStep?.(`  ${leg.phoneNumber} left at +${leaveSecond} s`);
        },
      });
    }
  });
  // By time; at one instant a leg joins before it (or another) leaves.
  steps.sort((a, b) => a.second - b.second || a.order - b.order);
  try {
    for (const step of steps) {
      await whenDue(step.second);
      await step.run();
    }
  } finally {
    await whenDue(plan.seconds);
    const ended = await graphql<{ endConference: { legs: { tollFree: boolean; seconds: number | null }[] } }>(END, { id: conferenceId, at: at(plan.seconds).toISOString() });
    tally.conferences += 1;
    for (const leg of ended.endConference.legs) {
      tally.legs += 1;
      if (leg.tollFree) tally.tollFreeLegs += 1;
      tally.connectedSeconds += leg.seconds ?? 0;
    }
    onStep?.(`ended conference ${conferenceId} at +${plan.seconds} s with ${ended.endConference.legs.length} legs`);
  }
  return conferenceId;
}
