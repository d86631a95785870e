/**
 * The bridge's side of a reservation: what the conference hardware reports. A conference
 * starts on a reservation's access code inside its window, participants join and leave, and
 * the conference ends; its legs then go to billing as call records (conference.ended),
 * recorded in the same transaction as the end, so billing hears of every ended conference once.
 *
 * Each step locks the row it changes (the reservation; the conference, for a join, a leave or
 * the end; then the leg) before it decides, so concurrent reports for one conference queue
 * instead of both succeeding: two ends give one event, two leaves of one leg count it once.
 *
 * A booking cancelled while its conference runs releases the reservation: from then on the
 * bridge opens no conference and takes no join on it, but leaves and the end still work, so
 * the legs already on the call are closed and billed (no usage is lost).
 *
 * Access codes the bridge cannot open on count against their caller and the whole bridge
 * (access-code-guard.ts); a caller who is not an operator hears the same answer for an unknown,
 * a released and a closed one. A conference takes at most its reservation's maxParticipants
 * connected at once.
 */
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { EVENT_TYPES, type CallRecord, type ConferenceEnded } from '../../shared/events/contract.js';
import { recordEvents } from '../../shared/events/outbox.js';
import { conflict, notFound } from '../../shared/errors.js';
import { uuid, validate } from '../../shared/validation.js';
import type { ConferencingPrisma, ConferencingTx } from '../database.js';
import type { Conference, ParticipantLeg } from '../generated/prisma/client.js';
import type { AccessCodeGuard } from './access-code-guard.js';
import { liveStepInstant, stepInstant } from './bridge-clock.js';
import type { Clock } from '../../shared/clock.js';
import { phoneNumber } from './phone-number.js';

/** Access codes are digits; the length check comes first so a huge string costs nothing. */
const accessCode = z
  .string()
  .max(16, { message: 'must be at most 16 digits', abort: true })
  .regex(/^\d{4,16}$/, 'must be the digits of a reservation\'s access code, such as 123456789');

const seconds = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 1000);

