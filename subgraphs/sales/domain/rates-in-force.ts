/**
 * Which rates apply at an instant: the latest rates extended to a customer. A rate applies
 * from `effectiveFrom` (inclusive) to `effectiveTo` (exclusive), and only while its contract
 * is in force: not a draft, started, and not past its last day (`endsOn`, inclusive, UTC).
 */
import type { Prisma } from '../generated/prisma/client.js';

export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function ratesInForceWhere(customerIds: string[], at: Date): Prisma.ContractRateWhereInput {
  const day = startOfUtcDay(at);
  return {
    effectiveFrom: { lte: at },
    OR: [{ effectiveTo: null }, { effectiveTo: { gt: at } }],
    contract: {
      customerId: { in: customerIds },
      status: { not: 'DRAFT' },
      startsOn: { lte: day },
      AND: [{ OR: [{ endsOn: null }, { endsOn: { gte: day } }] }],
    },
  };
}
