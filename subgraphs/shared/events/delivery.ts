/**
 * Event delivery for one subgraph process, whichever transport the configuration chose: the
 * relay that sends this subgraph's outbox, and the receiving end for the events it consumes
 * (an HTTP route with the embedded transport, a durable JetStream consumer with NATS).
 * Whichever the transport, the relay signs each event with this service's key and the receiving
 * end believes only events signed by the service that owns their type (signed-events.ts).
 */
import type { SubgraphName } from '../../catalog.js';
import type { EventDeliveryConfig } from '../config.js';
import type { Listen } from '../database-notifications.js';
import type { JsonRoute } from '../http-server.js';
import type { ServiceCredentials } from '../identity/service-credentials.js';
import type { ServiceMetrics } from '../observability/metrics.js';
import { SUBSCRIPTIONS, typesConsumedBy } from './contract.js';
import { relayMetrics } from './delivery-metrics.js';
import { eventReceiverRoute, httpEventPublisher } from './http-transport.js';
import type { AnyEventHandler } from './inbox.js';
import type { RunningNatsConsumer } from './nats-transport.js';
import { OutboxRelay, type RetryPolicy } from './relay.js';
import { describeError, type EventStore, type RawQueryExecutor } from './store.js';

export interface EventDeliveryOptions<Tx extends RawQueryExecutor> {
  name: SubgraphName;
  db: EventStore<Tx>;
  /** How this subgraph applies the events it consumes (empty: it only produces). */
  handlers: readonly AnyEventHandler<Tx>[];
  config: EventDeliveryConfig;
  /**
   * This service's credentials: its key signs the events it produces (and its service token
   * goes with each HTTP delivery); its trusted keys decide which events it believes.
   */
  credentials: ServiceCredentials;
  /** The GraphQL URL of another subgraph (`<SUBGRAPH>_URL`): the embedded transport delivers beside it. */
  subgraphUrl(name: SubgraphName): string;
  log(line: string): void;
  /** Batch size of the relay (tests make it small). */
  relayBatchSize?: number;
  /**
   * The database's LISTEN: the outbox's trigger notifies `integration_outbox` when a transaction
   * that recorded events commits, and the relay sends them at once instead of at its next poll.
   */
  listen?: Listen;
  /** The subgraph's registry: the relay counts what it delivers there. */
  metrics?: ServiceMetrics;
}

/** The channel the outbox's trigger notifies (each subgraph's migration `integration_outbox_notify`). */
export const OUTBOX_CHANNEL = 'integration_outbox';

export interface EventDelivery {
  transport: 'embedded' | 'nats';
  /** What the subgraph's HTTP server must serve besides GraphQL. */
  routes: JsonRoute[];
  /** Wakes the relay now rather than at its next poll. */
  notify(): void;
  /**
   * Whether events can leave now, for readiness: NATS's connection; the embedded transport has
   * no standing connection (each delivery is its own HTTP request), so it is always connected.
   */
  status(): { connected: boolean };
  /** Stops sending and receiving; nothing pending is lost, it waits in the outbox or the stream. */
  stop(): Promise<void>;
}

export function consumesEvents(name: SubgraphName): boolean {
  return Object.values(SUBSCRIPTIONS).some((consumers) => consumers.includes(name));
}

export function retryPolicyOf(config: EventDeliveryConfig): RetryPolicy {
  return { maxAttempts: config.maxAttempts, baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs };
}

/** Throws when NATS_URL is set and NATS cannot be reached: a user who asked for NATS is told at once. */
export async function startEventDelivery<Tx extends RawQueryExecutor>(options: EventDeliveryOptions<Tx>): Promise<EventDelivery> {
  const { name, db, handlers, config, credentials, log } = options;
  const retry = retryPolicyOf(config);
  const relayOptions = { source: name, signingKey: credentials.signingKey, db, retry, pollIntervalMs: config.relayPollIntervalMs, leaseMs: config.relayLeaseMs, batchSize: options.relayBatchSize, log, metrics: options.metrics && relayMetrics(options.metrics) };

  if (!config.natsUrl) {
    const publisher = httpEventPublisher(options.subgraphUrl, credentials, {
      onConsumerBack: (consumer) => {
        relay.retryNow([...typesConsumedBy(consumer)], `${consumer} answers again`).catch((error: unknown) => log(`events: cannot hasten the events for ${consumer}: ${describeError(error)}`));
      },
    });
    const relay = new OutboxRelay({ ...relayOptions, publisher });
    relay.start();
    const unlisten = await listenForOutbox(options, relay);
    log(`events: embedded delivery (HTTP between the subgraphs)${consumesEvents(name) ? `, receiving at /events with ${handlers.length} handler${handlers.length === 1 ? '' : 's'}` : ''}`);
    return {
      transport: 'embedded',
      routes: consumesEvents(name) ? [eventReceiverRoute({ name, db, handlers, credentials, log })] : [],
      notify: () => relay.wake(),
      status: () => ({ connected: true }),
      async stop() {
        await unlisten();
        await relay.stop();
        await publisher.close();
      },
    };
  }

  // The NATS client (about 11 MB resident) is loaded only where NATS carries the events.
  const { connectNats, ensureStream, followConnection, natsEventPublisher, startNatsConsumer } = await import('./nats-transport.js');
  const nc = await connectNats(config.natsUrl, `integra-${name}`, { auth: config.natsAuth, service: name }).catch((error: Error) => {
    throw new Error(`cannot reach NATS at ${config.natsUrl} (NATS_URL): ${error.message}`);
  });
  let consumer: RunningNatsConsumer | null = null;
  let relay: OutboxRelay | null = null;
  let unlisten: () => Promise<void> = async () => {};
  try {
    const naming = { stream: config.natsStream };
    await ensureStream(nc, naming);
    if (consumesEvents(name)) consumer = await startNatsConsumer({ nc, naming, name, db, handlers, trustedKeys: credentials.trustedKeys, retry, ackWaitMs: config.natsAckWaitMs, log });
    relay = new OutboxRelay({ ...relayOptions, publisher: natsEventPublisher(nc, naming) });
    relay.start();
    unlisten = await listenForOutbox(options, relay);
  } catch (error) {
    await relay?.stop();
    await consumer?.stop();
    await nc.close();
    throw error;
  }
  log(`events: NATS JetStream at ${config.natsUrl}${consumer ? `, durable consumer "${name}" with ${handlers.length} handler${handlers.length === 1 ? '' : 's'}` : ''}`);
  const running = relay;
  const connected = followConnection(nc);
  return {
    transport: 'nats',
    routes: [],
    notify: () => running.wake(),
    status: () => ({ connected: connected() }),
    async stop() {
      await unlisten();
      await running.stop();
      await consumer?.stop();
      await nc.drain();
    },
  };
}

async function listenForOutbox(options: EventDeliveryOptions<RawQueryExecutor>, relay: OutboxRelay): Promise<() => Promise<void>> {
  if (!options.listen) return async () => {};
  try {
    return await options.listen(OUTBOX_CHANNEL, () => relay.wake());
  } catch (error) {
    // Delivery still works, polling every EVENT_RELAY_POLL_MS; only the shortcut is lost.
    options.log(`events: cannot listen for new events (${(error as Error).message}); looking for them every ${options.config.relayPollIntervalMs} ms`);
    return async () => {};
  }
}
