/** What every billing resolver receives: the process's PrismaClient, this request's loaders and its clock. */
import type { CallerContext } from '../shared/identity/roles.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { EInvoicingConfig } from './config.js';
import type { BillingPrisma } from './database.js';
import { createLoaders, type BillingLoaders } from './loaders.js';
import type { RecipientReader } from './invoicing/recipients.js';
import type { InvoiceMetrics } from './invoicing/invoice-metrics.js';

export interface BillingContext extends CallerContext {
  prisma: BillingPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: BillingLoaders;
  /** "Now" for this request: when a period counts as over. */
  requestedAt: Date;
  /** Business time as it moves on during the request: the date an invoice or credit note is issued, read when it is numbered. */
  clock: Clock;
  /** Where an invoice's recipient is read when it is issued: sales. */
  recipients: RecipientReader;
  /** The issuer and payment terms of the FatturaPA files (its VAT number names every file). */
  eInvoicing: EInvoicingConfig;
  /** Where the invoices issued are counted (integra_billing_invoices_issued_total). */
  metrics: InvoiceMetrics;
}

export function contextFactory(prisma: BillingPrisma, integrationEvents: IntegrationEventLog, recipients: RecipientReader, clock: Clock = systemClock, eInvoicing: EInvoicingConfig, metrics: InvoiceMetrics): () => Promise<BillingContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma), requestedAt: clock(), clock, recipients, eInvoicing, metrics });
}
