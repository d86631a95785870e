/**
 * One subgraph's answers kept by the gateway (SUBGRAPH_CACHE_MB): a query fetch with a kept
 * answer is answered from the store when a data-version check sent after its request arrived
 * says that answer still holds, and is otherwise sent, its stamped answer kept for the next.
 * Answers with errors, and those the subgraph did not stamp (it read elsewhere than its own
 * data), are never kept.
 */
import { ANSWER_VERSION_EXTENSION } from '../../subgraphs/shared/answer-versions.js';
import { answerVersionOf, type AnswerStore } from './answer-store.js';
import { DataVersionChecks, type AskDataVersion } from './data-version-checks.js';

export interface CacheableAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
  extensions?: Record<string, unknown>;
}

export type CacheOutcome = 'hit' | 'miss';

export class SubgraphAnswerCache {
  private readonly checks = new DataVersionChecks();

  constructor(
    private readonly store: AnswerStore,
    private readonly count: (outcome: CacheOutcome) => void,
  ) {}

  /** The answer to the fetch `key`, from the store or from `fetch`; `receivedAt` is when its client request arrived (performance.now()). */
  async answer<Result extends CacheableAnswer>(key: string, receivedAt: number, ask: AskDataVersion, fetch: () => Promise<Result>): Promise<Result> {
    // Only a kept answer needs a check; without one the fetch goes at once, and its stamp (read
    // by the subgraph after the request arrived) is all that keeping its answer needs.
    if (this.store.has(key)) {
      const now = await this.checks.since(receivedAt, ask);
      const data = now && this.store.get(key, now);
      if (data) {
        this.count('hit');
        return { data } as Result;
      }
    }
    this.count('miss');
    const result = await fetch();
    const stamp = answerVersionOf(result.extensions?.[ANSWER_VERSION_EXTENSION]);
    if (stamp && result.data && !result.errors?.length) this.store.put(key, stamp, result.data);
    return withoutStamp(result);
  }
}

/** The stamp is for the gateway alone: the client's answer is the same as with no cache. */
export function withoutStamp<Result extends CacheableAnswer>(result: Result): Result {
  if (!result.extensions || !(ANSWER_VERSION_EXTENSION in result.extensions)) return result;
  const { [ANSWER_VERSION_EXTENSION]: _stamp, ...extensions } = result.extensions;
  return { ...result, extensions: Object.keys(extensions).length > 0 ? extensions : undefined };
}
