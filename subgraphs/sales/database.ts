/** The sales PrismaClient over whichever driver adapter the configuration chose. */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client.js';

export type SalesPrisma = PrismaClient;

export function createSalesPrisma(adapter: SqlDriverAdapterFactory): SalesPrisma {
  return new PrismaClient({ adapter });
}
