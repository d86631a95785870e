/** The shape of a subgraph fetch and its answer as the merges read and rewrite them (the gateway's data source options and result). */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export interface SubgraphRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

export interface SubgraphFetchOptions {
  request: SubgraphRequest;
}

export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly (GraphQLFormattedError | GraphQLError)[];
}

/** `options` with `request` in place of its own: a merged fetch is sent as a copy of its first part's, with a fresh request (the data source sets its headers). */
export function withRequest<Options extends SubgraphFetchOptions>(options: Options, request: SubgraphRequest): Options {
  return { ...options, request };
}

/** A subgraph's error about one part of a merged fetch, at its path within that part's own fetch (its locations were in the merged document). */
export function atPath(error: GraphQLFormattedError | GraphQLError, path: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(error.message, { path, extensions: error.extensions });
}
