/**
 * When the clock alone changes a sales answer: the next instant a contract rate takes effect or
 * ends. The gateway keeps an answer no later than that (shared/answer-versions.ts); contracts'
 * first and last days are dates, which the quarter-hour rule there already covers.
 */
import type { SalesPrisma } from '../database.js';

export function nextRateChangeAfter(prisma: SalesPrisma): (at: Date) => Promise<Date | null> {
  return async (at) => {
    // Prisma keeps DateTime as UTC wall time in `timestamp without time zone`: compared and read back as UTC.
    const [row] = await prisma.$queryRawUnsafe<{ next_ms: number | null }[]>(
      `SELECT (extract(epoch FROM min(boundary)) * 1000)::float8 AS next_ms FROM (
         SELECT min("effectiveFrom") AS boundary FROM "ContractRate" WHERE "effectiveFrom" > $1::timestamp
         UNION ALL
         SELECT min("effectiveTo") FROM "ContractRate" WHERE "effectiveTo" > $1::timestamp
       ) AS boundaries`,
      at.toISOString(),
    );
    return row?.next_ms == null ? null : new Date(row.next_ms);
  };
}
