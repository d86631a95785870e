/**
 * What the delivery code needs of a subgraph's PrismaClient: raw SQL and interactive
 * transactions. Every subgraph has its own generated client, and the outbox and inbox tables
 * are the same in each, so delivery speaks SQL to them rather than one client's model API.
 */
import type { RawExecutor } from './outbox.js';

export interface RawQueryExecutor extends RawExecutor {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

export interface EventStore<Tx extends RawQueryExecutor = RawQueryExecutor> extends RawQueryExecutor {
  $transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/**
 * A batch of events is applied in one transaction. Prisma's defaults (2 s to get a connection,
 * 5 s to finish) are too short for an embedded database that runs one statement at a time
 * while the subgraph also answers queries: a slow batch is retried, not lost, but would be
 * retried in vain.
 */
export const EVENT_TRANSACTION: TransactionOptions = { maxWait: 30_000, timeout: 60_000 };

/** The first line of an error, for a stored reason or a log line: no stack, bounded length. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return firstLine.length > 1000 ? `${firstLine.slice(0, 1000)}...` : firstLine;
}
