/**
 * The embedded transport, used when no NATS_URL is set: nothing to install. The producer's
 * relay POSTs each batch to every consuming subgraph's `/events` (beside its `/graphql`, at
 * the `<SUBGRAPH>_URL` the subgraphs already use to reach each other); the consumer applies
 * the batch through its inbox and answers what became of each event. An answer of 200 means
 * delivered (applied, parked by the consumer, or a duplicate); anything else is retried.
 *
 * Wire format:
 *   POST /events
 *   authorization: Bearer <the producer's service token (role service)>
 *   content-type: application/json
 *   {"events": ["<compact JWS of event 1>", ...]}
 * Each JWS is the event as its producer signed it (signed-events.ts); the answer is
 *   200 {"outcomes": [{"id": "...", "status": "applied" | "parked" | "duplicate", "reason"?: "..."}]}.
 * A request without the token of a service whose events this consumer takes is refused with
 * 401 before its body is read; a batch with any event whose signature, signer or source does
 * not hold is refused whole with 401 (nothing of it applied), one that is not a batch with 400.
 */
import { Agent, request } from 'undici';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { SubgraphName } from '../../catalog.js';
import { graphQLErrorBody as errorBody, unauthenticatedAnswer as unauthenticated } from '../direct-graphql.js';
import type { JsonRoute } from '../http-server.js';
import { SERVICE_ROLE } from '../identity/roles.js';
import type { ServiceCredentials } from '../identity/service-credentials.js';
import { CLIENT_KEEP_ALIVE_TIMEOUT_MS } from '../subgraph-client.js';
import { producersFor, SUBSCRIPTIONS, typesConsumedBy, type IntegrationEvent } from './contract.js';
import { applyEvents, type AnyEventHandler, type ReceivedOutcome } from './inbox.js';
import type { EventPublisher } from './relay.js';
import { EventRefused, verifySignedEvent, type SignedEvent } from './signed-events.js';
import { describeError, type EventStore, type RawQueryExecutor } from './store.js';

export const EVENTS_PATH = '/events';

/** A batch of 100 call records with many legs each stays far below this. */
export const EVENTS_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** A batch is split so that no request comes near the receiver's limit. */
const REQUEST_TARGET_BYTES = EVENTS_BODY_LIMIT_BYTES / 2;

/** How long a consumer may take to apply a batch before the relay gives up and retries it. */
const DELIVERY_TIMEOUT_MS = 30_000;

/**
 * A consumer that could not be reached is asked this often whether it is back: its events then
 * go at once rather than when their backoff (up to EVENT_RETRY_MAX_MS) ends.
 */
export const DEFAULT_PROBE_INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

// Each item is checked by its signature, which says more than a schema could ("not signed").
const batchSchema = z.object({ events: z.array(z.unknown()).min(1).max(1000) });

interface DeliveryAnswer {
  outcomes: ({ id: string } & ReceivedOutcome)[];
}

/** Where `consumer` receives events, beside its GraphQL endpoint. */
export function eventsUrlOf(graphqlUrl: string): string {
  return new URL(EVENTS_PATH.slice(1), graphqlUrl).toString();
}

export interface EventReceiverOptions<Tx extends RawQueryExecutor> {
  name: SubgraphName;
  db: EventStore<Tx>;
  handlers: readonly AnyEventHandler<Tx>[];
  /** This consumer's credentials: who may post (verifyBearer) and whose event signatures it believes (trustedKeys). */
  credentials: ServiceCredentials;
  log: (line: string) => void;
}

