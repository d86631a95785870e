/** Builds (never starts) the federation gateway over the composed supergraph. */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Express } from 'express';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { SubgraphName } from '../subgraphs/catalog.js';
import { inputGuardPlugin } from '../subgraphs/shared/input-guard.js';
import { enforceStrictScalars, scalarInputErrorsPlugin } from '../subgraphs/shared/scalar-input-errors.js';
import { createSubgraphAgent } from '../subgraphs/shared/subgraph-client.js';
import { DEFAULT_MAX_QUERY_COST, demandControlPlugin, queryShapeLimits } from '../subgraphs/shared/query-limits.js';
import { maskUnexpectedErrors } from '../subgraphs/shared/subgraph-server.js';
import { accessRulesOf, accessRulesPlugin } from '../subgraphs/shared/identity/access-rules.js';
import type { Identity } from '../subgraphs/shared/identity/roles.js';
import { describeCurrentRequest } from '../subgraphs/shared/observability/request-scope.js';
import { defaultLogger } from '../subgraphs/shared/observability/logger.js';
import { unauthenticated, type ServiceCredentials } from '../subgraphs/shared/identity/service-credentials.js';
import type { UserTokenVerifier } from './identity/user-tokens.js';
import { AnswerStore, DEFAULT_ANSWER_CACHE_MB } from './answer-cache/answer-store.js';
import { DEFAULT_BATCH_MAX } from './batching/subgraph-batches.js';
import { servedSupergraph, SupergraphReloads } from './served-supergraph.js';
import { DEFAULT_BREAKER_SETTINGS, SubgraphBreakers, type BreakerSettings } from './subgraph-breakers.js';
import { mountMetricsRoute } from '../subgraphs/shared/observability/metrics-endpoint.js';
import { graphQLMetricsPlugin } from '../subgraphs/shared/observability/metrics.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { formatReportedServiceName, SubgraphDataSource, type UnavailabilityLog } from './subgraph-data-source.js';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './subgraph-retries.js';
import { perSupergraphPlugin } from './supergraph-policies.js';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5000;

/** What Sandbox shows in its Authorization header until a person pastes a token. */
export const SANDBOX_AUTHORIZATION_PLACEHOLDER = 'Bearer <paste a token printed by npm start, or by npm run token -- --role <role>>';

export { QUERY_LIMITS } from '../subgraphs/shared/query-limits.js';

export interface GatewayContext {
  identity: Identity;
  /** When the request arrived (performance.now()): the answer cache relies only on data-version checks sent after it. */
  receivedAt: number;
}

export interface GatewayIdentity {
  /** Verifies the people's (and the bridge's) tokens. */
  users: UserTokenVerifier;
  /** The gateway's own key: each subgraph fetch carries a service token naming the person it is for. */
  credentials: ServiceCredentials;
  /** Runs once the caller is known, before anything else (the per-identity rate limit); throwing refuses the request. */
  admit?: (identity: Identity, request: { ip?: string }) => Promise<void>;
}

export interface BuiltGateway {
  server: ApolloServer<GatewayContext>;
  /** Each subgraph's circuit breaker: `states()`, and a 'stateChange' event (the health endpoint, the metrics). */
  subgraphs: SubgraphBreakers;
  /** With SUPERGRAPH_PATH, each reload of the file: 'loaded' and 'refused' events (the metrics count refusals). */
  supergraphReloads: SupergraphReloads;
  /** A request's context: its verified identity, or a 401 UNAUTHENTICATED error. */
  context(request: { headers: { authorization?: string }; rawHeaders?: readonly string[]; ip?: string }): Promise<GatewayContext>;
  metrics: GatewayMetrics;
  /** Routes served beside GraphQL (ServeOptions.mount): `/metrics`, to service tokens only. */
  mount: (app: Express) => void;
}

/** The supergraph composed at start-up, or a composed file served and reloaded when it changes (SUPERGRAPH_PATH). */
export type SupergraphSource = { supergraphSdl: string } | { supergraphPath: string; pollIntervalMs?: number };

