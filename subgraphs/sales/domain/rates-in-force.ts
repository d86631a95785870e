/**
 * Which rates apply at an instant: the latest rates extended to a customer. A rate applies
 * from `effectiveFrom` (inclusive) to `effectiveTo` (exclusive), and only while its contract
 * is in force: not a draft, and `at` falls on one of its days (`startsOn` to `endsOn`, both
 * inclusive, days in the company's time zone: contract-terms.ts).
 */
import { COMPANY_TIME_ZONE, localDate } from '../../shared/calendar.js';
import type { Prisma } from '../generated/prisma/client.js';

/** A Date scalar's calendar day, as a DATE column holds it (UTC midnight), whatever time it carried. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The company's day `at` falls on, as a DATE column holds it. */
export function companyDayOf(at: Date): Date {
  return new Date(`${localDate(at, COMPANY_TIME_ZONE)}T00:00:00.000Z`);
}

export interface RatesInForceWhere {
  /** The customers' contracts in force at the instant. */
  contracts: Prisma.ContractWhereInput;
  /** Of those contracts, the rates that apply at the instant. */
  rates: Prisma.ContractRateWhereInput;
}

export function ratesInForceWhere(customerIds: string[], at: Date): RatesInForceWhere {
  const day = companyDayOf(at);
  return {
    contracts: {
      customerId: { in: customerIds },
      status: { not: 'DRAFT' },
      startsOn: { lte: day },
      AND: [{ OR: [{ endsOn: null }, { endsOn: { gte: day } }] }],
    },
    rates: {
      effectiveFrom: { lte: at },
      OR: [{ effectiveTo: null }, { effectiveTo: { gt: at } }],
    },
  };
}
