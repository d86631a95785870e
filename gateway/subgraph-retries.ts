/**
 * When and how soon the gateway asks a subgraph again: only a query (a mutation may already have
 * run), only after a failure that says nothing was processed or the subgraph is briefly away
 * (connection refused or reset, 502, 503, 504), with exponential backoff and full jitter (AWS
 * Architecture Blog, "Exponential Backoff And Jitter") so that a burst of failed fetches does
 * not come back as a burst, and only while the subgraph's timeout, counted from the first
 * attempt, leaves room: a retry never makes the caller wait past the time it was promised.
 */
import { answeredStatus, isConnectionRefused, isConnectionReset } from '../subgraphs/shared/subgraph-client.js';

export interface RetrySettings {
  /** Attempts after the first (SUBGRAPH_RETRIES); 0: none. */
  retries: number;
  /** The backoff before the first retry at most; it doubles with each further one (SUBGRAPH_RETRY_DELAY_MS). */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = { retries: 2, baseDelayMs: 50 };

const RETRIED_STATUSES = new Set([502, 503, 504]);

export function isRetryableFailure(error: unknown): boolean {
  const status = answeredStatus(error);
  if (status !== undefined) return RETRIED_STATUSES.has(status);
  return isConnectionRefused(error) || isConnectionReset(error);
}

/** Full jitter: anywhere from 0 to the exponential ceiling, `retry` counting from 1. */
export function backoffDelayMs(retry: number, baseDelayMs: number, random: () => number = Math.random): number {
  return random() * baseDelayMs * 2 ** (retry - 1);
}

export interface RetryPlan {
  /** Milliseconds to wait before the next attempt, or null: give up with this failure. */
  delayBeforeRetry(error: unknown): number | null;
}

/** The retries of one fetch; `deadlineMs` is how long after now its last attempt may still start. */
export function planRetries(settings: RetrySettings, { isQuery, deadlineMs }: { isQuery: boolean; deadlineMs: number }): RetryPlan {
  const startedAt = performance.now();
  let retried = 0;
  return {
    delayBeforeRetry(error) {
      if (!isQuery || retried >= settings.retries || !isRetryableFailure(error)) return null;
      const delay = backoffDelayMs(retried + 1, settings.baseDelayMs);
      if (performance.now() - startedAt + delay >= deadlineMs) return null;
      retried += 1;
      return delay;
    },
  };
}
