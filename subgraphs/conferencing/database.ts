/** The conferencing PrismaClient over whichever driver adapter the configuration chose. */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type ConferencingPrisma = PrismaClient;

export function createConferencingPrisma(adapter: SqlDriverAdapterFactory): ConferencingPrisma {
  return new PrismaClient({ adapter });
}

/** What conferencing's changes run in: the client itself, or an interactive transaction on it. */
export type ConferencingTx = Prisma.TransactionClient;