export type GatewayOptions = SupergraphSource & {
  identity: GatewayIdentity;
  subgraphUrls: Record<SubgraphName, string>;
  production?: boolean;
  /** How long the gateway waits for one subgraph before answering without it. */
  subgraphTimeoutMs?: number;
  /** Where the gateway says why a subgraph was unavailable. */
  logger?: UnavailabilityLog;
  /** The most an operation may cost (MAX_QUERY_COST), priced with the supergraph's @cost and @listSize. */
  maxQueryCost?: number;
  /** Retries of a query after a failure that leaves it safe to send again (SUBGRAPH_RETRIES, SUBGRAPH_RETRY_DELAY_MS). */
  retry?: RetrySettings;
  /** When a subgraph's breaker opens and how long it stays open (SUBGRAPH_BREAKER_*). */
  breaker?: BreakerSettings;
  /** Identical queries for the same person in flight at once share one fetch (SUBGRAPH_DEDUP). */
  deduplicate?: boolean;
  /** Distinct query fetches of one document for the same person asked at once go as one, of at most this many entities (SUBGRAPH_BATCH_MAX); 0: each alone. */
  batchMax?: number;
  /**
   * How many megabytes of subgraph answers the gateway keeps, each served only while its
   * subgraph's data version and clock say it still holds (SUBGRAPH_CACHE_MB); 0 keeps none.
   */
  answerCacheMb?: number;
};

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

/** The SECURITY features this gateway enforces itself (access-rules.ts), where stock @apollo/gateway refuses the supergraph. */
const ENFORCED_SECURITY_FEATURES = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/'];

/**
 * @apollo/gateway refuses a supergraph linking a SECURITY feature it does not enforce, rightly:
 * ignoring @requiresScopes would open every field. Integra enforces these two before planning,
 * so the gateway is handed them without their purpose; any other SECURITY feature is still refused.
 */
export function withEnforcedSecurityFeatures(supergraphSdl: string): string {
  return supergraphSdl.replace(/@link\(url: "([^"]+)", for: SECURITY\)/g, (link, url: string) =>
    ENFORCED_SECURITY_FEATURES.some((feature) => url.startsWith(feature)) ? `@link(url: "${url}")` : link,
  );
}

/**
 * Node keeps the first of two Authorization headers and drops the other, while a proxy in front
 * may act on the last: a request with two means different callers to different readers.
 */
function refuseSeveralAuthorizations(rawHeaders: readonly string[] = []): void {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) if (rawHeaders[index]!.toLowerCase() === 'authorization') count += 1;
  if (count > 1) throw unauthenticated('Send one Authorization header, not several.');
}

export function buildGateway(options: GatewayOptions): BuiltGateway {
  return assembleGateway(options, { verifyCallers: true });
}

/**
 * BENCHMARK ONLY (npm run bench:identity): the same gateway with no token verification, no
 * access rules and no demand control, every request acting for `caller`, so that what those
 * cost can be measured against it. Nothing in the gateway's start-up or configuration reaches
 * it; never serve it. The subgraphs behind it still verify the service tokens it sends.
 */
export function buildGatewayWithoutSecurityForBenchmark(options: GatewayOptions & { caller: Identity }): BuiltGateway {
  return assembleGateway(options, { verifyCallers: false, caller: options.caller });
}

type Security = { verifyCallers: true } | { verifyCallers: false; caller: Identity };

