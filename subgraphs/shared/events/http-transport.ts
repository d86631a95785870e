/**
 * The embedded transport, used when no NATS_URL is set: nothing to install. The producer's
 * relay POSTs each batch to every consuming subgraph's `/events` (beside its `/graphql`, at
 * the `<SUBGRAPH>_URL` the subgraphs already use to reach each other); the consumer applies
 * the batch through its inbox and answers what became of each event. An answer of 200 means
 * delivered (applied, parked by the consumer, or a duplicate); anything else is retried.
 */
import { Agent, request } from 'undici';
import { z } from 'zod';
import { SUBGRAPHS, type SubgraphName } from '../../catalog.js';
import type { JsonRoute } from '../http-server.js';
import { CLIENT_KEEP_ALIVE_TIMEOUT_MS } from '../subgraph-client.js';
import { EVENT_TYPES, SUBSCRIPTIONS, type EventType, type IntegrationEvent } from './contract.js';
import { applyEvents, type AnyEventHandler, type ReceivedOutcome } from './inbox.js';
import type { EventPublisher } from './relay.js';
import { describeError, type EventStore, type RawQueryExecutor } from './store.js';

export const EVENTS_PATH = '/events';

/** A batch of 100 call records with many legs each stays far below this. */
export const EVENTS_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** A batch is split so that no request comes near the receiver's limit. */
const REQUEST_TARGET_BYTES = EVENTS_BODY_LIMIT_BYTES / 2;

/** How long a consumer may take to apply a batch before the relay gives up and retries it. */
const DELIVERY_TIMEOUT_MS = 30_000;

const eventSchema = z.object({
  id: z.uuid(),
  type: z.enum(Object.values(EVENT_TYPES) as [EventType, ...EventType[]]),
  source: z.enum(SUBGRAPHS.map(({ name }) => name) as [SubgraphName, ...SubgraphName[]]),
  subject: z.string().min(1).max(1000),
  occurredAt: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
});

const batchSchema = z.object({ events: z.array(eventSchema).min(1).max(1000) });

interface DeliveryAnswer {
  outcomes: ({ id: string } & ReceivedOutcome)[];
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Where `consumer` receives events, beside its GraphQL endpoint. */
export function eventsUrlOf(graphqlUrl: string): string {
  return new URL(EVENTS_PATH.slice(1), graphqlUrl).toString();
}

export interface EventReceiverOptions<Tx extends RawQueryExecutor> {
  name: SubgraphName;
  db: EventStore<Tx>;
  handlers: readonly AnyEventHandler<Tx>[];
  log: (line: string) => void;
}

/** The consumer's end: `POST /events {"events": [...]}`, validated, applied through the inbox. */
export function eventReceiverRoute<Tx extends RawQueryExecutor>({ name, db, handlers, log }: EventReceiverOptions<Tx>): JsonRoute {
  const consumed = new Set(Object.entries(SUBSCRIPTIONS).filter(([, consumers]) => consumers.includes(name)).map(([type]) => type));
  return {
    path: EVENTS_PATH,
    bodyLimitBytes: EVENTS_BODY_LIMIT_BYTES,
    async handle(body) {
      if (body === undefined) return { status: 400, body: errorBody('Send the events as JSON with content-type application/json: {"events": [...]}.', 'BAD_REQUEST') };
      const parsed = batchSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { status: 400, body: errorBody(`${['events', ...issue.path.map(String)].join('.').replace(/^events\.events/, 'events')}: ${issue.message}`, 'BAD_REQUEST') };
      }
      const foreign = parsed.data.events.find((event) => !consumed.has(event.type));
      if (foreign) return { status: 400, body: errorBody(`${name} does not consume ${foreign.type} events (event ${foreign.id})`, 'BAD_REQUEST') };
      const events = parsed.data.events as IntegrationEvent[];
      try {
        const report = await applyEvents(db, handlers, events);
        log(`events: applied ${report.applied}, parked ${report.parked}, duplicates ${report.duplicates} (from ${events[0]!.source})`);
        const answer: DeliveryAnswer = { outcomes: events.map((event) => ({ id: event.id, ...report.outcomes.get(event.id)! })) };
        return { status: 200, body: answer };
      } catch (error) {
        log(`events: a batch of ${events.length} from ${events[0]!.source} was not applied, the sender will retry: ${describeError(error)}`);
        return { status: 503, body: errorBody(`${name} could not apply the events: ${describeError(error)}`, 'EVENTS_NOT_APPLIED') };
      }
    },
  };
}

function splitBySize(events: IntegrationEvent[]): IntegrationEvent[][] {
  const chunks: IntegrationEvent[][] = [];
  let current: IntegrationEvent[] = [];
  let size = 0;
  for (const event of events) {
    const eventSize = Buffer.byteLength(JSON.stringify(event));
    if (current.length > 0 && size + eventSize > REQUEST_TARGET_BYTES) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(event);
    size += eventSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function consumersOf(events: IntegrationEvent[]): Map<SubgraphName, IntegrationEvent[]> {
  const byConsumer = new Map<SubgraphName, IntegrationEvent[]>();
  for (const event of events) {
    for (const consumer of SUBSCRIPTIONS[event.type] ?? []) byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), event]);
  }
  return byConsumer;
}

export interface HttpPublisher extends EventPublisher {
  close(): Promise<void>;
}

/** The producer's end. `graphqlUrlOf` is asked at each delivery: a consumer's address may be known only once it listens (tests). */
export function httpEventPublisher(graphqlUrlOf: (consumer: SubgraphName) => string): HttpPublisher {
  const agent = new Agent({
    connections: 4,
    headersTimeout: DELIVERY_TIMEOUT_MS,
    bodyTimeout: DELIVERY_TIMEOUT_MS,
    connect: { timeout: 5_000 },
    keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
  });

  async function post(consumer: SubgraphName, events: IntegrationEvent[]): Promise<void> {
    let url: string;
    try {
      url = eventsUrlOf(graphqlUrlOf(consumer));
    } catch (error) {
      throw new Error(`${consumer}'s address is not configured: ${describeError(error)}`);
    }
    let response;
    try {
      response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      throw new Error(`${consumer} cannot be reached at ${url} (${code ?? describeError(error)})`);
    }
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { errors?: { message?: string }[] }).errors?.[0]?.message ?? message;
      } catch {
        // Not our JSON (a proxy's page): its first characters say enough.
      }
      throw new Error(`${consumer} answered HTTP ${response.statusCode}: ${message}`);
    }
    const answer = JSON.parse(text) as DeliveryAnswer;
    const answered = new Set(answer.outcomes?.map((outcome) => outcome.id) ?? []);
    const missing = events.find((event) => !answered.has(event.id));
    if (missing) throw new Error(`${consumer} did not say what became of event ${missing.id}`);
  }

  return {
    describe(events) {
      return `over HTTP to ${[...consumersOf(events).keys()].join(', ') || 'no consumer'}`;
    },
    async publish(events) {
      const failures = new Map<string, string>();
      const deliveries = [...consumersOf(events)].flatMap(([consumer, theirs]) =>
        splitBySize(theirs).map(async (chunk) => {
          try {
            await post(consumer, chunk);
          } catch (error) {
            for (const event of chunk) failures.set(event.id, describeError(error));
          }
        }),
      );
      await Promise.all(deliveries);
      return failures;
    },
    close: () => agent.close(),
  };
}
