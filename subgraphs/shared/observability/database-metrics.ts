/**
 * A subgraph's database as Prometheus sees it, read when scraped: the statements it ran and,
 * on PostgreSQL, its connection pool (pg's own counts). The embedded PGlite is one connection
 * that every statement waits its turn for; only its size and the statements mean anything there.
 */
import { Counter, Gauge } from 'prom-client';
import type { Database } from '../database.js';
import { METRIC_PREFIX, type ServiceMetrics } from './metrics.js';

/** pg.Pool's default `max`. */
const PG_DEFAULT_MAX_CONNECTIONS = 10;

export function observeDatabase({ registry }: ServiceMetrics, database: Database): void {
  const registers = [registry];
  const { pool, queries } = database;
  new Counter({
    name: `${METRIC_PREFIX}database_statements_total`,
    help: 'SQL statements the service ran on its database',
    registers,
    collect() {
      this.reset();
      this.inc(queries.total);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}database_pool_max_connections`,
    help: 'Connections the service may hold open to its database (1 for the embedded PGlite)',
    labelNames: ['kind'],
    registers,
    collect() {
      this.set({ kind: database.kind }, pool ? (pool.options.max ?? PG_DEFAULT_MAX_CONNECTIONS) : 1);
    },
  });
  if (!pool) return;
  new Gauge({
    name: `${METRIC_PREFIX}database_pool_connections`,
    help: 'Open connections of the PostgreSQL pool, by state (in_use, idle)',
    labelNames: ['state'],
    registers,
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}database_pool_waiting_requests`,
    help: 'Queries waiting for a connection of the PostgreSQL pool',
    registers,
    collect() {
      this.set(pool.waitingCount);
    },
  });
}
