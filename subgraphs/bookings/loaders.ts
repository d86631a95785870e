/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`, so resolving any number of
 * customers or bookings costs the same number of queries. Created in the context function and
 * never shared across requests, so one request never sees another's cached rows.
 */
import DataLoader from 'dataloader';
import { loaderById, loadersByColumns, manyByKey, uuidsOnly, type RowColumns } from '../shared/batching.js';
import type { BookingsPrisma } from './database.js';
import { Prisma, type Booking } from './generated/prisma/client.js';

/** What Booking's fields read (resolvers/Booking.ts, Organiser.ts; BookingOptions' fields are columns). */
export const BOOKING_COLUMNS: RowColumns = {
  columns: Object.values(Prisma.BookingScalarFieldEnum),
  computed: { customer: ['customerId'], organiser: ['organiserName', 'organiserEmail'], options: ['tollFree', 'recording'] },
  always: ['id', 'customerId'],
};

export function createLoaders(prisma: BookingsPrisma) {
  return {
    booking: loaderById((ids) => prisma.booking.findMany({ where: { id: { in: ids } } })),
    /**
     * Customer ids arrive from other subgraphs through the gateway, so they are not trusted to
     * be UUIDs. Only the columns asked for are read (a page of customers asks for its bookings'
     * titles): the rows carry those alone.
     */
    bookingsOfCustomer: loadersByColumns(
      (select) =>
        new DataLoader<string, Booking[]>(async (customerIds) =>
          manyByKey(
            customerIds,
            (await prisma.booking.findMany({ where: { customerId: { in: uuidsOnly(customerIds) } }, orderBy: [{ scheduledStart: 'desc' }, { id: 'asc' }], select })) as Booking[],
            (row) => row.customerId,
          ),
        ),
    ),
  };
}

export type BookingsLoaders = ReturnType<typeof createLoaders>;