function assembleGateway(
  {
    identity,
    subgraphUrls,
    production = false,
    subgraphTimeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
    logger = defaultLogger(),
    maxQueryCost = DEFAULT_MAX_QUERY_COST,
    retry = DEFAULT_RETRY_SETTINGS,
    breaker = DEFAULT_BREAKER_SETTINGS,
    deduplicate = true,
    batchMax = DEFAULT_BATCH_MAX,
    answerCacheMb = DEFAULT_ANSWER_CACHE_MB,
    ...source
  }: GatewayOptions,
  security: Security,
): BuiltGateway {
  // @apollo/gateway otherwise probes cloud metadata endpoints and sends usage metrics to
  // Apollo on start-up. An operator who wants that sets APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const dispatcher = createSubgraphAgent({ answerTimeoutMs: subgraphTimeoutMs });
  const breakers = new SubgraphBreakers(breaker, logger);
  const supergraphReloads = new SupergraphReloads();
  // Priced before planning, so an operation over the limit reaches no subgraph; then the roles the
  // subgraphs' @requiresScopes ask for, as composed into the supergraph: refused here, nothing is planned.
  const checksOf = (supergraph: DocumentNode) =>
    security.verifyCallers
      ? [demandControlPlugin<GatewayContext>({ schemaSdl: supergraph, maxCost: maxQueryCost }), accessRulesPlugin<GatewayContext>(accessRulesOf(supergraph))]
      : [];
  /** A supergraph as the gateway is handed it; throws when its checks cannot be built from it. */
  const prepare = (supergraphSdl: string) => {
    const prepared = withEnforcedSecurityFeatures(supergraphSdl);
    checksOf(parse(prepared));
    return prepared;
  };
  const metrics = createGatewayMetrics(Object.keys(subgraphUrls));
  // One bound for all subgraphs' answers; a character of JSON is counted as a byte.
  const answers = answerCacheMb > 0 ? new AnswerStore(answerCacheMb * 1024 * 1024) : null;
  breakers.on('stateChange', ({ subgraph, state }) => metrics.setSubgraphBreakerState(subgraph, state === 'halfOpen' ? 'half-open' : state));
  supergraphReloads.on('loaded', () => metrics.countSupergraphReload('loaded'));
  supergraphReloads.on('refused', () => metrics.countSupergraphReload('refused'));
  const gateway = new ApolloGateway({
    supergraphSdl:
      'supergraphPath' in source
        ? servedSupergraph({ path: source.supergraphPath, pollIntervalMs: source.pollIntervalMs, prepare, logger, events: supergraphReloads })
        : prepare(source.supergraphSdl),
    // A file written elsewhere is checked in full before it is served, in production too; one
    // composed at start-up was just checked by the composer.
    validateSupergraph: 'supergraphPath' in source ? true : undefined,
    // Route by configuration, not by the placeholder URLs composed into the supergraph.
    buildService: ({ name }) =>
      new SubgraphDataSource(name, subgraphUrls[name as SubgraphName] ?? `unknown subgraph ${name}`, {
        timeoutMs: subgraphTimeoutMs,
        dispatcher,
        logger,
        credentials: identity.credentials,
        breakers,
        retry,
        deduplicate,
        batchMax,
        answers,
        metrics,
      }),
  });
  const maskUnexpected = maskUnexpectedErrors(production);
  const limits = queryShapeLimits({ production, countFragments: true });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: limits.validationRules,
    introspection: !production,
    // onStopSignal owns shutdown: Apollo's own handler would call stop() a second time.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError: (formatted, error) => maskUnexpected(formatReportedServiceName(formatted), error),
    plugins: [
      graphQLMetricsPlugin<GatewayContext>(metrics),
      // Sandbox needs introspection, which production turns off; no page rather than a broken one.
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            // Every request needs a token: Sandbox opens with the header in place, to be filled in.
            embed: { initialState: { sharedHeaders: { Authorization: SANDBOX_AUTHORIZATION_PLACEHOLDER } } },
            includeCookies: false,
          }),
      ...limits.plugins,
      // Built again from each supergraph loaded, so a reloaded file is checked by its own rules and costs.
      perSupergraphPlugin(checksOf),
      // NUL and absurdly long strings are refused once, here, before any subgraph is asked.
      inputGuardPlugin(),
      scalarInputErrorsPlugin(),
      operationMustResolve,
      {
        async serverWillStart() {
          return {
            // Invalid dates are refused here, before planning, with the subgraphs' own rules.
            schemaDidLoadOrUpdate: ({ apiSchema }) => enforceStrictScalars(apiSchema),
            serverWillStop: async () => {
              breakers.shutdown();
              await dispatcher.close();
            },
          };
        },
      },
    ],
  });
  return {
    server,
    subgraphs: breakers,
    supergraphReloads,
    metrics,
    mount: mountMetricsRoute(metrics.registry, identity.credentials),
    async context(request) {
      const receivedAt = performance.now();
      if (!security.verifyCallers) return { identity: security.caller, receivedAt };
      refuseSeveralAuthorizations(request.rawHeaders);
      const caller = await identity.users.verify(request.headers.authorization);
      describeCurrentRequest({ subject: caller.subject });
      await identity.admit?.(caller, request);
      return { identity: caller, receivedAt };
    },
  };
}