/** The consumer's end: `POST /events {"events": [...]}` from a producer it takes events from, each event verified, applied through the inbox. */
export function eventReceiverRoute<Tx extends RawQueryExecutor>({ name, db, handlers, credentials, log }: EventReceiverOptions<Tx>): JsonRoute {
  const consumed = typesConsumedBy(name);
  const producers = producersFor(name);
  const whoMayPost = `${EVENTS_PATH} takes events only from ${[...producers].join(' and ')}, with its service token (Authorization: Bearer)`;
  return {
    path: EVENTS_PATH,
    bodyLimitBytes: EVENTS_BODY_LIMIT_BYTES,
    async refuse(authorization) {
      let caller;
      try {
        caller = await credentials.verifyBearer(authorization);
      } catch (error) {
        if (error instanceof GraphQLError) return unauthenticated(`${whoMayPost}: ${error.message}`);
        throw error;
      }
      const producer = producers.has(caller.signedBy as SubgraphName) && caller.roles.has(SERVICE_ROLE) && caller.roles.size === 1;
      return producer ? null : unauthenticated(`${whoMayPost}; this token is ${caller.signedBy}'s for ${caller.subject}.`);
    },
    async handle(body) {
      if (body === undefined) return { status: 400, body: errorBody('Send the events as JSON with content-type application/json: {"events": [...]}.', 'BAD_REQUEST') };
      const parsed = batchSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { status: 400, body: errorBody(`${['events', ...issue.path.map(String)].join('.').replace(/^events\.events/, 'events')}: ${issue.message}`, 'BAD_REQUEST') };
      }
      const events: IntegrationEvent[] = [];
      for (const [index, signed] of parsed.data.events.entries()) {
        try {
          events.push(await verifySignedEvent(signed, credentials.trustedKeys));
        } catch (error) {
          if (!(error instanceof EventRefused)) throw error;
          log(`events: refused a batch of ${parsed.data.events.length}, nothing of it applied: events.${index}: ${error.message}`);
          const message = `events.${index}: ${error.message}; nothing of this batch was applied`;
          return error.kind === 'not-trusted' ? unauthenticated(message) : { status: 400, body: errorBody(message, 'BAD_REQUEST') };
        }
      }
      const foreign = events.find((event) => !consumed.has(event.type));
      if (foreign) return { status: 400, body: errorBody(`${name} does not consume ${foreign.type} events (event ${foreign.id})`, 'BAD_REQUEST') };
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

function splitBySize(events: SignedEvent[]): SignedEvent[][] {
  const chunks: SignedEvent[][] = [];
  let current: SignedEvent[] = [];
  let size = 0;
  for (const event of events) {
    const eventSize = event.signed.length + 3;
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

function consumersOf<Event extends IntegrationEvent>(events: Event[]): Map<SubgraphName, Event[]> {
  const byConsumer = new Map<SubgraphName, Event[]>();
  for (const event of events) {
    for (const consumer of SUBSCRIPTIONS[event.type] ?? []) byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), event]);
  }
  return byConsumer;
}

export interface HttpPublisher extends EventPublisher {
  close(): Promise<void>;
}

export interface ConsumerWatch {
  /** Called once a consumer that could not be reached answers again (the relay then retries its events now). */
  onConsumerBack(consumer: SubgraphName): void;
  probeIntervalMs?: number;
}

/**
 * The producer's end, posting with `credentials`' service token. `graphqlUrlOf` is asked at each
 * delivery: a consumer's address may be known only once it listens (tests). A consumer that
 * cannot be reached (down, restarting, killed during a delivery) is probed until it answers
 * any HTTP request, and `watch` is told.
 */
export function httpEventPublisher(graphqlUrlOf: (consumer: SubgraphName) => string, credentials: ServiceCredentials, watch?: ConsumerWatch): HttpPublisher {
  const agent = new Agent({
    connections: 4,
    headersTimeout: DELIVERY_TIMEOUT_MS,
    bodyTimeout: DELIVERY_TIMEOUT_MS,
    connect: { timeout: 5_000 },
    keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
  });

  async function post(consumer: SubgraphName, events: SignedEvent[]): Promise<void> {
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
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await credentials.bearerFor()}` },
        body: JSON.stringify({ events: events.map((event) => event.signed) }),
      });
    } catch (error) {
      probeUntilBack(consumer);
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

  const probes = new Map<SubgraphName, NodeJS.Timeout>();
  let closed = false;

  function probeUntilBack(consumer: SubgraphName): void {
    if (!watch || closed || probes.has(consumer)) return;
    const probe = async () => {
      if (closed) return;
      try {
        // Any answer will do (the route takes only POST): the consumer's server is listening again.
        const response = await request(eventsUrlOf(graphqlUrlOf(consumer)), { method: 'GET', headersTimeout: PROBE_TIMEOUT_MS, bodyTimeout: PROBE_TIMEOUT_MS });
        await response.body.dump();
      } catch {
        if (!closed) probes.set(consumer, setTimeout(probe, watch.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS).unref());
        return;
      }
      probes.delete(consumer);
      if (!closed) watch.onConsumerBack(consumer);
    };
    probes.set(consumer, setTimeout(probe, watch.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS).unref());
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
    async close() {
      closed = true;
      for (const timer of probes.values()) clearTimeout(timer);
      probes.clear();
      await agent.close();
    },
  };
}
