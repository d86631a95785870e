/**
 * One circuit breaker per subgraph (opossum): once most recent fetches to a subgraph failed,
 * the gateway stops sending it anything for a while and answers that subgraph's fields at once
 * with SUBGRAPH_UNAVAILABLE, instead of making every caller wait for a timeout and piling
 * requests on a subgraph that is struggling. After `resetMs` one fetch is let through as a
 * probe: its success closes the breaker, its failure opens it again.
 *
 * The states are readable (`states()`) and every change is emitted ('stateChange') and logged,
 * for the health endpoint and the metrics.
 */
import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { answeredStatus } from '../subgraphs/shared/subgraph-client.js';

export interface BreakerSettings {
  /** The share of failed fetches, in percent, above which the breaker opens (SUBGRAPH_BREAKER_ERROR_PERCENT). */
  errorPercent: number;
  /** Fetches within the window before the share counts at all (SUBGRAPH_BREAKER_MIN_REQUESTS): one failure of the first never opens it. */
  minRequests: number;
  /** How long an open breaker fails fast before it lets one probe through (SUBGRAPH_BREAKER_RESET_MS). */
  resetMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = { errorPercent: 50, minRequests: 10, resetMs: 10_000 };

/** The window the share of failures is measured over. */
const ROLLING_WINDOW_MS = 10_000;

export type SubgraphState = 'closed' | 'open' | 'halfOpen';

export interface SubgraphStateChange {
  subgraph: string;
  state: SubgraphState;
}

export interface BreakerLog {
  warn(message: string): void;
  info?(message: string): void;
}

type Attempt<T> = () => Promise<T>;

/** The error a fetch refused by an open breaker fails with. */
export function isOpenBreaker(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'EOPENBREAKER';
}

/**
 * A subgraph that answers 4xx is up and refused one caller's request: that says nothing about
 * its health. Everything else that fails (no connection, no answer in time, 5xx) counts.
 */
function isCallersFault(error: unknown): boolean {
  const status = answeredStatus(error);
  return status !== undefined && status >= 400 && status < 500;
}

export class SubgraphBreakers extends EventEmitter<{ stateChange: [SubgraphStateChange] }> {
  private readonly breakers = new Map<string, CircuitBreaker<[Attempt<unknown>], unknown>>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly logger: BreakerLog,
  ) {
    super();
  }

  /** Runs one attempt of a fetch to `subgraph` through its breaker; rejects at once while it is open. */
  run<T>(subgraph: string, attempt: Attempt<T>): Promise<T> {
    return this.breakerOf(subgraph).fire(attempt) as Promise<T>;
  }

  states(): Record<string, SubgraphState> {
    return Object.fromEntries([...this.breakers].map(([subgraph, breaker]) => [subgraph, stateOf(breaker)]));
  }

  /** Stops the breakers' timers (the gateway is stopping). */
  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  private breakerOf(subgraph: string): CircuitBreaker<[Attempt<unknown>], unknown> {
    let breaker = this.breakers.get(subgraph);
    if (breaker) return breaker;
    breaker = new CircuitBreaker((attempt: Attempt<unknown>) => attempt(), {
      name: subgraph,
      // The dispatcher already bounds each fetch by SUBGRAPH_TIMEOUT_MS; a second clock would only disagree with it.
      timeout: false,
      errorThresholdPercentage: this.settings.errorPercent,
      volumeThreshold: this.settings.minRequests,
      resetTimeout: this.settings.resetMs,
      rollingCountTimeout: ROLLING_WINDOW_MS,
      errorFilter: isCallersFault,
    });
    breaker.on('open', () => this.changed(subgraph, 'open', `gateway: the ${subgraph} subgraph keeps failing: failing fast for ${this.settings.resetMs} ms before probing it again`));
    breaker.on('halfOpen', () => this.changed(subgraph, 'halfOpen', `gateway: probing the ${subgraph} subgraph with the next fetch`));
    breaker.on('close', () => this.changed(subgraph, 'closed', `gateway: the ${subgraph} subgraph answers again`));
    this.breakers.set(subgraph, breaker);
    return breaker;
  }

  private changed(subgraph: string, state: SubgraphState, message: string): void {
    if (state === 'open') this.logger.warn(message);
    else (this.logger.info ?? this.logger.warn).call(this.logger, message);
    this.emit('stateChange', { subgraph, state });
  }
}

function stateOf(breaker: CircuitBreaker<[Attempt<unknown>], unknown>): SubgraphState {
  if (breaker.opened) return 'open';
  return breaker.halfOpen ? 'halfOpen' : 'closed';
}
