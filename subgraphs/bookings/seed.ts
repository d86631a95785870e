/** Loads bookings' part of the demo world into an empty database, all or nothing. */
import { buildWorld, DEMO_CUSTOMERS, type World } from '../../prisma/demo/world.js';
import type { BookingsPrisma } from './database.js';

export async function insertBookingsRows(prisma: BookingsPrisma, { bookings }: World): Promise<void> {
  await prisma.booking.createMany({ data: bookings.bookings });
}

export async function seedBookingsDemoData(prisma: BookingsPrisma, now = new Date()): Promise<boolean> {
  if (await prisma.booking.findFirst({ select: { id: true } })) return false;
  await insertBookingsRows(prisma, buildWorld({ customers: DEMO_CUSTOMERS, now }));
  return true;
}
