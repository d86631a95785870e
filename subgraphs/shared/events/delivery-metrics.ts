/**
 * Event delivery as Prometheus sees it. What waits is read from the outbox and inbox tables when
 * scraped, with statements the status indexes answer (PENDING and PARKED rows are few; the
 * DELIVERED and APPLIED history, which only grows, is never counted); what the relay sends is
 * counted as it sends it.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC_PREFIX, metricOf, type ServiceMetrics } from '../observability/metrics.js';
import type { RelayBatchReport } from './relay.js';
import type { RawQueryExecutor } from './store.js';

/** Seconds from an event occurring to its delivery: a commit away, or a consumer down for an hour. */
const DELIVERY_LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600];

export interface RelayMetrics {
  /** After a batch: what became of its events, and for each one delivered, the seconds since it occurred. */
  recordBatch(report: RelayBatchReport, deliveryLatenciesSeconds: number[]): void;
}

export function relayMetrics({ registry }: ServiceMetrics): RelayMetrics {
  const relayed = metricOf(registry, `${METRIC_PREFIX}events_relayed_total`, (registers) =>
    new Counter({ name: `${METRIC_PREFIX}events_relayed_total`, help: 'Events the relay tried to deliver, by outcome (delivered, retried, parked)', labelNames: ['outcome'], registers }),
  );
  const latency = metricOf(registry, `${METRIC_PREFIX}events_delivery_latency_seconds`, (registers) =>
    new Histogram({ name: `${METRIC_PREFIX}events_delivery_latency_seconds`, help: "Time from an event's occurred_at to its delivery", buckets: DELIVERY_LATENCY_BUCKETS, registers }),
  );
  return {
    recordBatch(report, deliveryLatenciesSeconds) {
      relayed.inc({ outcome: 'delivered' }, report.delivered);
      relayed.inc({ outcome: 'retried' }, report.retried);
      relayed.inc({ outcome: 'parked' }, report.parked);
      for (const seconds of deliveryLatenciesSeconds) latency.observe(Math.max(0, seconds));
    },
  };
}

/**
 * The scrape-time gauges of a subgraph with an outbox and an inbox. A statement that fails (the
 * database is down) leaves its gauge without a value for that scrape rather than failing the scrape.
 */
export function observeEventTables(metrics: ServiceMetrics, db: RawQueryExecutor): void {
  const registers = [metrics.registry];
  // Registered now, so that they are listed (at zero) before the relay first delivers, or when it does not run.
  relayMetrics(metrics);
  new Gauge({
    name: `${METRIC_PREFIX}events_outbox_events`,
    help: 'Events in the outbox waiting for delivery (pending) or given up on until replayed (parked)',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      const rows = await db
        .$queryRawUnsafe<{ status: string; count: number }[]>(
          `SELECT status, count(*)::int AS count FROM integration_outbox WHERE status IN ('PENDING', 'PARKED') GROUP BY status`,
        )
        .catch(() => null);
      if (!rows) return;
      const counts = new Map(rows.map((row) => [row.status, Number(row.count)]));
      this.set({ status: 'pending' }, counts.get('PENDING') ?? 0);
      this.set({ status: 'parked' }, counts.get('PARKED') ?? 0);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}events_outbox_oldest_pending_age_seconds`,
    help: 'Seconds since the oldest pending event of the outbox occurred (0: none pending)',
    registers,
    async collect() {
      this.reset();
      const rows = await db
        .$queryRawUnsafe<{ age: number }[]>(
          `SELECT COALESCE(GREATEST(0, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP - min(occurred_at))), 0)::float8 AS age FROM integration_outbox WHERE status = 'PENDING'`,
        )
        .catch(() => null);
      if (rows?.[0]) this.set(Number(rows[0].age));
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}events_inbox_parked_events`,
    help: 'Received events this subgraph could not apply, parked until replayed',
    registers,
    async collect() {
      this.reset();
      const rows = await db
        .$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM integration_inbox WHERE status = 'PARKED'`)
        .catch(() => null);
      if (rows?.[0]) this.set(Number(rows[0].count));
    },
  });
}
