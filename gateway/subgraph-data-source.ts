/**
 * How the gateway talks to one subgraph. When the subgraph cannot be reached, the gateway
 * still answers with what the other subgraphs returned, and this error says which system
 * is missing instead of a raw socket message; the cause goes to the log, once per fetch.
 *
 * Each fetch goes, outermost first: through the answer cache (a query's kept answer, served while
 * a check of the subgraph's data version says it holds, answer-cache/), the in-flight
 * de-duplication (identical queries for the same person share one fetch), the batches (distinct
 * queries of one document for the same person asked at once go as one fetch, batching/), the
 * retries (queries only, within the subgraph's timeout), and, for each attempt, the subgraph's
 * circuit breaker.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { getOperationAST, GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dispatcher } from 'undici';
import type { Identity } from '../subgraphs/shared/identity/roles.js';
import type { ServiceCredentials } from '../subgraphs/shared/identity/service-credentials.js';
import { describeFailure, requestDeadlineMs } from '../subgraphs/shared/subgraph-client.js';
import { propagateRequestContext } from '../subgraphs/shared/observability/outgoing-headers.js';
import { ANSWER_VERSION_HEADER, DATA_VERSION_PATH } from '../subgraphs/shared/answer-versions.js';
import type { AnswerStore } from './answer-cache/answer-store.js';
import { dataVersionNowOf, type AskDataVersion } from './answer-cache/data-version-checks.js';
import { SubgraphAnswerCache, withoutStamp } from './answer-cache/subgraph-answer-cache.js';
import { SubgraphBatches } from './batching/subgraph-batches.js';
import { InFlightQueries } from './in-flight-queries.js';
import { memoByText } from './memo-by-text.js';
import { copyOfParsedJson } from './parsed-json-copy.js';
import { postThrough } from './subgraph-fetcher.js';
import type { GatewayMetrics } from './metrics.js';
import { isOpenBreaker, type BreakerLog, type SubgraphBreakers } from './subgraph-breakers.js';
import { isRetryableFailure, planRetries, type RetrySettings } from './subgraph-retries.js';

export type UnavailabilityLog = BreakerLog;

export interface SubgraphDataSourceOptions {
  /** How long the subgraph may take to answer a request sent to it (the dispatcher enforces it). */
  timeoutMs: number;
  dispatcher: Dispatcher;
  logger: UnavailabilityLog;
  /** The gateway's credentials: every fetch carries a service token for the person it is made for. */
  credentials: ServiceCredentials;
  /** Every subgraph's breaker: this data source runs each attempt through its own. */
  breakers: SubgraphBreakers;
  retry: RetrySettings;
  /** Identical queries for the same identity in flight at once share one fetch (SUBGRAPH_DEDUP). */
  deduplicate: boolean;
  /**
   * Distinct query fetches of one document for the same identity asked in one turn of the event
   * loop go as one fetch, an entity fetch of at most this many representations (SUBGRAPH_BATCH_MAX);
   * 0 sends each alone.
   */
  batchMax: number;
  /** Where the subgraphs' stamped answers are kept (SUBGRAPH_CACHE_MB), shared by all; null keeps none. */
  answers: AnswerStore | null;
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

/** Anything but a query (a mutation, or a document that cannot be read) is sent once and never shared. */
function readIsMutation(query: string): boolean {
  try {
    return getOperationAST(parse(query))?.operation === 'mutation';
  } catch {
    return true; // cannot tell: do not risk running a write twice
  }
}

const isMutationText = memoByText(1_000, readIsMutation);

