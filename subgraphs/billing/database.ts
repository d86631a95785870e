/** The billing PrismaClient over whichever driver adapter the configuration chose. */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client.js';

export type BillingPrisma = PrismaClient;

export function createBillingPrisma(adapter: SqlDriverAdapterFactory): BillingPrisma {
  return new PrismaClient({ adapter });
}
