/** The shape of a subgraph fetch and its answer as the merges read and rewrite them (the gateway's data source options and result). */
import type { GraphQLError, GraphQLFormattedError } from 'graphql';

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
