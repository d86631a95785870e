/**
 * Invoice and credit-note numbers: sequential per series and year, without gaps. The counter row
 * is incremented by the issuing transaction and stays locked until it commits, so concurrent
 * issues queue on it and a rolled-back issue gives its number back (a sequence would lose it).
 *
 * The issue date is read from the business clock only once the series is locked, and the lock is
 * held until commit: the next issue reads the clock after this one committed, so dates never
 * decrease as numbers increase (a request that arrived first but waited is dated when numbered).
 */
import type { Prisma } from '../generated/prisma/client.js';
import type { Clock } from '../../shared/clock.js';
import { COMPANY_TIME_ZONE } from '../../shared/calendar.js';
import { localDate } from './periods.js';

export type DocumentSeries = 'INV' | 'CN';

/** Numbering follows the issuer's calendar, whatever the customer's time zone. */
export const ISSUER_TIME_ZONE = COMPANY_TIME_ZONE;

export interface DocumentNumber {
  number: string;
  issuedAt: Date;
}

export async function nextDocumentNumber(tx: Prisma.TransactionClient, series: DocumentSeries, clock: Clock): Promise<DocumentNumber> {
  // The year's counter row cannot be locked before the date (hence the year) is known: the whole
  // series is locked first, for the rest of the transaction.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`DocumentNumberCounter:${series}`}))::text AS "locked"`;
  const issuedAt = clock();
  const year = Number(localDate(issuedAt, ISSUER_TIME_ZONE).slice(0, 4));
  const [counter] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentNumberCounter" ("series", "year", "last") VALUES (${series}, ${year}, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "DocumentNumberCounter"."last" + 1
    RETURNING "last"`;
  return { number: `${series}-${year}-${String(counter!.last).padStart(6, '0')}`, issuedAt };
}
