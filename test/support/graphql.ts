/** Running operations in-process against a built subgraph, as a client would see the result. */
import type { BaseContext } from '@apollo/server';
import type { SubgraphServer } from '../../subgraphs/shared/subgraph-server.js';

export interface GraphQLResult<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function execute<Context extends BaseContext, Data = Record<string, any>>(
  subgraph: SubgraphServer<Context>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResult<Data>> {
  const response = await subgraph.server.executeOperation({ query, variables }, { contextValue: await subgraph.context() });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  // Through JSON, so dates and decimals arrive as the strings a client receives.
  return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult<Data>;
}
