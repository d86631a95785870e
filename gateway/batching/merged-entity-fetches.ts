/**
 * Entity fetches of one document merged: one `_entities` fetch with the representations of all,
 * each part's share its slice of the entities and the errors about them, re-indexed within its own
 * (plus the errors about no entity in particular, which every part gets).
 */
import type { BatchablePart, MergedFetch } from './fetch-batches.js';
import { atPath, withRequest, type SubgraphAnswer, type SubgraphFetchOptions } from './subgraph-fetch.js';

export class EntityFetchPart<Options extends SubgraphFetchOptions, Result extends SubgraphAnswer> implements BatchablePart<Options, Result> {
  readonly weight: number;

  constructor(
    readonly options: Options,
    readonly representations: readonly unknown[],
  ) {
    this.weight = representations.length;
  }

  /** An entity fetch's part, or null for any other fetch (no representations, or no `_entities` in its document). */
  static of<Options extends SubgraphFetchOptions, Result extends SubgraphAnswer>(options: Options): EntityFetchPart<Options, Result> | null {
    const representations = options.request.variables?.representations;
    if (!Array.isArray(representations) || !options.request.query?.includes('_entities')) return null;
    return new EntityFetchPart(options, representations);
  }

  mergeWith(parts: readonly this[]): MergedFetch<Options, Result> {
    const { request } = this.options;
    const representations = parts.flatMap((part) => part.representations);
    return {
      options: withRequest(this.options, { query: request.query, operationName: request.operationName, extensions: request.extensions, variables: { ...request.variables, representations } }),
      shareOut: (answer) => {
        const entities = answer.data?._entities;
        if (!Array.isArray(entities) || entities.length !== representations.length) return null;
        let offset = 0;
        return parts.map((part) => {
          const share = entityShare(answer, entities, offset, part.weight);
          offset += part.weight;
          return share;
        });
      },
    };
  }
}

function entityShare<Result extends SubgraphAnswer>(answer: Result, entities: unknown[], offset: number, size: number): Result {
  const errors = [];
  for (const error of answer.errors ?? []) {
    const path = error.path;
    const index = path && path[0] === '_entities' && typeof path[1] === 'number' ? path[1] : null;
    if (index === null) errors.push(error);
    else if (index >= offset && index < offset + size) {
      errors.push(atPath(error, ['_entities', index - offset, ...path!.slice(2)]));
    }
  }
  return { ...answer, data: { ...answer.data, _entities: entities.slice(offset, offset + size) }, errors: errors.length > 0 ? errors : undefined };
}
