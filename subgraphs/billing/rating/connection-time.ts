/**
 * What billing charges connection time from: the instants of a call record, never the
 * `seconds` figure the event also carries. An event is a claim by whoever could write to the
 * outbox or the transport, so the figures are cross-checked and a conference whose figures
 * disagree is refused whole (parked for a person), never charged on a figure billing did not
 * compute, and never charged at zero.
 *
 * The bridge counts a leg's seconds as the whole seconds between two millisecond instants
 * (subgraphs/conferencing/bridge/conferences.ts), so billing counts them the same way and
 * allows the reported figure to differ by one second at most.
 */
import type { CallRecord, ConferenceEnded } from '../../shared/events/contract.js';

/**
 * The longest conference billing believes: the longest booking (24 h) with the bridge's
 * margins (subgraphs/conferencing/reservations/window.ts) and room for legs that stay on.
 * Longer is a bridge left open by mistake or a forged record: a person looks first.
 */
export const MAX_CONFERENCE_HOURS = 48;

/** How far a leg's reported seconds may stray from its leftAt − joinedAt. */
export const SECONDS_TOLERANCE = 1;

/** A call record billing cannot believe; its message names the leg and the figures. */
export class MalformedCallRecord extends RangeError {}

export interface MeasuredLeg {
  joinedAt: Date;
  /** Whole seconds between joinedAt and leftAt, as billing computed them. */
  seconds: number;
}

export interface MeasuredConference {
  startedAt: Date;
  endedAt: Date;
  /** Whole seconds between startedAt and endedAt. */
  seconds: number;
  legs: Map<CallRecord, MeasuredLeg>;
}

const wholeSeconds = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 1000);

/** A calendar day that exists: Date rolls 31 November over to 1 December without a word. */
function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function instant(value: unknown, what: string): Date {
  // Only ISO 8601 text: Date.parse takes 'March 7' and numbers, which no producer sends.
  const day = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T/.exec(value) : null;
  const date = day && realDay(Number(day[1]), Number(day[2]), Number(day[3])) ? new Date(value as string) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new MalformedCallRecord(`${what} is ${JSON.stringify(value) ?? 'missing'}, not an ISO 8601 instant`);
  return date;
}

function measureLeg(leg: CallRecord, startedAt: Date, endedAt: Date): MeasuredLeg {
  if (typeof leg !== 'object' || leg === null) throw new MalformedCallRecord(`a leg is ${JSON.stringify(leg)}, not a call record`);
  const name = `leg ${typeof leg?.legId === 'string' ? leg.legId : JSON.stringify(leg?.legId)}`;
  const joinedAt = instant(leg.joinedAt, `${name}: joinedAt`);
  const leftAt = instant(leg.leftAt, `${name}: leftAt`);
  const reported = leg.seconds;
  if (typeof reported !== 'number' || !Number.isInteger(reported) || reported < 0) {
    throw new MalformedCallRecord(`${name}: seconds must be a non-negative integer, got ${JSON.stringify(reported) ?? 'nothing'}`);
  }
  if (leftAt < joinedAt) throw new MalformedCallRecord(`${name}: leftAt ${leftAt.toISOString()} is before joinedAt ${joinedAt.toISOString()}`);
  if (joinedAt < startedAt || leftAt > endedAt) {
    throw new MalformedCallRecord(
      `${name}: ${joinedAt.toISOString()}..${leftAt.toISOString()} is outside the conference's ${startedAt.toISOString()}..${endedAt.toISOString()}`,
    );
  }
  const seconds = wholeSeconds(joinedAt, leftAt);
  if (Math.abs(reported - seconds) > SECONDS_TOLERANCE) {
    throw new MalformedCallRecord(`${name}: seconds says ${reported} but leftAt − joinedAt is ${seconds} s`);
  }
  return { joinedAt, seconds };
}

/** The conference's instants and each leg's connection time, or a MalformedCallRecord saying which figure is wrong. */
export function measureConference(conference: ConferenceEnded): MeasuredConference {
  const startedAt = instant(conference.startedAt, `conference startedAt`);
  const endedAt = instant(conference.endedAt, `conference endedAt`);
  if (endedAt < startedAt) throw new MalformedCallRecord(`conference endedAt ${endedAt.toISOString()} is before its startedAt ${startedAt.toISOString()}`);
  const seconds = wholeSeconds(startedAt, endedAt);
  if (seconds > MAX_CONFERENCE_HOURS * 3600) {
    throw new MalformedCallRecord(`the conference lasted ${(seconds / 3600).toFixed(1)} h (${startedAt.toISOString()}..${endedAt.toISOString()}), longer than the ${MAX_CONFERENCE_HOURS} h billing believes`);
  }
  if (!Array.isArray(conference.legs)) throw new MalformedCallRecord(`legs is ${JSON.stringify(conference.legs) ?? 'missing'}, not a list of call records`);
  const legs = new Map<CallRecord, MeasuredLeg>();
  for (const leg of conference.legs) legs.set(leg, measureLeg(leg, startedAt, endedAt));
  return { startedAt, endedAt, seconds, legs };
}
