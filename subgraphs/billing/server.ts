/** Builds the billing subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { databaseAnswerVersions } from '../shared/answer-versions.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { AnyEventHandler } from '../shared/events/inbox.js';
import { integrationEventLog } from '../shared/events/event-log.js';
import { createServiceMetrics } from '../shared/observability/metrics.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { DEMO_E_INVOICING, type EInvoicingConfig } from './config.js';
import { contextFactory } from './context.js';
import type { BillingPrisma } from './database.js';
import type { BillingTransaction } from './event-handlers.js';
import { resolvers } from './resolvers/index.js';
import { NO_RECIPIENTS, type RecipientReader } from './invoicing/recipients.js';
import { invoiceMetrics } from './invoicing/invoice-metrics.js';

const typeDefs = readFileSync(schemaFileOf('billing'), 'utf8');

export interface BillingServerOptions {
  production?: boolean;
  /** The most an operation may cost (MAX_QUERY_COST). */
  maxQueryCost?: number;
  /** Business time (the real clock when not given): when a period is over, the date an invoice is issued. */
  clock?: Clock;
  /**
   * How billing applies the events it consumes: `billingEventHandlers(...)` in a process and in
   * the in-process platform; none when not given (a test of the API alone).
   */
  eventHandlers?: AnyEventHandler<BillingTransaction>[];
  /**
   * Where an issued invoice's recipient is read: `salesRecipients(...)` in a process and in the
   * in-process platform. Without it (a test of the API alone) a close that issues an invoice fails.
   */
  recipients?: RecipientReader;
  /** The issuer of the FatturaPA files: index.ts passes the configured one; the demo company when not given. */
  eInvoicing?: EInvoicingConfig;
}

export function buildBillingServer(prisma: BillingPrisma, { production = false, maxQueryCost, clock = systemClock, eventHandlers = [], recipients = NO_RECIPIENTS, eInvoicing = DEMO_E_INVOICING }: BillingServerOptions = {}) {
  const events = integrationEventLog('billing', prisma, eventHandlers);
  const metrics = createServiceMetrics('billing');
  const context = contextFactory(prisma, events, recipients, clock, eInvoicing, invoiceMetrics(metrics));
  // Dates decide its periods, in each account's time zone: the quarter-hour rule covers them. An
  // invoice recipient is read from sales: EInvoiceStatus.recipient marks its answer uncacheable.
  const answerVersions = databaseAnswerVersions(prisma, clock, { configuration: eInvoicing });
  return buildSubgraphServer({ name: 'billing', typeDefs, resolvers, context, production, maxQueryCost, events: { handlers: eventHandlers }, metrics, answerVersions });
}