async function lock(tx: ConferencingTx, table: 'BridgeReservation' | 'Conference' | 'ParticipantLeg', id: string, mode: 'UPDATE' | 'SHARE' = 'UPDATE'): Promise<void> {
  // Table names and modes come from the unions above, never from input.
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "id" = $1::uuid FOR ${mode}`, id);
}

/** Who asks startConference: whose failures a code it cannot open on counts against, and whether it may hear why. */
export interface StartingCaller {
  /** `caller:<subject>` (access-code-guard.ts callerKeyOf). */
  key: string;
  /** A conference operator, who may read every reservation's window and booking anyway (the `conference-operator` role). */
  operator: boolean;
}

/**
 * The one answer a caller who is not an operator gets for an access code the bridge cannot open
 * on, whether no reservation has it, its booking was cancelled or its window is not open now:
 * the same code and message, so a guesser cannot tell a code that exists from one that does
 * not (and learns no booking id or window to aim at).
 */
export function noOpenReservation(): GraphQLError {
  // Not even the code in the message: the answers to any two codes are the same bytes.
  return new GraphQLError(
    'No reservation is open on this access code now: check the code, and that the call is booked for now (the bridge opens 15 minutes before the booked start)',
    { extensions: { code: 'NOT_FOUND', reason: 'NO_OPEN_RESERVATION' } },
  );
}

export async function startConference(
  prisma: ConferencingPrisma,
  clock: Clock,
  guard: AccessCodeGuard,
  caller: StartingCaller,
  rawAccessCode: unknown,
  at?: Date | null,
): Promise<Conference> {
  // First: a blocked caller learns nothing about any code, not even that it is well-formed.
  await guard.refuseWhileBlocked(caller.key);
  const code = validate(accessCode, rawAccessCode, 'accessCode');
  // A time from the future is refused before the code is looked up: its refusal then says nothing about the code.
  stepInstant(at, new Date(0), 'the epoch', clock());
  // Failures are counted outside the transaction, so that they are kept when the refusal is thrown.
  const found = await prisma.bridgeReservation.findUnique({ where: { accessCode: code }, select: { id: true } });
  const opened: Opening = found ? await openConference(prisma, clock, found.id, code, at) : { closed: notFound('Reservation with access code', code), unknown: true };
  if ('conference' in opened) return opened.conference;
  // An operator is told why: the window and the booking are theirs to read anyway. A code that
  // exists is no guess, so only an unknown one counts, for operators too: an operator's stolen
  // token must not guess faster than a bridge's.
  if (caller.operator) {
    if (opened.unknown) await guard.recordFailure(caller.key);
    throw opened.closed;
  }
  // Anyone else gets one answer, built here only so that even a development stack trace is the
  // same, and every such code counts: otherwise guessing would find the codes of cancelled and
  // future calls, to use once they open.
  await guard.recordFailure(caller.key);
  throw noOpenReservation();
}

/** A conference started, or why the reservation does not open now (for an operator's eyes). */
type Opening = { conference: Conference } | { closed: GraphQLError; unknown: boolean };

async function openConference(prisma: ConferencingPrisma, clock: Clock, reservationId: string, code: string, at: Date | null | undefined): Promise<Opening> {
  return prisma.$transaction(async (tx) => {
    await lock(tx, 'BridgeReservation', reservationId);
    const reservation = await tx.bridgeReservation.findUniqueOrThrow({ where: { id: reservationId } });
    const previous = await tx.conference.findFirst({ where: { reservationId }, orderBy: { startedAt: 'desc' } });
    if (reservation.status === 'RELEASED') {
      const closed = conflict(`The reservation for access code ${code} was released (its booking ${reservation.bookingId} was cancelled); the bridge does not open on it`, {
        reason: 'RESERVATION_RELEASED',
        reservationId,
        bookingId: reservation.bookingId,
      });
      return { closed, unknown: false };
    }
    if (previous && previous.endedAt === null) {
      // The code is open and in use: whoever holds it would have started this conference.
      throw conflict(`Conference ${previous.id} is already running on access code ${code}; end it before starting another`, {
        reason: 'CONFERENCE_RUNNING',
        conferenceId: previous.id,
      });
    }
    // Before the window opens is not bad input but the reservation's state: refused as CONFLICT.
    const startedAt = stepInstant(at, previous?.endedAt ?? new Date(0), 'the end of the previous conference on this reservation', clock());
    if (startedAt < reservation.validFrom || startedAt > reservation.validUntil) {
      const closed = conflict(
        `The reservation for access code ${code} is open from ${reservation.validFrom.toISOString()} to ${reservation.validUntil.toISOString()}; at ${startedAt.toISOString()} it is not`,
        { reason: 'OUTSIDE_RESERVATION_WINDOW', validFrom: reservation.validFrom.toISOString(), validUntil: reservation.validUntil.toISOString() },
      );
      return { closed, unknown: false };
    }
    return { conference: await tx.conference.create({ data: { reservationId, startedAt } }) };
  });
}

export async function joinConference(
  prisma: ConferencingPrisma,
  clock: Clock,
  rawConferenceId: unknown,
  rawPhoneNumber: unknown,
  tollFree: boolean,
  at?: Date | null,
): Promise<ParticipantLeg> {
  const conferenceId = validate(uuid, rawConferenceId, 'conferenceId');
  const number = validate(phoneNumber, rawPhoneNumber, 'phoneNumber');
  return prisma.$transaction(async (tx) => {
    await lock(tx, 'Conference', conferenceId);
    const conference = await tx.conference.findUnique({ where: { id: conferenceId } });
    if (!conference) throw notFound('Conference', conferenceId);
    if (conference.endedAt) throw conflict(`Conference ${conferenceId} ended at ${conference.endedAt.toISOString()}; nobody can join it`, { reason: 'CONFERENCE_ENDED' });
    // Shared: joins to one conference already queue on its row. A cancellation releasing the
    // reservation waits for this join to commit, or this join waits and sees it released.
    await lock(tx, 'BridgeReservation', conference.reservationId, 'SHARE');
    const reservation = await tx.bridgeReservation.findUniqueOrThrow({ where: { id: conference.reservationId } });
    if (reservation.status === 'RELEASED') {
      // Those already on the call stay until they leave or the conference ends, and are billed.
      throw conflict(
        `Booking ${reservation.bookingId} was cancelled and its reservation released while conference ${conferenceId} was running; nobody new can join it, those already on the call stay until they leave or it ends`,
        { reason: 'RESERVATION_RELEASED', reservationId: reservation.id, bookingId: reservation.bookingId },
      );
    }
    const joinedAt = liveStepInstant(at, conference.startedAt, 'the conference started', clock());
    if (tollFree && reservation.tollFreeNumber === null) {
      throw conflict(`Booking ${reservation.bookingId} has no toll-free number; the participant can dial ${reservation.dialInNumber}`, {
        reason: 'NO_TOLL_FREE_NUMBER',
      });
    }
    if (joinedAt > reservation.validUntil) {
      throw conflict(`The reservation closed at ${reservation.validUntil.toISOString()}; nobody can join after it`, { reason: 'OUTSIDE_RESERVATION_WINDOW' });
    }
    // Those connected now, not every leg so far: a participant whose line dropped dials in
    // again, and the bridge's ports are what a crowd on one access code would take. Joins to
    // one conference queue on its row (locked above), so two cannot both take the last place.
    const connected = await tx.participantLeg.count({ where: { conferenceId, leftAt: null } });
    if (connected >= reservation.maxParticipants) {
      throw conflict(
        `Conference ${conferenceId} already has ${connected} participants connected, the most booking ${reservation.bookingId} takes (its expected participants and a margin); someone must leave first, or the booking must expect more`,
        { reason: 'CONFERENCE_FULL', maxParticipants: reservation.maxParticipants, bookingId: reservation.bookingId },
      );
    }
    return tx.participantLeg.create({ data: { conferenceId, phoneNumber: number, tollFree, joinedAt } });
  });
}

export async function leaveConference(prisma: ConferencingPrisma, clock: Clock, rawLegId: unknown, at?: Date | null): Promise<ParticipantLeg> {
  const legId = validate(uuid, rawLegId, 'legId');
  return prisma.$transaction(async (tx) => {
    const found = await tx.participantLeg.findUnique({ where: { id: legId }, select: { conferenceId: true } });
    if (!found) throw notFound('ParticipantLeg', legId);
    // The conference first, as endConference locks it: a leave and an end of the same
    // conference queue, so no leg leaves after the conference it belonged to has ended.
    await lock(tx, 'Conference', found.conferenceId);
    await lock(tx, 'ParticipantLeg', legId);
    const leg = await tx.participantLeg.findUniqueOrThrow({ where: { id: legId } });
    if (leg.leftAt) throw conflict(`Participant leg ${legId} already left at ${leg.leftAt.toISOString()}`, { reason: 'LEG_ENDED' });
    const leftAt = liveStepInstant(at, leg.joinedAt, 'the participant joined', clock());
    return tx.participantLeg.update({ where: { id: legId }, data: { leftAt, seconds: seconds(leg.joinedAt, leftAt) } });
  });
}

function callRecord(leg: ParticipantLeg): CallRecord {
  // Every leg is closed by the time the conference has ended.
  const leftAt = leg.leftAt!;
  return {
    legId: leg.id,
    phoneNumber: leg.phoneNumber,
    tollFree: leg.tollFree,
    joinedAt: leg.joinedAt.toISOString(),
    leftAt: leftAt.toISOString(),
    seconds: leg.seconds ?? seconds(leg.joinedAt, leftAt),
  };
}

export async function endConference(prisma: ConferencingPrisma, clock: Clock, rawConferenceId: unknown, at?: Date | null): Promise<Conference> {
  const conferenceId = validate(uuid, rawConferenceId, 'conferenceId');
  return prisma.$transaction(async (tx) => {
    await lock(tx, 'Conference', conferenceId);
    const conference = await tx.conference.findUnique({ where: { id: conferenceId }, include: { reservation: true } });
    if (!conference) throw notFound('Conference', conferenceId);
    if (conference.endedAt) {
      throw conflict(`Conference ${conferenceId} already ended at ${conference.endedAt.toISOString()}`, { reason: 'CONFERENCE_ENDED' });
    }
    const lastStep = await tx.participantLeg.aggregate({ where: { conferenceId }, _max: { joinedAt: true, leftAt: true } });
    const latest = [lastStep._max.joinedAt, lastStep._max.leftAt].reduce<Date>((max, date) => (date && date > max ? date : max), conference.startedAt);
    const endedAt = liveStepInstant(at, latest, 'the last thing that happened in the conference', clock());
    // Legs still connected leave with the conference; whole seconds, as for a leg that leaves.
    await tx.$executeRaw`
      UPDATE "ParticipantLeg" SET "leftAt" = ${endedAt}, "seconds" = floor(extract(epoch FROM (${endedAt}::timestamp(3) - "joinedAt")))::int
      WHERE "conferenceId" = ${conferenceId}::uuid AND "leftAt" IS NULL`;
    const ended = await tx.conference.update({ where: { id: conferenceId }, data: { endedAt } });
    const legs = await tx.participantLeg.findMany({ where: { conferenceId }, orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }] });
    const { reservation } = conference;
    const payload: ConferenceEnded = {
      conferenceId,
      reservationId: reservation.id,
      bookingId: reservation.bookingId,
      customerId: reservation.customerId,
      startedAt: conference.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      recording: reservation.recording,
      legs: legs.map(callRecord),
    };
    await recordEvents(tx, 'conferencing', [{ type: EVENT_TYPES.conferenceEnded, subject: conferenceId, payload, occurredAt: endedAt }]);
    return ended;
  });
}
