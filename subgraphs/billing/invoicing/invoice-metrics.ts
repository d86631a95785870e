/** Invoices issued, counted as each close commits: counting them in the database at every scrape would read the whole, ever-growing table. */
import { Counter } from 'prom-client';
import { METRIC_PREFIX, type ServiceMetrics } from '../../shared/observability/metrics.js';

export interface InvoiceMetrics {
  invoicesIssued(count: number): void;
}

export function invoiceMetrics({ registry }: ServiceMetrics): InvoiceMetrics {
  const issued = new Counter({ name: `${METRIC_PREFIX}billing_invoices_issued_total`, help: 'Invoices billing issued since it started', registers: [registry] });
  return { invoicesIssued: (count) => issued.inc(count) };
}
