/**
 * Which of the fetches to one subgraph are merged across requests, and with which: entity fetches
 * of one document and root-field queries of one document, each only with the same person's
 * (fetch-batches.ts says why and how).
 */
import { QUERY_LIMITS } from '../../subgraphs/shared/query-limits.js';
import { FetchBatches } from './fetch-batches.js';
import { EntityFetchPart } from './merged-entity-fetches.js';
import { RootFetchPart } from './merged-root-fetches.js';
import type { SubgraphAnswer, SubgraphFetchOptions } from './subgraph-fetch.js';

/** SUBGRAPH_BATCH_MAX's default: a page of customers' entities fits in one merged fetch. */
export const DEFAULT_BATCH_MAX = 100;

export class SubgraphBatches<Options extends SubgraphFetchOptions, Result extends SubgraphAnswer> {
  private readonly batches: FetchBatches<Options, Result>;

  /**
   * @param maxEntities the most representations one merged entity fetch carries.
   * @param send sends one fetch to the subgraph, through the retries and the breaker.
   * @param count told how many fetches went merged, and how many alone after a refused merge.
   */
  constructor(
    private readonly maxEntities: number,
    send: (options: Options) => Promise<Result>,
    count?: (outcome: 'merged' | 'refused', parts: number) => void,
  ) {
    this.batches = new FetchBatches(send, count);
  }

  /**
   * The answer to a query fetch made for `person` (who asks, with which roles: the service token
   * the subgraph is sent names both), merged with others of the same person; null for a fetch
   * that is never merged, to be sent as it is.
   */
  fetch(person: string, options: Options): Promise<Result> | null {
    const { query, operationName, variables } = options.request;
    const entities = EntityFetchPart.of<Options, Result>(options);
    if (entities) {
      const { representations: _merged, ...sameForAll } = variables ?? {};
      return this.batches.fetch(JSON.stringify(['entities', person, operationName ?? null, query, sameForAll]), entities, this.maxEntities);
    }
    const rootFields = RootFetchPart.of<Options, Result>(options);
    // A merged root-field query holds one alias per field per part: the subgraphs' alias limit bounds it.
    if (rootFields) return this.batches.fetch(JSON.stringify(['root', person, operationName ?? null, query]), rootFields, QUERY_LIMITS.maxAliases);
    return null;
  }
}
