/** How a served process (a subgraph or the gateway) ends on Ctrl-C or SIGTERM. */

/**
 * Runs `shutdown` once, on the first SIGINT or SIGTERM. Ctrl-C reaches a service twice under
 * `npm start` or tsx (from the terminal and relayed by the parent): the second must not start
 * another shutdown half-way through the first, since a second Apollo `stop()` while the first
 * is under way never settles. The handler goes ahead of Apollo Server's own, which stops the
 * server and then raises the signal again, ending the process before anything else is closed;
 * so the process ends only where `shutdown` says.
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
