/**
 * SUPERGRAPH_PATH: the gateway serves a supergraph composed elsewhere (`npm run compose`, a CI
 * job, Apollo's rover), as Apollo Router's `--supergraph` does, and loads it again whenever the
 * file changes. @apollo/gateway swaps the schema and query planner in one step, between two
 * requests: a request already running finishes with the plan it had.
 *
 * A new file that cannot be read, parsed, checked (`prepare`) or loaded by the gateway is
 * refused: the gateway goes on serving the supergraph it has, says why in one log line, and
 * emits 'refused' (the metrics count them). A file that is not valid at start-up stops the
 * gateway instead, naming the file.
 *
 * The subgraphs are not health-checked before a switch (the gateway's `healthCheck`): they
 * refuse unauthenticated requests, and a subgraph away for a moment must not hold back a new
 * schema for the others; the breakers answer for a subgraph that is down.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';

export interface SupergraphReloadEvents {
  loaded: [{ path: string }];
  refused: [{ path: string; reason: string }];
}

/** Reloads of the served supergraph file: 'loaded' and 'refused'. */
export class SupergraphReloads extends EventEmitter<SupergraphReloadEvents> {}

export class SupergraphFileError extends Error {}

export interface ServedSupergraphOptions {
  path: string;
  /** The gateway's own processing of a supergraph (its security checks are built from it): throws when it cannot be served. */
  prepare(supergraphSdl: string): string;
  logger: { warn(message: string): void; info?(message: string): void };
  events: SupergraphReloads;
  /** How often the file is looked at. Polling, not fs.watch: it sees a file replaced by a rename or a swapped symlink (a Kubernetes ConfigMap) alike. */
  pollIntervalMs?: number;
}

export const DEFAULT_SUPERGRAPH_POLL_MS = 1000;

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && code.startsWith('E')) return `cannot be read (${code})`;
  return (error as Error)?.message ?? String(error);
}

export function servedSupergraph({ path, prepare, logger, events, pollIntervalMs = DEFAULT_SUPERGRAPH_POLL_MS }: ServedSupergraphOptions): SupergraphSdlHook {
  return async ({ update }) => {
    let served: string;
    let initial: string;
    try {
      served = await readFile(path, 'utf8');
      initial = prepare(served);
    } catch (error) {
      throw new SupergraphFileError(`the supergraph ${path} (SUPERGRAPH_PATH) cannot be served: ${reasonOf(error)}`);
    }

    async function reload(): Promise<void> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
        if (text === served) return;
        update(prepare(text));
      } catch (error) {
        const reason = reasonOf(error);
        logger.warn(`gateway: refused the new supergraph ${path}, still serving the previous one: ${reason}`);
        events.emit('refused', { path, reason });
        return;
      }
      served = text;
      (logger.info ?? logger.warn).call(logger, `gateway: now serving the supergraph ${path}`);
      events.emit('loaded', { path });
    }

    // One reload at a time: the gateway refuses an update while another is being applied.
    let reloading = Promise.resolve();
    const onChange = (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.ino === previous.ino && current.size === previous.size) return;
      reloading = reloading.then(reload);
    };
    watchFile(path, { interval: pollIntervalMs, persistent: false }, onChange);
    return {
      supergraphSdl: initial,
      async cleanup() {
        unwatchFile(path, onChange);
        await reloading;
      },
    };
  };
}
