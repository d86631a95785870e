/**
 * The events billing applies, one handler per kind (subgraphs/shared/events/contract.ts):
 * conference.ended: rates the call records of a conference that ended (issue 6). Each runs inside the transaction that records the event in the inbox.
 */
import type { AnyEventHandler } from '../shared/events/inbox.js';
import type { BillingPrisma } from './database.js';
import type { Prisma } from './generated/prisma/client.js';

export type BillingTransaction = Prisma.TransactionClient;

export function billingEventHandlers(_prisma: BillingPrisma): AnyEventHandler<BillingTransaction>[] {
  return [];
}
