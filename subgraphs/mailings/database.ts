/** The mailings PrismaClient over whichever driver adapter the configuration chose. */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client.js';

export type MailingsPrisma = PrismaClient;

export function createMailingsPrisma(adapter: SqlDriverAdapterFactory): MailingsPrisma {
  return new PrismaClient({ adapter });
}
