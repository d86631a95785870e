/**
 * Whether a subgraph can serve now: its database answers a `SELECT 1` within a short time, its
 * migrations are applied, and it is not shutting down; event delivery's connection (NATS) is
 * reported too. Without its database a subgraph cannot answer anything (503); without NATS it
 * still serves every request, and the events it records wait in its outbox until NATS is back,
 * so it reports `degraded` (200) rather than have a load balancer take it out for a NATS outage.
 */
import type { ComponentState, HealthProbes, Readiness, ReadinessReport } from './probes.js';

/** Long enough for a busy database, short enough that a hung one is reported within a poll or two. */
export const DATABASE_CHECK_TIMEOUT_MS = 2_000;

export interface DatabaseToCheck {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export interface EventDeliveryToCheck {
  status(): { connected: boolean };
}

export interface SubgraphReadinessOptions {
  database: DatabaseToCheck;
  /** The subgraph's event delivery, when it takes part in it. */
  events?: EventDeliveryToCheck | null;
  databaseTimeoutMs?: number;
}

export interface SubgraphReadiness extends HealthProbes {
  /** From now on `/ready` answers 503 `stopping` (the start of a graceful shutdown). */
  markStopping(): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * At most one `SELECT 1` is in flight however often `/ready` is asked: callers share it, and
 * while a hung one is older than the timeout they are told `down` at once instead of adding
 * another statement to the queue of a database that does not answer.
 */
function databaseCheck(database: DatabaseToCheck, timeoutMs: number): () => Promise<ComponentState> {
  let pending: { startedAt: number; answered: Promise<boolean> } | null = null;
  return async () => {
    if (!pending) {
      const answered = database.$queryRawUnsafe('SELECT 1').then(
        () => true,
        () => false,
      );
      const check = { startedAt: performance.now(), answered };
      pending = check;
      void answered.then(() => {
        if (pending === check) pending = null;
      });
    }
    const remaining = timeoutMs - (performance.now() - pending.startedAt);
    if (remaining <= 0) return 'down';
    return (await withTimeout(pending.answered, remaining, false)) ? 'up' : 'down';
  };
}

export function subgraphReadiness({ database, events, databaseTimeoutMs = DATABASE_CHECK_TIMEOUT_MS }: SubgraphReadinessOptions): SubgraphReadiness {
  const checkDatabase = databaseCheck(database, databaseTimeoutMs);
  let stopping = false;
  return {
    markStopping() {
      stopping = true;
    },
    async ready(): Promise<ReadinessReport> {
      const databaseState = await checkDatabase();
      const eventsState: ComponentState | undefined = events ? (events.status().connected ? 'up' : 'down') : undefined;
      const status: Readiness = stopping ? 'stopping' : databaseState !== 'up' ? 'unavailable' : eventsState === 'down' ? 'degraded' : 'ready';
      // A subgraph listens only once its migrations are applied (main.ts), so serving means they are.
      return { status, database: databaseState, migrations: 'up', ...(eventsState ? { events: eventsState } : {}) };
    },
  };
}
