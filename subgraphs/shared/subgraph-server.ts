/** Builds (never starts) the Apollo Server of a subgraph, with the error policy all share. */
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { Express } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { parse } from 'graphql';
import { answerVersionsPlugin, type AnswerVersionSource } from './answer-versions.js';
import type { AnyEventHandler } from './events/inbox.js';
import { accessRulesOf, accessRulesPlugin } from './identity/access-rules.js';
import { inputGuardPlugin } from './input-guard.js';
import { defaultLogger } from './observability/logger.js';
import { createServiceMetrics, graphQLMetricsPlugin, type ServiceMetrics } from './observability/metrics.js';
import { DEFAULT_MAX_QUERY_COST, demandControlPlugin, queryShapeLimits } from './query-limits.js';
import { scalarInputErrorsPlugin } from './scalar-input-errors.js';

export interface SubgraphServer<Context extends BaseContext> {
  name: string;
  server: ApolloServer<Context>;
  /** Builds the context of one request, with fresh DataLoaders (served over HTTP, it gets the request). */
  context: (request?: { req: Express.Request & { headers: Record<string, string | string[] | undefined>; protocol?: string } }) => Promise<Context>;
  /**
   * Present when the subgraph takes part in event delivery (it has an outbox and an inbox):
   * whoever serves it also relays its outbox, and applies what it consumes with these handlers.
   */
  events?: SubgraphEvents;
  /** Extra HTTP routes beside GraphQL (mailings serves its files this way). */
  mount?: (app: Express) => void;
  /** Work the service does in the background: started once it serves, stopped before it stops. */
  background?: { start(): Promise<void>; stop(): Promise<void> };
  /** Its Prometheus registry: whoever serves it exposes `/metrics` and adds the database's and event delivery's gauges. */
  metrics: ServiceMetrics;
  /**
   * Present when the subgraph's answers depend on its own database and clock alone: it stamps
   * them when asked and whoever serves it answers `/data-version`, so the gateway may keep them
   * (answer-versions.ts).
   */
  answerVersions?: AnswerVersionSource;
}

export interface SubgraphEvents {
  /** Each subgraph's handlers take its own Prisma transaction type; delivery only passes it through. */
  handlers: readonly AnyEventHandler<any>[];
}

export interface SubgraphServerOptions<Context extends BaseContext> {
  name: string;
  typeDefs: string;
  resolvers: unknown;
  context: SubgraphServer<Context>['context'];
  production: boolean;
  /** The most an operation may cost (MAX_QUERY_COST), priced with this subgraph's own @cost and @listSize. */
  maxQueryCost?: number;
  events?: SubgraphEvents;
  mount?: SubgraphServer<Context>['mount'];
  background?: SubgraphServer<Context>['background'];
  /** Given when the subgraph adds metrics of its own before it is built; a fresh registry otherwise. */
  metrics?: ServiceMetrics;
  answerVersions?: AnswerVersionSource;
}

/**
 * Errors with a code of ours (BAD_USER_INPUT, NOT_FOUND, ...) reach the client as they are.
 * Anything unexpected is logged, and in production the client sees only a generic message:
 * no SQL, no stack, no internal detail.
 */
export function maskUnexpectedErrors(production: boolean, log: (error: unknown) => void = (error) => defaultLogger().error({ err: error }, 'unexpected error')) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log(error);
    if (!production) return formatted;
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export function buildSubgraphServer<Context extends BaseContext>(options: SubgraphServerOptions<Context>): SubgraphServer<Context> {
  const typeDefs = parse(options.typeDefs);
  // The gateway's limits again, on what this subgraph receives: reached directly, it refuses what the gateway would.
  const limits = queryShapeLimits({ production: options.production, countFragments: false });
  const metrics = options.metrics ?? createServiceMetrics(options.name);
  const server = new ApolloServer<Context>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    validationRules: limits.validationRules,
    formatError: maskUnexpectedErrors(options.production),
    includeStacktraceInErrorResponses: !options.production,
    introspection: !options.production,
    // onStopSignal owns shutdown: Apollo's own handler would call stop() a second time.
    stopOnTerminationSignals: false,
    // Inline traces only feed Apollo GraphOS, which Integra does not report to.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      graphQLMetricsPlugin<Context>(metrics),
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      // The roles its own schema asks for, again: reached without the gateway, it refuses what the gateway would.
      accessRulesPlugin(accessRulesOf(typeDefs)) as ApolloServerPlugin<Context>,
      demandControlPlugin<Context>({ schemaSdl: typeDefs, maxCost: options.maxQueryCost ?? DEFAULT_MAX_QUERY_COST }),
      inputGuardPlugin<Context>(),
      scalarInputErrorsPlugin(),
      ...(options.answerVersions ? [answerVersionsPlugin<Context>(options.answerVersions)] : []),
    ],
  });
  return { name: options.name, server, context: options.context, events: options.events, mount: options.mount, background: options.background, metrics, answerVersions: options.answerVersions };
}
