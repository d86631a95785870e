/**
 * The events billing applies, one handler per kind (subgraphs/shared/events/contract.ts):
 * conference.ended, whose call records are rated with the contract rates sales holds
 * (rating/call-records.ts). Each runs inside the transaction that records the event in the inbox.
 */
import type { ServiceCredentials } from '../shared/identity/service-credentials.js';
import type { AnyEventHandler } from '../shared/events/inbox.js';
import type { Prisma } from './generated/prisma/client.js';
import { callRecordsHandler } from './rating/call-records.js';
import { salesRateHistory } from './rating/rate-history.js';

export type BillingTransaction = Prisma.TransactionClient;

export interface BillingEventSources {
  /** sales' GraphQL endpoint (SALES_URL): where the rates in force come from. */
  salesUrl: string;
  /** Billing's own credentials, to ask sales. */
  credentials: Pick<ServiceCredentials, 'bearerFor'>;
}

export function billingEventHandlers({ salesUrl, credentials }: BillingEventSources): AnyEventHandler<BillingTransaction>[] {
  return [callRecordsHandler({ rates: salesRateHistory(salesUrl, { credentials }) })];
}
