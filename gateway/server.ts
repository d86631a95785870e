/** Builds (never starts) the federation gateway over the composed supergraph. */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { SubgraphName } from '../subgraphs/catalog.js';
import { inputGuardPlugin } from '../subgraphs/shared/input-guard.js';
import { enforceStrictScalars, scalarInputErrorsPlugin } from '../subgraphs/shared/scalar-input-errors.js';
import { createSubgraphAgent } from '../subgraphs/shared/subgraph-client.js';
import { maskUnexpectedErrors } from '../subgraphs/shared/subgraph-server.js';
import { formatReportedServiceName, SubgraphDataSource, type UnavailabilityLog } from './subgraph-data-source.js';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5000;

/**
 * What one request may ask for. Each field of a query costs the subgraphs real work, so a
 * client cannot make the platform fetch millions of rows with thousands of aliases or nest
 * `customer { contracts { customer { ... } } }` hundreds of levels deep. Generous for real
 * use: the deepest trace a client needs (invoice line to booking) is under 10 levels.
 */
export const QUERY_LIMITS = { maxDepth: 15, maxAliases: 30, maxCost: 20_000 };

function queryLimits(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    // Its parser answers a syntax error with a 500; the 1 MB body limit already bounds a document.
    maxTokens: { enabled: false },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    // "Did you mean ...?" helps a developer; in production it would map the schema for an attacker.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  production?: boolean;
  /** How long the gateway waits for one subgraph before answering without it. */
  subgraphTimeoutMs?: number;
  /** Where the gateway says why a subgraph was unavailable. */
  logger?: UnavailabilityLog;
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
  const limits = queryLimits(production);
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
      // graphql-armor is typed against Apollo's CommonJS build, this file against its ESM one.
      ...(limits.plugins as unknown as ApolloServerPlugin[]),
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