function isMutation(query: string | undefined): boolean {
  return query ? isMutationText(query) : false;
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

/**
 * What makes two fetches identical: the same document, operation and variables, for the same
 * person with the same roles (the service token the subgraph is sent names both), so that one
 * person never receives an answer computed for another.
 */
function fetchKey({ request }: GraphQLDataSourceProcessOptions, person: string): string {
  return JSON.stringify([person, request.operationName ?? null, request.query, request.variables ?? {}]);
}

/** Who a fetch is made for, as the service token sent with it names them: the person and their roles. */
function personOf({ context }: GraphQLDataSourceProcessOptions): string | null {
  const identity = (context as { identity?: Identity }).identity;
  return identity ? JSON.stringify([identity.subject, [...identity.roles].sort()]) : null;
}

/** The gateway writes into the data it merges: each waiter on a shared fetch gets its own copy. */
function copyOf(result: ProcessResult): ProcessResult {
  return { ...result, data: result.data && copyOfParsedJson(result.data), errors: result.errors && [...result.errors] };
}

/**
 * A retry is sent only while the subgraph's timeout, counted from the first attempt, leaves room
 * (subgraph-retries.ts), and it must also end by then: its fetch is cut at that instant, so a
 * slow second attempt never makes the caller wait past the time it was promised.
 */
const retryDeadline = new AsyncLocalStorage<number>();

/** How long one attempt may take in all: the connection queue's allowance for a first attempt, what is left of the timeout for a retry. */
function attemptBudgetMs(timeoutMs: number): number {
  const whole = requestDeadlineMs(timeoutMs);
  const retryEndsAt = retryDeadline.getStore();
  return retryEndsAt === undefined ? whole : Math.max(1, Math.min(whole, Math.ceil(retryEndsAt - performance.now())));
}

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  private readonly timeoutMs: number;
  private readonly logger: UnavailabilityLog;
  private readonly credentials: ServiceCredentials;
  private readonly breakers: SubgraphBreakers;
  private readonly retry: RetrySettings;
  private readonly inFlight: InFlightQueries<ProcessResult> | null;
  private readonly batches: SubgraphBatches<GraphQLDataSourceProcessOptions, ProcessResult> | null;
  private readonly metrics: GatewayMetrics;
  private readonly answerCache: SubgraphAnswerCache | null;
  private readonly dataVersionUrl: URL | null;
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly subgraphName: string,
    url: string,
    { timeoutMs, dispatcher, logger, credentials, breakers, retry, deduplicate, batchMax, answers, metrics }: SubgraphDataSourceOptions,
  ) {
    let target: { href: string; url: URL } | undefined;
    super({
      url,
      fetcher: async (input, init = {}) => {
        if (target?.href !== input) target = { href: input, url: new URL(input) };
        return postThrough(dispatcher, target.url, init, attemptBudgetMs(timeoutMs));
      },
    });
    this.timeoutMs = timeoutMs;
    this.logger = logger;
    this.credentials = credentials;
    this.breakers = breakers;
    this.retry = retry;
    this.inFlight = deduplicate ? new InFlightQueries() : null;
    this.metrics = metrics;
    this.dispatcher = dispatcher;
    this.dataVersionUrl = URL.canParse(url) ? new URL(DATA_VERSION_PATH, url) : null;
    this.answerCache = answers && this.dataVersionUrl ? new SubgraphAnswerCache(answers, (outcome) => metrics.countCachedFetch(subgraphName, outcome)) : null;
    // Timed as sent to the subgraph: a merged fetch counts once, as it is sent once.
    this.batches =
      batchMax > 1
        ? new SubgraphBatches(
            batchMax,
            (options) => this.timedFetch(options, true),
            (outcome, parts) => metrics.countBatchedFetches(subgraphName, outcome, parts),
          )
        : null;
  }

  override async willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource['willSendRequest'] & {}>[0]): Promise<void> {
    const identity = (context as { identity?: Identity }).identity;
    // Without a verified caller nothing is sent on anyone's behalf; the subgraph then refuses the fetch.
    if (identity) request.http?.headers.set('authorization', `Bearer ${await this.credentials.bearerFor(identity)}`);
    // A query's answer comes back stamped with the data version it was read at, for the answer cache.
    if (this.answerCache && !isMutation(request.query)) request.http?.headers.set(ANSWER_VERSION_HEADER, 'wanted');
    // The subgraph logs the fetch under the client's request id, in the client's trace (this fetch's span).
    propagateRequestContext((name, value) => request.http?.headers.set(name, value));
  }

  override process(options: GraphQLDataSourceProcessOptions): Promise<ProcessResult> {
    const isQuery = !isMutation(options.request.query);
    // Only the fetches of clients' queries are shared or merged: not the gateway's own, not writes.
    const person = isQuery && 'incomingRequestContext' in options ? personOf(options) : null;
    if (person === null) return this.timedFetch(options, isQuery).then(withoutStamp);
    // Identical fetches share one first (a hot key); the distinct fetches of one document are then merged.
    const fetch = () => this.batches?.fetch(person, options) ?? this.timedFetch(options, isQuery);
    const key = fetchKey(options, person);
    const shared = () => (this.inFlight ? this.inFlight.share(key, fetch, copyOf) : fetch());
    // Without the cache no stamp is asked for, so none comes back.
    if (!this.answerCache) return shared();
    const { identity, receivedAt } = options.context as Partial<{ identity: Identity; receivedAt: number }>;
    // A request whose arrival is not known counts as arriving now: it then relies on no check sent earlier.
    return this.answerCache.answer(key, receivedAt ?? performance.now(), () => this.askDataVersion(identity!), shared);
  }

  /**
   * The subgraph's `/data-version`, through its breaker. A subgraph that cannot be reached fails
   * the fetch at once (the fetch would wait as long), unless the failure is one a retry may
   * overcome: the fetch is then sent, uncached, with its retries.
   */
  private askDataVersion(identity: Identity): ReturnType<AskDataVersion> {
    const ask = async () => {
      const response = await postThrough(
        this.dispatcher,
        this.dataVersionUrl!,
        { method: 'POST', headers: { authorization: `Bearer ${await this.credentials.bearerFor(identity)}`, 'content-type': 'application/json' }, body: '{}' },
        requestDeadlineMs(this.timeoutMs),
      );
      // A server error says nothing of what the subgraph offers: asked again next time. Anything
      // else but a data version (404 from a subgraph without one, a stand-in's odd answer) is
      // taken as none offered, and not asked again for a while.
      if (response.status >= 500) return null;
      const version = response.ok ? dataVersionNowOf(await response.json().catch(() => null)) : null;
      return version ?? ('unsupported' as const);
    };
    return this.breakers.run(this.subgraphName, ask).catch((error: unknown) => {
      if (isRetryableFailure(error)) return null;
      throw this.unavailable(error, 1);
    });
  }

  /** Timed as sent to the subgraph: fetches that waited for an identical one in flight are not counted again. */
  private timedFetch(options: GraphQLDataSourceProcessOptions, isQuery: boolean): Promise<ProcessResult> {
    return this.metrics.timeSubgraphFetch(this.subgraphName, () => this.fetchWithRetries(options, isQuery));
  }

  private async fetchWithRetries(options: GraphQLDataSourceProcessOptions, isQuery: boolean): Promise<ProcessResult> {
    const startedAt = performance.now();
    const retries = planRetries(this.retry, { isQuery, deadlineMs: this.timeoutMs });
    let attempts = 1;
    for (;;) {
      try {
        const attempt = () => this.breakers.run(this.subgraphName, () => super.process(options));
        return keepReportedServiceNames(await (attempts === 1 ? attempt() : retryDeadline.run(startedAt + this.timeoutMs, attempt)));
      } catch (error) {
        const refused = refusedRequestErrors(error);
        if (refused) return keepReportedServiceNames({ errors: refused });
        const delay = retries.delayBeforeRetry(error);
        if (delay !== null) {
          attempts += 1;
          await sleep(delay);
          continue;
        }
        throw this.unavailable(error, attempts);
      }
    }
  }

  /** What the client sees of a subgraph that could not be reached; the cause goes to the log. */
  private unavailable(error: unknown, attempts: number): GraphQLError {
    // An open breaker already said so in the log, once: not once more per fetch it refuses.
    if (!isOpenBreaker(error)) {
      const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      this.logger.warn(`the ${this.subgraphName} subgraph is unavailable: ${describeFailure(error, this.timeoutMs)}${tries}`);
    }
    return new GraphQLError(`The ${this.subgraphName} service is unavailable; the data it owns is missing from this response.`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraphName },
    });
  }
}
