/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`, so resolving any number of
 * customers or bookings costs the same number of queries. Created in the context function and
 * never shared across requests, so one request never sees another's cached rows.
 */
import DataLoader from 'dataloader';
import { loaderById, manyByKey, uuidsOnly } from '../shared/batching.js';
import type { BookingsPrisma } from './database.js';
import type { Booking } from './generated/prisma/client.js';

export function createLoaders(prisma: BookingsPrisma) {
  return {
    booking: loaderById((ids) => prisma.booking.findMany({ where: { id: { in: ids } } })),
    // Customer ids arrive from other subgraphs through the gateway, so they are not trusted to be UUIDs.
    bookingsOfCustomer: new DataLoader<string, Booking[]>(async (customerIds) =>
      manyByKey(
        customerIds,
        await prisma.booking.findMany({
          where: { customerId: { in: uuidsOnly(customerIds) } },
          orderBy: [{ scheduledStart: 'desc' }, { id: 'asc' }],
        }),
        (row) => row.customerId,
      ),
    ),
  };
}

export type BookingsLoaders = ReturnType<typeof createLoaders>;
