/**
 * Keeps a set of services running as child processes, for `npm start`.
 *
 * A service announces it is up with an IPC message `{ ready: <name>, url, readinessUrl? }`;
 * with a `readinessUrl` (the services' `/ready`) it counts as ready only once that answers 200.
 * One that fails before it is ready has a problem a restart will not cure (its database folder
 * is in use, a bad setting, a taken port, a database it cannot reach): `start` rejects with the
 * reason, naming the service, and the caller stops.
 * One that dies after it has served is restarted, alone, after a delay that doubles with each
 * crash in a row (1 s, 2 s, 4 s ... up to 30 s) and starts again from the first once the
 * service has stayed up for a while. `stop` ends every service and every pending restart.
 */
import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { waitUntilReady } from './wait-until-ready.js';

export interface ServiceDefinition {
  name: string;
  /** The script to run, with Node's own options (by default none for JavaScript, the tsx loader for TypeScript). */
  entry: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

export interface ReadyMessage {
  ready: string;
  url: string;
  /** Where the service says whether it can serve (200) or not yet (503). */
  readinessUrl?: string;
  [detail: string]: unknown;
}

export type SupervisorEvent =
  | { type: 'ready'; name: string; pid: number; message: ReadyMessage; restarts: number }
  | { type: 'exited'; name: string; code: number | null; signal: NodeJS.Signals | null; restartInMs: number };

export interface SupervisorOptions {
  firstRestartDelayMs?: number;
  longestRestartDelayMs?: number;
  /** Up this long, a service's next crash is its first again. */
  stableAfterMs?: number;
  /** After SIGTERM, how long a service has to stop before SIGKILL. */
  stopTimeoutMs?: number;
  /** After its announcement, how long a service's readinessUrl may take to answer 200. */
  readyTimeoutMs?: number;
  readyPollIntervalMs?: number;
  stdio?: StdioOptions;
  log?: (line: string) => void;
  onEvent?: (event: SupervisorEvent) => void;
}

interface Supervised {
  definition: ServiceDefinition;
  child: ChildProcess;
  startedAt: number;
  crashesInRow: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

export class ServiceStartError extends Error {}

/**
 * glibc gives each thread that allocates its own malloc arena and rarely hands freed memory
 * back, so a busy Node service (its thread pool writing files, compressing PDF pages) keeps
 * hundreds of MB it no longer uses: a mass mailing peaked at 477–609 MB with the default and
 * 367–398 MB with two arenas. An operator's own MALLOC_ARENA_MAX wins.
 */
export function withServiceMallocDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

function duration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds} ms` : `${Number((milliseconds / 1000).toFixed(1))} s`;
}

export class Supervisor {
  private readonly services = new Map<string, Supervised>();
  private stopping = false;
  private readonly options: Required<Omit<SupervisorOptions, 'onEvent'>> & Pick<SupervisorOptions, 'onEvent'>;

  constructor(options: SupervisorOptions = {}) {
    this.options = {
      firstRestartDelayMs: 1_000,
      longestRestartDelayMs: 30_000,
      stableAfterMs: 60_000,
      // Above the services' own SHUTDOWN_TIMEOUT_MS (10 s), so that they end on their own.
      stopTimeoutMs: 15_000,
      readyTimeoutMs: 30_000,
      readyPollIntervalMs: 200,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      log: (line) => console.log(`integra: ${line}`),
      ...options,
    };
  }

  /** Starts a service and resolves with its ready message; rejects if it stops before that. */
  start(definition: ServiceDefinition): Promise<ReadyMessage> {
    return new Promise((resolve, reject) => {
      const service: Supervised = { definition, child: this.spawn(definition), startedAt: Date.now(), crashesInRow: 0, restarts: 0 };
      this.services.set(definition.name, service);
      this.watch(service, resolve, (code, signal) => {
        this.services.delete(definition.name);
        reject(new ServiceStartError(`${definition.name} stopped while starting (${describeExit(code, signal)})`));
      }, reject);
    });
  }

  /** The pid of a service's current process (tests, and the start-up summary). */
  pidOf(name: string): number | undefined {
    return this.services.get(name)?.child.pid;
  }

  /** Stops every service (SIGTERM, then SIGKILL after stopTimeoutMs) and every pending restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.services.values()].map(async (service) => {
        clearTimeout(service.restartTimer);
        const { child } = service;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
        await exited;
        clearTimeout(killer);
      }),
    );
  }

  private spawn(definition: ServiceDefinition): ChildProcess {
    return fork(definition.entry, [], {
      execArgv: definition.execArgv ?? (definition.entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
      env: withServiceMallocDefaults(definition.env ?? process.env),
      stdio: this.options.stdio,
    });
  }

  /**
   * Follows one process of a service: its ready message, its readiness, then its exit. Before it
   * is ready, an exit goes to `failedToStart` if given (the first start), else is a crash like
   * any other; a readiness that never comes goes to `neverReady` if given, else is only logged.
   */
  private watch(
    service: Supervised,
    ready?: (message: ReadyMessage) => void,
    failedToStart?: (code: number | null, signal: NodeJS.Signals | null) => void,
    neverReady?: (error: ServiceStartError) => void,
  ): void {
    const { child, definition } = service;
    let isReady = false;
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    child.on('message', async (message: Partial<ReadyMessage>) => {
      if (message?.ready !== definition.name || typeof message.url !== 'string') return;
      if (typeof message.readinessUrl === 'string') {
        const { readyTimeoutMs, readyPollIntervalMs } = this.options;
        const outcome = await waitUntilReady(message.readinessUrl, { timeoutMs: readyTimeoutMs, pollIntervalMs: readyPollIntervalMs, abandoned: () => exited() || this.stopping });
        if (exited() || this.stopping) return;
        if (!outcome.ready) {
          const problem = `${definition.name} started but did not become ready within ${duration(readyTimeoutMs)}: its ${message.readinessUrl} last answered ${outcome.lastAnswer}`;
          if (neverReady) neverReady(new ServiceStartError(problem));
          else this.options.log(`${problem}; it keeps running`);
          return;
        }
      }
      isReady = true;
      this.options.onEvent?.({ type: 'ready', name: definition.name, pid: child.pid!, message: message as ReadyMessage, restarts: service.restarts });
      if (service.restarts) this.options.log(`${definition.name} is back (${message.url})`);
      ready?.(message as ReadyMessage);
    });
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (!isReady && failedToStart) {
        failedToStart(code, signal);
        return;
      }
      if (Date.now() - service.startedAt >= this.options.stableAfterMs) service.crashesInRow = 0;
      const delay = Math.min(this.options.firstRestartDelayMs * 2 ** service.crashesInRow, this.options.longestRestartDelayMs);
      service.crashesInRow += 1;
      this.options.onEvent?.({ type: 'exited', name: definition.name, code, signal, restartInMs: delay });
      const when = new Date().toISOString().slice(11, 19);
      this.options.log(
        `${definition.name} stopped at ${when} (${describeExit(code, signal)}${isReady ? '' : ', before it was ready'}); ` +
          `the others keep running; restarting it in ${duration(delay)}`,
      );
      service.restartTimer = setTimeout(() => this.restart(service), delay);
    });
  }

  private restart(service: Supervised): void {
    if (this.stopping) return;
    service.restarts += 1;
    service.child = this.spawn(service.definition);
    service.startedAt = Date.now();
    this.watch(service);
  }
}
