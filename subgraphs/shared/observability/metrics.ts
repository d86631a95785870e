/**
 * Prometheus metrics of one Integra service (prom-client): a registry per service, which is one
 * per process as deployed (the in-process platform of the tests holds several), carrying Node's
 * own process metrics and a `service` label on every series. Every name starts with `integra_`.
 *
 * The GraphQL request families are shared by the gateway and the subgraphs: the `service` label
 * tells them apart. Labels never hold personal data or ids; the one label a client chooses, the
 * operation name, is capped (BoundedLabelValues).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Histogram, Registry, type Metric } from 'prom-client';

export const METRIC_PREFIX = 'integra_';

/** Seconds: from a cached lookup to the gateway's 5 s subgraph timeout and beyond. */
export const REQUEST_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Distinct operation names kept as labels; later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;
/** Distinct error codes kept as labels: our own codes are a few dozen. */
export const MAX_ERROR_CODES = 50;
/** Longest label value kept; a longer one is cut. */
export const MAX_LABEL_LENGTH = 64;

export const OTHER_LABEL = 'other';
export const ANONYMOUS_OPERATION = 'anonymous';

export interface ServiceMetrics {
  /** `gateway`, `sales`, ...: the `service` label of every series. */
  service: string;
  registry: Registry;
  /** Labels of the operation names this service has seen (capped). */
  operationNames: BoundedLabelValues;
  /** Labels of the error codes this service has seen (capped). */
  errorCodes: BoundedLabelValues;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return {
    service,
    registry,
    operationNames: new BoundedLabelValues(MAX_OPERATION_NAMES),
    errorCodes: new BoundedLabelValues(MAX_ERROR_CODES),
  };
}

/**
 * The first `limit` distinct values pass as they are (cut to MAX_LABEL_LENGTH), every later one
 * becomes `other`: a client sending thousands of operation names adds at most `limit` series.
 */
export class BoundedLabelValues {
  private readonly seen = new Set<string>();

  constructor(
    readonly limit: number,
    private readonly maxLength = MAX_LABEL_LENGTH,
  ) {}

  of(value: string): string {
    const label = value.length > this.maxLength ? value.slice(0, this.maxLength) : value;
    if (this.seen.has(label)) return label;
    if (this.seen.size >= this.limit) return OTHER_LABEL;
    this.seen.add(label);
    return label;
  }
}

/**
 * The registry's metric of that name, created on first use: the families a service shares
 * (the GraphQL plugin, event delivery) may be asked for more than once without registering twice.
 */
export function metricOf<M extends Metric>(registry: Registry, name: string, create: (registers: Registry[]) => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create([registry]);
}

export function errorCodeOf(error: Pick<GraphQLFormattedError, 'extensions'> | undefined): string {
  const code = error?.extensions?.code;
  return typeof code === 'string' && code !== '' ? code : 'UNKNOWN';
}

/** `ok`, or the code of the first error. */
export function outcomeOf(metrics: ServiceMetrics, errors: readonly Pick<GraphQLFormattedError, 'extensions'>[] | undefined): string {
  return errors?.length ? metrics.errorCodes.of(errorCodeOf(errors[0])) : 'ok';
}

interface GraphQLRequestFamilies {
  requests: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
  errors: Counter<'code'>;
}

function graphQLRequestFamilies({ registry }: ServiceMetrics): GraphQLRequestFamilies {
  return {
    requests: metricOf(registry, `${METRIC_PREFIX}graphql_requests_total`, (registers) =>
      new Counter({ name: `${METRIC_PREFIX}graphql_requests_total`, help: 'GraphQL requests answered, by operation name and outcome (ok, or the first error code)', labelNames: ['operation', 'outcome'], registers }),
    ),
    duration: metricOf(registry, `${METRIC_PREFIX}graphql_request_duration_seconds`, (registers) =>
      new Histogram({ name: `${METRIC_PREFIX}graphql_request_duration_seconds`, help: 'Time from receiving a GraphQL request to answering it, by operation name', labelNames: ['operation'], buckets: REQUEST_DURATION_BUCKETS, registers }),
    ),
    errors: metricOf(registry, `${METRIC_PREFIX}graphql_errors_total`, (registers) =>
      new Counter({ name: `${METRIC_PREFIX}graphql_errors_total`, help: 'Errors in GraphQL answers, by extensions.code', labelNames: ['code'], registers }),
    ),
  };
}

/**
 * Counts and times every GraphQL request the server answers (the gateway's and each subgraph's).
 * A request refused before it has a context (no valid token: 401) is counted under the
 * operation `unknown`, as its body is not looked at.
 */
export function graphQLMetricsPlugin<Context extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<Context> {
  const families = graphQLRequestFamilies(metrics);
  const countErrors = (errors: readonly GraphQLFormattedError[]) => {
    for (const error of errors) families.errors.inc({ code: metrics.errorCodes.of(errorCodeOf(error)) });
  };
  return {
    async contextCreationDidFail({ error }) {
      const code = errorCodeOf(error as GraphQLFormattedError);
      families.requests.inc({ operation: 'unknown', outcome: metrics.errorCodes.of(code) });
      families.errors.inc({ code: metrics.errorCodes.of(code) });
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, request, document }) {
          // The name of the operation run; before one was chosen (a document refused by
          // validation, or one that does not parse), the name the request or its document gives.
          const named = operationName || request.operationName || (document && getOperationAST(document)?.name?.value);
          const operation = metrics.operationNames.of(named || ANONYMOUS_OPERATION);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          families.requests.inc({ operation, outcome: outcomeOf(metrics, errors) });
          families.duration.observe({ operation }, (performance.now() - started) / 1000);
          countErrors(errors);
        },
      };
    },
  };
}
