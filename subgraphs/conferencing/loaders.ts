/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`, so resolving any number of
 * bookings or conferences costs the same number of queries. Created in the context function and
 * never shared across requests, so one request never sees another's cached rows.
 */
import DataLoader from 'dataloader';
import { loaderById, loadersByColumns, manyByKey, oneByKey, uuidsOnly, type RowColumns } from '../shared/batching.js';
import type { ConferencingPrisma } from './database.js';
import { Prisma, type BridgeReservation, type Conference, type ParticipantLeg } from './generated/prisma/client.js';

export type ConferenceWithBooking = Conference & { reservation: { bookingId: string } };

/** What BridgeReservation's fields read (resolvers/BridgeReservation.ts). */
export const RESERVATION_COLUMNS: RowColumns = {
  columns: Object.values(Prisma.BridgeReservationScalarFieldEnum),
  computed: { booking: ['bookingId'] },
  always: ['id', 'bookingId'],
};

export function createLoaders(prisma: ConferencingPrisma) {
  return {
    reservation: loaderById((ids) => prisma.bridgeReservation.findMany({ where: { id: { in: ids } } })),
    conference: loaderById((ids) => prisma.conference.findMany({ where: { id: { in: ids } } })),
    leg: loaderById((ids) => prisma.participantLeg.findMany({ where: { id: { in: ids } } })),
    /**
     * Booking ids arrive from other subgraphs through the gateway, so they are not trusted to be
     * UUIDs. One loader per set of columns asked for (null: all): a page of bookings asks for
     * the access code alone, and 15 columns of hundreds of rows cost more than the query.
     * The rows carry only the columns asked for.
     */
    reservationOfBooking: loadersByColumns(
      (select) =>
        new DataLoader<string, BridgeReservation | null>(async (bookingIds) =>
          oneByKey(bookingIds, (await prisma.bridgeReservation.findMany({ where: { bookingId: { in: uuidsOnly(bookingIds) } }, select })) as BridgeReservation[], (row) => row.bookingId),
        ),
    ),
    conferencesOfBooking: new DataLoader<string, ConferenceWithBooking[]>(async (bookingIds) =>
      manyByKey(
        bookingIds,
        await prisma.conference.findMany({
          where: { reservation: { bookingId: { in: uuidsOnly(bookingIds) } } },
          include: { reservation: { select: { bookingId: true } } },
          orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
        }),
        (row) => row.reservation.bookingId,
      ),
    ),
    legsOfConference: new DataLoader<string, ParticipantLeg[]>(async (conferenceIds) =>
      manyByKey(
        conferenceIds,
        await prisma.participantLeg.findMany({
          where: { conferenceId: { in: [...conferenceIds] } },
          orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
        }),
        (row) => row.conferenceId,
      ),
    ),
  };
}

export type ConferencingLoaders = ReturnType<typeof createLoaders>;
