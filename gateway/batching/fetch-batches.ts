/**
 * Cross-request batching of subgraph fetches: fetches with the same batch key (the same document
 * for the same person) asked in the same turn of the event loop go to the subgraph as one, and
 * each caller gets its own share of the answer. How fetches are merged and their answer shared out
 * is the parts' business (merged-entity-fetches.ts, merged-root-fetches.ts); this holds them
 * until the turn ends, keeps each merged fetch within its capacity, and falls back.
 *
 * Why: a subgraph answers one fetch of twenty entities with one statement per loader and one pass
 * of parsing, access rules and serialisation; twenty fetches of one cost twenty of each. When
 * many requests of one person are in flight, as from a frontend showing a list of cards, the
 * subgraphs do a fraction of the work and every caller still gets an answer made after it asked:
 * nothing is kept once the answer is in.
 *
 * A merged fetch is only a shortcut. When the subgraph refuses it as a whole (its cost, say, adds
 * up past a limit each part stays under) or its answer cannot be shared out, every part is sent
 * again on its own and gets the answer it would have had alone; when each alone is answered, the
 * merge itself was the trouble, and that key is not merged again.
 * A subgraph that cannot be reached fails every part at once: sending each again would only add
 * to its load.
 */

import type { SubgraphAnswer } from './subgraph-fetch.js';

/** One fetch that may go with others of its batch key. */
export interface BatchablePart<Options, Result> {
  /** The fetch as it is sent alone. */
  readonly options: Options;
  /** How much of a merged fetch's capacity it takes (its representations, its aliases). */
  readonly weight: number;
  /** `parts` (this one first) sent as one fetch, and how to share out its answer. */
  mergeWith(parts: readonly this[]): MergedFetch<Options, Result>;
}

export interface MergedFetch<Options, Result> {
  options: Options;
  /** Each part's answer, in the order of the parts; null when the answer cannot be shared out. */
  shareOut(answer: Result): Result[] | null;
}

interface Waiting<Options, Result> {
  part: BatchablePart<Options, Result>;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

interface Batch<Options, Result> {
  waiting: Waiting<Options, Result>[];
  weight: number;
}

/** Keys whose merged fetch a subgraph refused, remembered so as not to pay for a refusal twice; emptied when full. */
const UNMERGEABLE_KEYS_KEPT = 1_000;

export class FetchBatches<Options, Result extends SubgraphAnswer> {
  private readonly open = new Map<string, Batch<Options, Result>>();
  private readonly unmergeable = new Set<string>();

  /**
   * @param send sends one fetch to the subgraph, through the retries and the breaker.
   * @param count told of the parts of each merged fetch sent (`merged`), and of those sent alone after its refusal (`refused`).
   */
  constructor(
    private readonly send: (options: Options) => Promise<Result>,
    private readonly count: (outcome: 'merged' | 'refused', parts: number) => void = () => {},
  ) {}

  /** The answer to `part`, sent with the parts of the same `key` asked in this turn, within `capacity` in all. */
  fetch(key: string, part: BatchablePart<Options, Result>, capacity: number): Promise<Result> {
    if (part.weight <= 0 || part.weight >= capacity || this.unmergeable.has(key)) return this.send(part.options);
    let batch = this.open.get(key);
    if (batch && batch.weight + part.weight > capacity) {
      this.flush(key, batch);
      batch = undefined;
    }
    if (!batch) {
      const started: Batch<Options, Result> = { waiting: [], weight: 0 };
      this.open.set(key, started);
      // The end of this turn: the fetches other requests' answers set off in the same turn join it.
      setImmediate(() => this.flush(key, started));
      batch = started;
    }
    batch.weight += part.weight;
    const joined = batch;
    return new Promise<Result>((resolve, reject) => joined.waiting.push({ part, resolve, reject }));
  }

  private flush(key: string, batch: Batch<Options, Result>): void {
    if (this.open.get(key) === batch) this.open.delete(key);
    const { waiting } = batch;
    batch.waiting = [];
    if (waiting.length === 1) this.sendAlone(waiting[0]!);
    else if (waiting.length > 1) void this.sendMerged(key, waiting);
  }

  private sendAlone({ part, resolve, reject }: Waiting<Options, Result>): void {
    this.send(part.options).then(resolve, reject);
  }

  private async sendMerged(key: string, waiting: Waiting<Options, Result>[]): Promise<void> {
    let merged: MergedFetch<Options, Result> | null;
    try {
      merged = waiting[0]!.part.mergeWith(waiting.map(({ part }) => part));
    } catch {
      merged = null; // a document the merge cannot rewrite: each goes as it is
    }
    let shares: Result[] | null = null;
    if (merged) {
      this.count('merged', waiting.length);
      try {
        shares = merged.shareOut(await this.send(merged.options));
      } catch (error) {
        for (const { reject } of waiting) reject(error);
        return;
      }
    }
    if (shares === null) {
      if (merged) this.count('refused', waiting.length);
      const alone = waiting.map(({ part, resolve, reject }) => this.send(part.options).then((answer) => (resolve(answer), answer), reject));
      // Learnt only when every part alone is answered: then the merge itself was refused, not one part's own input.
      void Promise.all(alone).then((answers) => {
        if (!answers.every((answer) => answer?.data)) return;
        if (this.unmergeable.size >= UNMERGEABLE_KEYS_KEPT) this.unmergeable.clear();
        this.unmergeable.add(key);
      });
      return;
    }
    waiting.forEach(({ resolve }, index) => resolve(shares![index]!));
  }
}
