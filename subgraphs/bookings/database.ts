/** The bookings PrismaClient over whichever driver adapter the configuration chose. */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client.js';

export type BookingsPrisma = PrismaClient;

export function createBookingsPrisma(adapter: SqlDriverAdapterFactory): BookingsPrisma {
  return new PrismaClient({ adapter });
}
