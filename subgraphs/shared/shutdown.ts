/**
 * Graceful shutdown of a served process (the gateway or a subgraph) on SIGTERM or SIGINT:
 * `/ready` turns 503 at once; after SHUTDOWN_READINESS_GRACE_MS (for a load balancer to notice)
 * the listener closes, so new connections are refused, and requests in flight get up to
 * SHUTDOWN_TIMEOUT_MS to finish before their connections are cut; then event delivery finishes
 * the batch in hand, the databases close (releasing an embedded folder's lock), and the process
 * exits with 0.
 */
import { cleanEnv, makeValidator } from 'envalid';
import { positiveInteger, throwOnInvalidEnv, withNodeEnvDefault } from './config.js';
import { onStopSignal } from './stop-signals.js';

export interface ShutdownConfig {
  /** How long requests in flight may take to finish once the listener has closed. */
  timeoutMs: number;
  /** How long `/ready` answers 503 before the listener closes. */
  readinessGraceMs: number;
}

const milliseconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || !Number.isSafeInteger(value)) throw new Error(`expected a whole number of milliseconds (0 or more), got "${input}"`);
  return value;
});

export function readShutdownConfig(env: NodeJS.ProcessEnv = process.env): ShutdownConfig {
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      SHUTDOWN_TIMEOUT_MS: positiveInteger({ default: 10_000, desc: 'on SIGTERM, how long requests in flight may take to finish before they are cut, in milliseconds' }),
      // A load balancer or Kubernetes takes a few seconds to stop sending to a process whose
      // readiness failed; in development nothing is in front and a stop should be immediate.
      SHUTDOWN_READINESS_GRACE_MS: milliseconds({ default: 5_000, devDefault: 0, desc: 'on SIGTERM, how long /ready answers 503 before the listener closes, in milliseconds' }),
    },
    { reporter: throwOnInvalidEnv },
  );
  return { timeoutMs: clean.SHUTDOWN_TIMEOUT_MS, readinessGraceMs: clean.SHUTDOWN_READINESS_GRACE_MS };
}

export interface GracefulShutdown {
  config: ShutdownConfig;
  log(line: string): void;
  /** Turns `/ready` to 503. */
  markStopping(): void;
  /** Closes the listener and waits for the requests in flight (cut after `config.timeoutMs`). */
  stopServing(): Promise<void>;
  /** What runs once nothing is served any more, in order: event delivery, then the databases. */
  release: readonly (() => Promise<void>)[];
}

/**
 * Once a stop signal comes, shuts the process down as above. Should a step hang (a relay waiting
 * on a consumer that does not answer), the process still ends at a deadline, with exit code 1.
 */
export function shutDownGracefullyOnStopSignal({ config, log, markStopping, stopServing, release }: GracefulShutdown): void {
  onStopSignal(async () => {
    const startedAt = performance.now();
    markStopping();
    log(`stopping: /ready answers 503${config.readinessGraceMs ? `, new requests taken for ${config.readinessGraceMs} ms more` : ''}`);
    const deadlineMs = config.readinessGraceMs + 2 * config.timeoutMs;
    setTimeout(() => {
      log(`shutdown did not finish within ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
    try {
      if (config.readinessGraceMs) await new Promise((resolve) => setTimeout(resolve, config.readinessGraceMs));
      await stopServing();
      for (const step of release) await step();
    } catch (error) {
      log(`shutdown failed: ${(error as Error)?.stack ?? String(error)}`);
      process.exit(1);
    }
    log(`stopped in ${Math.round(performance.now() - startedAt)} ms`);
    process.exit(0);
  });
}
