/**
 * In-flight de-duplication of identical subgraph queries: while one fetch for a key is on its
 * way, the same fetch asked again waits for that one's answer instead of sending another. The
 * entry is gone once the answer is in, so nothing is ever served from a cache: a caller gets an
 * answer the subgraph produced after it asked.
 *
 * Not opossum's `coalesce`: that keeps answers for a TTL rather than only while in flight, and
 * counts every merged call as a fetch of the breaker, which would skew the share of failures.
 */
export class InFlightQueries<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** `fetch`'s answer, or the answer of the identical fetch already in flight; `copy` gives each waiter its own. */
  share(key: string, fetch: () => Promise<T>, copy: (answer: T) => T): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending.then(copy);
    const started = fetch().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
