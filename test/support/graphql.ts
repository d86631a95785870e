/** Running operations in-process against a built subgraph, as a client would see the result. */
import type { BaseContext } from '@apollo/server';
import { identityOf, ROLES, type Identity } from '../../subgraphs/shared/identity/roles.js';
import type { SubgraphServer } from '../../subgraphs/shared/subgraph-server.js';

/** Whom an in-process operation runs for unless a test says otherwise: every role, so that tests of behaviour are not tests of access. */
export const EVERY_ROLE: Identity = identityOf('test-user', ROLES);

export interface GraphQLResult<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function execute<Context extends BaseContext, Data = Record<string, any>>(
  subgraph: SubgraphServer<Context>,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity | undefined = EVERY_ROLE,
): Promise<GraphQLResult<Data>> {
  const response = await subgraph.server.executeOperation({ query, variables }, { contextValue: { ...(await subgraph.context()), identity } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  // Through JSON, so dates and decimals arrive as the strings a client receives.
  return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult<Data>;
}
