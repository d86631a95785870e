/**
 * The gateway's checks that are read from the supergraph itself (demand control's @cost and
 * @listSize, the access rules' @requiresScopes and @authenticated), built again for every
 * supergraph the gateway loads. A request is checked with the ones built from the schema it
 * was validated against, so a request that started before a reload and one after it each see
 * a consistent pair; a schema with no checks built refuses the request rather than run unchecked.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Builds the checks of one supergraph; throws when they cannot be built from it. */
export type SupergraphChecks<Context extends BaseContext> = (supergraph: DocumentNode) => ApolloServerPlugin<Context>[];

/**
 * One plugin running, at didResolveOperation (the only hook those checks use), the checks built
 * for the request's schema, in the order `build` gives them.
 */
export function perSupergraphPlugin<Context extends BaseContext>(build: SupergraphChecks<Context>): ApolloServerPlugin<Context> {
  const checksBySchema = new WeakMap<GraphQLSchema, ApolloServerPlugin<Context>[]>();
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          if (coreSupergraphSdl === undefined) throw new Error('The gateway loaded a schema without its supergraph: its checks cannot be built.');
          checksBySchema.set(apiSchema, build(parse(coreSupergraphSdl)));
        },
      };
    },
    async requestDidStart(requestContext) {
      const checks = checksBySchema.get(requestContext.schema);
      if (!checks) throw new Error('No access rules or cost limits were built for the schema of this request.');
      const listeners = (await Promise.all(checks.map((check) => check.requestDidStart?.(requestContext)))).filter(
        (listener): listener is GraphQLRequestListener<Context> => listener !== undefined,
      );
      return {
        async didResolveOperation(context: GraphQLRequestContextDidResolveOperation<Context>) {
          for (const listener of listeners) await listener.didResolveOperation?.(context);
        },
      };
    },
  };
}
