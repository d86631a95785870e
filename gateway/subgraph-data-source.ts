/**
 * How the gateway talks to one subgraph. When the subgraph cannot be reached, the gateway
 * still answers with what the other subgraphs returned, and this error says which system
 * is missing instead of a raw socket message; the cause goes to the log, once per fetch.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { getOperationAST, GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { fetch, type Dispatcher } from 'undici';
import type { Identity } from '../subgraphs/shared/identity/roles.js';
import type { ServiceCredentials } from '../subgraphs/shared/identity/service-credentials.js';
import { describeFailure, isConnectionReset, requestDeadlineMs } from '../subgraphs/shared/subgraph-client.js';
import type { GatewayMetrics } from './metrics.js';

export interface UnavailabilityLog {
  warn(message: string): void;
}

export interface SubgraphDataSourceOptions {
  /** How long the subgraph may take to answer a request sent to it (the dispatcher enforces it). */
  timeoutMs: number;
  dispatcher: Dispatcher;
  logger: UnavailabilityLog;
  /** The gateway's credentials: every fetch carries a service token for the person it is made for. */
  credentials: ServiceCredentials;
  /** Each fetch is timed here; the circuit breaker reports its state with `metrics.setSubgraphBreakerState`. */
  metrics: GatewayMetrics;
}

type ProcessResult = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/**
 * The gateway stamps every error of a fetch with the serviceName of the subgraph it asked;
 * a subgraph that reports another one missing (bookings: "sales is unavailable") keeps its
 * word under this key until formatReportedServiceName puts it back.
 */
const REPORTED_SERVICE_NAME = 'reportedServiceName';

export function formatReportedServiceName(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions || typeof extensions[REPORTED_SERVICE_NAME] !== 'string') return formatted;
  const { [REPORTED_SERVICE_NAME]: serviceName, ...rest } = extensions;
  return { ...formatted, extensions: { ...rest, serviceName } };
}

function keepReportedServiceNames<T extends ProcessResult>(response: T): T {
  if (!response.errors) return response;
  return {
    ...response,
    errors: response.errors.map((error) => {
      const { serviceName, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
      if (typeof serviceName !== 'string') return error;
      return new GraphQLError(error.message, { path: error.path, extensions: { ...extensions, [REPORTED_SERVICE_NAME]: serviceName } });
    }),
  };
}

function isMutation(query: string | undefined): boolean {
  if (!query) return false;
  try {
    return getOperationAST(parse(query))?.operation === 'mutation';
  } catch {
    return true; // cannot tell: do not risk running a write twice
  }
}

/**
 * The GraphQL errors of a subgraph's 4xx answer (a value the subgraph refused): the client
 * must see them with their code and message, not "400: Bad Request" and the subgraph's URL.
 */
function refusedRequestErrors(error: unknown): GraphQLError[] | null {
  const response = (error as GraphQLError)?.extensions?.response as { status?: number; body?: unknown } | undefined;
  if (!response?.status || response.status < 400 || response.status >= 500) return null;
  const errors = (response.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.map((reported: { message?: unknown; extensions?: Record<string, unknown> }) => {
    const { stacktrace: _stacktrace, ...extensions } = reported.extensions ?? {};
    return new GraphQLError(typeof reported.message === 'string' ? reported.message : 'The request was refused', { extensions });
  });
}

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  private readonly timeoutMs: number;
  private readonly logger: UnavailabilityLog;
  private readonly credentials: ServiceCredentials;
  private readonly metrics: GatewayMetrics;

  constructor(
    readonly subgraphName: string,
    url: string,
    { timeoutMs, dispatcher, logger, credentials, metrics }: SubgraphDataSourceOptions,
  ) {
    super({
      url,
      fetcher: (input, init) => fetch(input, { ...init, dispatcher, signal: AbortSignal.timeout(requestDeadlineMs(timeoutMs)) }) as unknown as Promise<FetcherResponse>,
    });
    this.timeoutMs = timeoutMs;
    this.logger = logger;
    this.credentials = credentials;
    this.metrics = metrics;
  }

  override async willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource['willSendRequest'] & {}>[0]): Promise<void> {
    const identity = (context as { identity?: Identity }).identity;
    // Without a verified caller nothing is sent on anyone's behalf; the subgraph then refuses the fetch.
    if (identity) request.http?.headers.set('authorization', `Bearer ${await this.credentials.bearerFor(identity)}`);
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<ProcessResult> {
    return this.metrics.timeSubgraphFetch(this.subgraphName, () => this.fetchFromSubgraph(options));
  }

  private async fetchFromSubgraph(options: GraphQLDataSourceProcessOptions): Promise<ProcessResult> {
    let retried = false;
    for (;;) {
      try {
        return keepReportedServiceNames(await super.process(options));
      } catch (error) {
        const refused = refusedRequestErrors(error);
        if (refused) return keepReportedServiceNames({ errors: refused });
        if (!retried && isConnectionReset(error) && !isMutation(options.request.query)) {
          retried = true;
          continue;
        }
        this.logger.warn(
          `gateway: the ${this.subgraphName} subgraph is unavailable: ${describeFailure(error, this.timeoutMs)}${retried ? ' (after one retry)' : ''}`,
        );
        throw new GraphQLError(`The ${this.subgraphName} service is unavailable; the data it owns is missing from this response.`, {
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraphName },
        });
      }
    }
  }
}
