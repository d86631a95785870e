/**
 * Invoice and credit-note numbers: sequential per series and year, without gaps. The counter row
 * is incremented by the issuing transaction and stays locked until it commits, so concurrent
 * issues queue on it and a rolled-back issue gives its number back (a sequence would lose it).
 */
import type { Prisma } from '../generated/prisma/client.js';
import { localDate } from './periods.js';

export type DocumentSeries = 'INV' | 'CN';

/** Numbering follows the issuer's calendar, whatever the customer's time zone. */
export const ISSUER_TIME_ZONE = 'Europe/Rome';

export async function nextDocumentNumber(tx: Prisma.TransactionClient, series: DocumentSeries, issuedAt: Date): Promise<string> {
  const year = Number(localDate(issuedAt, ISSUER_TIME_ZONE).slice(0, 4));
  const [counter] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentNumberCounter" ("series", "year", "last") VALUES (${series}, ${year}, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "DocumentNumberCounter"."last" + 1
    RETURNING "last"`;
  return `${series}-${year}-${String(counter!.last).padStart(6, '0')}`;
}
