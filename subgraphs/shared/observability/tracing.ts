/**
 * Traces, with OpenTelemetry: off unless an OTLP endpoint is configured, and then free of any
 * per-request work (no provider is registered; the gateway's own spans go to the API's no-op).
 * When on, a NodeTracerProvider is registered with W3C trace context propagation and a batch
 * processor sending to the OTLP/HTTP endpoint, named after the service; Prisma's
 * instrumentation adds a span per query, which works with driver adapters.
 *
 * Where the trace goes: the HTTP server continues a caller's `traceparent` (request-scope
 * middleware in http-server.ts), @apollo/gateway adds its request/plan/execute/fetch spans, the
 * gateway's data source sends `traceparent` to each subgraph, the outbox keeps the traceparent
 * of the transaction that recorded an event, and the consumer applies it in a span continuing
 * that trace.
 */
import { context, propagation, trace, type Context, type Link, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PrismaInstrumentation, registerInstrumentations } from '@prisma/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

const TRACER_NAME = 'integra';

let enabled = false;

export interface Tracing {
  /** Sends the spans still waiting in the batch, then stops recording. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** The OTLP/HTTP traces URL (readObservabilityConfig's tracesUrl). */
  tracesUrl?: string;
  /** In place of the OTLP exporter (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessors?: SpanProcessor[];
}

/**
 * Registers the tracer provider for this process. Call it before the first request; Prisma
 * clients created before it are traced too, as the instrumentation is looked up at each query.
 */
export function startTracing({ serviceName, tracesUrl, spanProcessors }: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: spanProcessors ?? [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace context propagator.
  provider.register();
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  enabled = true;
  return {
    async shutdown() {
      enabled = false;
      unregister();
      await provider.shutdown();
    },
  };
}

export function tracingEnabled(): boolean {
  return enabled;
}

function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Adds the current trace context (`traceparent`) to outgoing headers; nothing when tracing is off. */
export function injectTraceContext(setHeader: (name: string, value: string) => void): void {
  if (!enabled) return;
  propagation.inject(context.active(), undefined, { set: (_carrier, name, value) => setHeader(name, value) });
}

/** The W3C traceparent of the current span, for a record that outlives the request (an outbox row); null when tracing is off. */
export function currentTraceParent(): string | null {
  if (!enabled) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

function contextOf(traceParent: string): Context {
  return propagation.extract(context.active(), { traceparent: traceParent });
}

/**
 * A server span for one incoming request, continuing the caller's `traceparent` if it sent
 * one; `work` runs inside it. Null when tracing is off.
 */
export function startServerSpan(name: string, headers: Record<string, string | string[] | undefined>): { span: Span; context: Context } | null {
  if (!enabled) return null;
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/**
 * Runs a consumer's work on a batch of events in a span continuing their producer's trace:
 * the parent is the transaction that recorded them when the batch came from one trace, and
 * every event's trace is linked either way. Without tracing, only `work` runs.
 */
export async function inEventsSpan<T>(name: string, traceParents: (string | undefined)[], work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const known = [...new Set(traceParents.filter((value): value is string => Boolean(value)))];
  const links: Link[] = known.map((value) => ({ context: trace.getSpanContext(contextOf(value))! })).filter((link) => link.context);
  const parent = known.length === 1 ? contextOf(known[0]!) : context.active();
  const span = tracer().startSpan(name, { kind: SpanKind.CONSUMER, links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
