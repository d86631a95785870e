/** Builds (never starts) the federation gateway over the composed supergraph. */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { SubgraphName } from '../subgraphs/catalog.js';
import { inputGuardPlugin } from '../subgraphs/shared/input-guard.js';
import { enforceStrictScalars, scalarInputErrorsPlugin } from '../subgraphs/shared/scalar-input-errors.js';
import { createSubgraphAgent } from '../subgraphs/shared/subgraph-client.js';
import { DEFAULT_MAX_QUERY_COST, demandControlPlugin, queryShapeLimits } from '../subgraphs/shared/query-limits.js';
import { maskUnexpectedErrors } from '../subgraphs/shared/subgraph-server.js';
import { formatReportedServiceName, SubgraphDataSource, type UnavailabilityLog } from './subgraph-data-source.js';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5000;

export { QUERY_LIMITS } from '../subgraphs/shared/query-limits.js';

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  production?: boolean;
  /** How long the gateway waits for one subgraph before answering without it. */
  subgraphTimeoutMs?: number;
  /** Where the gateway says why a subgraph was unavailable. */
  logger?: UnavailabilityLog;
  /** The most an operation may cost (MAX_QUERY_COST), priced with the supergraph's @cost and @listSize. */
  maxQueryCost?: number;
}

/**
 * A subgraph answers a document whose operation cannot be chosen with a 400, but the gateway
 * plans first and fails with a 500: refuse it before planning, as the subgraphs do.
 */
const operationMustResolve: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message = request.operationName
          ? `operationName: the document has no operation named "${request.operationName}".`
          : 'operationName: the document has several operations; name the one to run in operationName.';
        throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
      },
    };
  },
};

export function buildGateway({
  supergraphSdl,
  subgraphUrls,
  production = false,
  subgraphTimeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
  logger = console,
  maxQueryCost = DEFAULT_MAX_QUERY_COST,
}: GatewayOptions): ApolloServer {
  // @apollo/gateway otherwise probes cloud metadata endpoints and sends usage metrics to
  // Apollo on start-up. An operator who wants that sets APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const dispatcher = createSubgraphAgent({ answerTimeoutMs: subgraphTimeoutMs });
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Route by configuration, not by the placeholder URLs composed into the supergraph.
    buildService: ({ name }) =>
      new SubgraphDataSource(name, subgraphUrls[name as SubgraphName] ?? `unknown subgraph ${name}`, { timeoutMs: subgraphTimeoutMs, dispatcher, logger }),
  });
  const maskUnexpected = maskUnexpectedErrors(production);
  const limits = queryShapeLimits({ production, countFragments: true });
  return new ApolloServer({
    gateway,
    validationRules: limits.validationRules,
    introspection: !production,
    // onStopSignal owns shutdown: Apollo's own handler would call stop() a second time.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError: (formatted, error) => maskUnexpected(formatReportedServiceName(formatted), error),
    plugins: [
      // Sandbox needs introspection, which production turns off; no page rather than a broken one.
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      ...limits.plugins,
      // Priced before planning, so an operation over the limit reaches no subgraph.
      demandControlPlugin({ schemaSdl: parse(supergraphSdl), maxCost: maxQueryCost }),
      // NUL and absurdly long strings are refused once, here, before any subgraph is asked.
      inputGuardPlugin(),
      scalarInputErrorsPlugin(),
      operationMustResolve,
      {
        async serverWillStart() {
          return {
            // Invalid dates are refused here, before planning, with the subgraphs' own rules.
            schemaDidLoadOrUpdate: ({ apiSchema }) => enforceStrictScalars(apiSchema),
            serverWillStop: () => dispatcher.close(),
          };
        },
      },
    ],
  });
}
