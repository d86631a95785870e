/** How a served process (a subgraph or the gateway) ends on Ctrl-C or SIGTERM. */

/**
 * Runs `shutdown` once, on the first SIGINT or SIGTERM. Ctrl-C reaches a service twice under
 * `npm start` or tsx (from the terminal and relayed by the parent): the second must not start
 * another shutdown half-way through the first, since a second Apollo `stop()` while the first
 * is under way never settles. For the same reason the servers are built with Apollo's own
 * signal handling off (`stopOnTerminationSignals: false`): with it, whichever of the two
 * handlers reached `stop()` second hung the process, which then never closed its database.
 * The process ends only where `shutdown` says.
 */
export function onStopSignal(shutdown: () => Promise<void>): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    void shutdown();
  };
  process.prependListener('SIGINT', once);
  process.prependListener('SIGTERM', once);
}
