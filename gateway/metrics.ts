/**
 * The gateway's own metrics, beside the GraphQL request families every service has
 * (subgraphs/shared/observability/metrics.ts): each subgraph fetch, and the state of each
 * subgraph's circuit breaker.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import { createServiceMetrics, METRIC_PREFIX, outcomeOf, REQUEST_DURATION_BUCKETS, type ServiceMetrics } from '../subgraphs/shared/observability/metrics.js';

/** A circuit breaker's state, as `integra_gateway_subgraph_breaker_state` reports it. */
export const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATE_VALUES;

export interface GatewayMetrics extends ServiceMetrics {
  /**
   * Times one fetch from a subgraph (every attempt it took) and records its outcome: `ok`, the
   * code of the first error the subgraph answered, or SUBGRAPH_UNAVAILABLE when it threw.
   */
  timeSubgraphFetch<T extends { errors?: readonly { extensions?: Record<string, unknown> }[] }>(subgraph: string, fetch: () => Promise<T>): Promise<T>;
  /**
   * For the circuit breaker of the subgraph fetches: call it on every change of a subgraph's
   * breaker (opossum's `close`, `halfOpen` and `open` events). Every subgraph starts `closed`.
   */
  setSubgraphBreakerState(subgraph: string, state: BreakerState): void;
  /** Counts a reload of the served supergraph file (SUPERGRAPH_PATH): `loaded`, or `refused` and the old one kept. */
  countSupergraphReload(outcome: 'loaded' | 'refused'): void;
  /** Counts the fetches sent as parts of one merged fetch (`merged`), or alone after the subgraph refused their merge (`refused`). */
  countBatchedFetches(subgraph: string, outcome: 'merged' | 'refused', parts: number): void;
  /** Counts a person's query fetch answered from the answer cache (`hit`) or sent because no kept answer held (`miss`). */
  countCachedFetch(subgraph: string, outcome: 'hit' | 'miss'): void;
  /** Counts a request refused by a rate limit (429), which never reaches the GraphQL request families. */
  countRateLimited(limit: 'address' | 'identity'): void;
}

export function createGatewayMetrics(subgraphs: readonly string[]): GatewayMetrics {
  const metrics = createServiceMetrics('gateway');
  const fetchDuration = new Histogram({
    name: `${METRIC_PREFIX}gateway_subgraph_fetch_duration_seconds`,
    help: 'Time the gateway took to fetch from a subgraph, retries included, by subgraph and outcome (ok, the first error code, or SUBGRAPH_UNAVAILABLE)',
    labelNames: ['subgraph', 'outcome'],
    buckets: REQUEST_DURATION_BUCKETS,
    registers: [metrics.registry],
  });
  const breakerState = new Gauge({
    name: `${METRIC_PREFIX}gateway_subgraph_breaker_state`,
    help: 'Circuit breaker of the fetches from each subgraph: 0 closed, 1 half-open, 2 open',
    labelNames: ['subgraph'],
    registers: [metrics.registry],
  });
  const supergraphReloads = new Counter({
    name: `${METRIC_PREFIX}gateway_supergraph_reloads_total`,
    help: 'Changes of the served supergraph file (SUPERGRAPH_PATH): loaded, or refused with the previous supergraph kept',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  for (const outcome of ['loaded', 'refused']) supergraphReloads.inc({ outcome }, 0);
  const rateLimited = new Counter({
    name: `${METRIC_PREFIX}gateway_rate_limited_total`,
    help: 'Requests the gateway refused with 429, by the limit they ran into (address or identity)',
    labelNames: ['limit'],
    registers: [metrics.registry],
  });
  for (const limit of ['address', 'identity']) rateLimited.inc({ limit }, 0);
  const batchedFetches = new Counter({
    name: `${METRIC_PREFIX}gateway_batched_fetches_total`,
    help: "Subgraph fetches sent as parts of one merged fetch with others of the same person (merged), or alone after the subgraph refused their merge (refused)",
    labelNames: ['subgraph', 'outcome'],
    registers: [metrics.registry],
  });
  const cachedFetches = new Counter({
    name: `${METRIC_PREFIX}gateway_cached_fetches_total`,
    help: "Query fetches made for people, answered from the gateway's answer cache (hit) or sent to the subgraph because no kept answer held (miss)",
    labelNames: ['subgraph', 'outcome'],
    registers: [metrics.registry],
  });
  for (const subgraph of subgraphs) breakerState.set({ subgraph }, BREAKER_STATE_VALUES.closed);
  return {
    ...metrics,
    async timeSubgraphFetch(subgraph, fetch) {
      const stop = fetchDuration.startTimer({ subgraph });
      try {
        const response = await fetch();
        stop({ outcome: outcomeOf(metrics, response.errors) });
        return response;
      } catch (error) {
        stop({ outcome: 'SUBGRAPH_UNAVAILABLE' });
        throw error;
      }
    },
    setSubgraphBreakerState(subgraph, state) {
      breakerState.set({ subgraph }, BREAKER_STATE_VALUES[state]);
    },
    countSupergraphReload(outcome) {
      supergraphReloads.inc({ outcome });
    },
    countBatchedFetches(subgraph, outcome, parts) {
      batchedFetches.inc({ subgraph, outcome }, parts);
    },
    countCachedFetch(subgraph, outcome) {
      cachedFetches.inc({ subgraph, outcome });
    },
    countRateLimited(limit) {
      rateLimited.inc({ limit });
    },
  };
}
