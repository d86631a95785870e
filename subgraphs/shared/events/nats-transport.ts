/**
 * The NATS JetStream transport, used when NATS_URL is set. Every event is stored in the stream
 * (INTEGRA, or NATS_STREAM) once per consuming subgraph, on `integra.<consumer>.<type>`, published with the event
 * id as JetStream's message id (the server drops a repeat within its de-duplication window).
 * Each consuming subgraph reads its own subjects through one durable pull consumer named after
 * it, shared by all its instances, so they split the work; the inbox still applies each event
 * once however late a repeat comes.
 *
 * One subject per consumer rather than one per event type: a consumer filtering on several
 * subjects needs NATS 2.10, while `integra.<consumer>.>` works on every JetStream server.
 *
 * Wire format: a message on `<stream lower>.<consumer>.<type>`, header `Nats-Msg-Id:
 * <event id>.<consumer>`, whose data is the event as its producer signed it, a compact JWS
 * (signed-events.ts). The consumer applies only what the signature covers; a message whose
 * signature, signer or source does not hold, or that is not an event this consumer takes (or
 * not the type its subject names), is terminated (never redelivered, never in the inbox) with
 * a log line saying why.
 *
 * Each service connects with its own NATS credentials (NATS_USER/NATS_PASSWORD, NATS_TOKEN or
 * NATS_CREDS_FILE) and replies come to its own inbox prefix, `_INBOX.<service>`, so a server
 * can allow each service only its own subjects (docs/nats-server.conf).
 */
import { AckPolicy, DeliverPolicy, DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, nanos, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { CryptoKey } from 'jose';
import type { SubgraphName } from '../../catalog.js';
import type { NatsAuth } from '../config.js';
import { SUBSCRIPTIONS, typesConsumedBy, type IntegrationEvent } from './contract.js';
import { applyEvents, parkFailedEvents, type AnyEventHandler } from './inbox.js';
import { retryDelayMs, type EventPublisher, type RetryPolicy } from './relay.js';
import { EventRefused, verifySignedEvent } from './signed-events.js';
import { describeError, type EventStore, type RawQueryExecutor } from './store.js';

/** The stream holding the events; its subjects start with its name in lower case. */
export interface NatsStreamName {
  stream: string;
}

function subjectRootOf({ stream }: NatsStreamName): string {
  return stream.toLowerCase();
}

/** How long the stream keeps an event: far longer than any consumer should be away. */
const RETENTION_DAYS = 7;
const PUBLISH_TIMEOUT_MS = 5_000;
/** Messages one consumer instance holds at a time; the next batch is read while one is applied. */
const BUFFERED_MESSAGES = 200;
const APPLY_BATCH = 100;

export function subjectFor(naming: NatsStreamName, consumer: SubgraphName, event: Pick<IntegrationEvent, 'type'>): string {
  return `${subjectRootOf(naming)}.${consumer}.${event.type}`;
}

/** Where `service`'s replies arrive (JetStream acknowledgements, pulled messages): a subject only it may read. */
export function inboxPrefixOf(service: string): string {
  return `_INBOX.${service}`;
}

export interface NatsConnectOptions {
  /** Credentials and TLS (NATS_USER, NATS_TOKEN, NATS_CREDS_FILE, NATS_TLS_CA_FILE); none when not given. */
  auth?: NatsAuth;
  /** The service connecting: its replies come to `_INBOX.<service>` (the default `_INBOX` otherwise). */
  service?: string;
}

export function natsConnectionOptions(url: string, name: string, { auth, service }: NatsConnectOptions = {}): NodeConnectionOptions {
  const options: NodeConnectionOptions = { servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 };
  if (service) options.inboxPrefix = inboxPrefixOf(service);
  if (auth?.user !== undefined) Object.assign(options, { user: auth.user, pass: auth.password });
  if (auth?.token !== undefined) options.token = auth.token;
  // Read at each (re)connection, so a rotated credentials file is picked up without a restart.
  if (auth?.credsFile !== undefined) options.authenticator = credsAuthenticator(() => readFileSync(auth.credsFile!));
  if (auth?.tls) options.tls = auth.tlsCaFile ? { caFile: auth.tlsCaFile } : {};
  return options;
}

export async function connectNats(url: string, name: string, options: NatsConnectOptions = {}): Promise<NatsConnection> {
  return connect(natsConnectionOptions(url, name, options));
}

/**
 * Whether `nc` is connected now, followed from its status events: the client reconnects on its
 * own, forever (maxReconnectAttempts -1), so a disconnection is a state that ends, not an error.
 */
export function followConnection(nc: NatsConnection): () => boolean {
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') connected = false;
      else if (status.type === 'reconnect') connected = true;
    }
  })().catch(() => {});
  return () => connected && !nc.isClosed();
}

/** Creates the stream, or brings an existing one to this configuration; several processes may do it at once. */
export async function ensureStream(nc: NatsConnection, naming: NatsStreamName): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: naming.stream,
    subjects: [`${subjectRootOf(naming)}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(RETENTION_DAYS * 24 * 3600 * 1000),
    duplicate_window: nanos(2 * 60 * 1000),
  };
  try {
    await jsm.streams.add(config);
  } catch {
    // Exists with another configuration (an older release's): update it in place.
    await jsm.streams.update(naming.stream, config);
  }
}

export function natsEventPublisher(nc: NatsConnection, naming: NatsStreamName): EventPublisher {
  const js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
  return {
    describe: () => `to NATS JetStream ${naming.stream}`,
    async publish(events) {
      const failures = new Map<string, string>();
      await Promise.all(
        events.flatMap((event) =>
          (SUBSCRIPTIONS[event.type] ?? []).map(async (consumer) => {
            try {
              await js.publish(subjectFor(naming, consumer, event), event.signed, { msgID: `${event.id}.${consumer}` });
            } catch (error) {
              failures.set(event.id, `NATS did not store the event for ${consumer}: ${describeError(error)}`);
            }
          }),
        ),
      );
      return failures;
    },
  };
}

export interface NatsConsumerOptions<Tx extends RawQueryExecutor> {
  nc: NatsConnection;
  naming: NatsStreamName;
  name: SubgraphName;
  db: EventStore<Tx>;
  handlers: readonly AnyEventHandler<Tx>[];
  /** The public keys whose event signatures this consumer believes (its credentials' trustedKeys). */
  trustedKeys: ReadonlyMap<string, CryptoKey>;
  retry: RetryPolicy;
  /**
   * How long NATS waits for an acknowledgement before delivering a message again (EVENT_NATS_ACK_WAIT_MS):
   * short, so that the events a crashed instance held come back within it. While this process
   * holds messages (applying them, or waiting to) it tells NATS so every third of it.
   */
  ackWaitMs: number;
  log: (line: string) => void;
}

export interface RunningNatsConsumer {
  stop(): Promise<void>;
}

/**
 * Reads this subgraph's events and applies them in batches: whatever arrived while the last
 * batch was being applied forms the next one. A batch that fails is handed back with a delay
 * that grows with the number of deliveries; after `maxAttempts` deliveries its events are parked
 * in the inbox with the error, for a person to replay.
 */
export async function startNatsConsumer<Tx extends RawQueryExecutor>({ nc, naming, name, db, handlers, trustedKeys, retry, ackWaitMs, log }: NatsConsumerOptions<Tx>): Promise<RunningNatsConsumer> {
  const consumed = typesConsumedBy(name);
  const jsm = await jetstreamManager(nc);
  const config = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${subjectRootOf(naming)}.${name}.>`,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: 10 * BUFFERED_MESSAGES,
  };
  try {
    await jsm.consumers.add(naming.stream, config);
  } catch {
    await jsm.consumers.update(naming.stream, name, config);
  }
  const consumer = await jetstream(nc).consumers.get(naming.stream, name);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: BUFFERED_MESSAGES });
  const waiting: JsMsg[] = [];
  let applying: Promise<void> | null = null;
  // Every message read and not yet acknowledged, refused or handed back. A batch that takes
  // longer than the acknowledgement wait (a long one, a slow database) is not delivered again
  // meanwhile: NATS is told these are in progress. A process that dies stops telling it, and
  // its messages come back within one acknowledgement wait.
  const held = new Set<JsMsg>();
  const progress = setInterval(() => {
    try {
      for (const message of held) message.working();
    } catch (error) {
      // The connection is closed: nothing can be acknowledged either, and NATS delivers these again.
      log(`events: cannot tell NATS that ${held.size} events are still being applied: ${describeError(error)}`);
    }
  }, Math.max(1, Math.floor(ackWaitMs / 3)));
  progress.unref();
  const settle = (message: JsMsg, how: 'ack' | 'term' | 'nak', delayMs?: number) => {
    held.delete(message);
    if (how === 'ack') message.ack();
    else if (how === 'term') message.term();
    else message.nak(delayMs);
  };

  async function applyBatch(batch: JsMsg[]): Promise<void> {
    const events: IntegrationEvent[] = [];
    const readable: JsMsg[] = [];
    for (const message of batch) {
      try {
        const event = await verifySignedEvent(message.string(), trustedKeys);
        if (!consumed.has(event.type)) throw new EventRefused(`${name} does not consume ${event.type} events (event ${event.id})`, 'not-an-event');
        if (message.subject !== subjectFor(naming, name, event)) throw new EventRefused(`event ${event.id} is a ${event.type} event, not what its subject says`);
        events.push(event);
        readable.push(message);
      } catch (error) {
        if (!(error instanceof EventRefused)) throw error;
        // Terminated, not parked: a forged event must leave no trace a real one could be mistaken for.
        log(`events: refused message ${message.info.streamSequence} on ${message.subject}, not applied: ${error.message}`);
        // No reason with it: a NATS server before 2.10 ignores a +TERM that carries one.
        settle(message, 'term');
      }
    }
    if (events.length === 0) return;
    try {
      const report = await applyEvents(db, handlers, events);
      for (const message of readable) settle(message, 'ack');
      log(`events: applied ${report.applied}, parked ${report.parked}, duplicates ${report.duplicates} (from NATS)`);
    } catch (error) {
      const reason = describeError(error);
      const exhausted = readable.filter((message) => message.info.deliveryCount >= retry.maxAttempts);
      const retried = readable.filter((message) => message.info.deliveryCount < retry.maxAttempts);
      if (exhausted.length > 0) {
        try {
          await parkFailedEvents(db, exhausted.map((message) => events[readable.indexOf(message)]!), `failed ${retry.maxAttempts} times: ${reason}`);
          for (const message of exhausted) settle(message, 'ack');
        } catch {
          retried.push(...exhausted);
          exhausted.length = 0;
        }
      }
      for (const message of retried) settle(message, 'nak', retryDelayMs(message.info.deliveryCount, retry));
      log(`events: applied 0, retried ${retried.length}, parked ${exhausted.length} (from NATS): ${reason}`);
    }
  }

  function drainWaiting(): void {
    if (applying || waiting.length === 0) return;
    applying = (async () => {
      while (waiting.length > 0) await applyBatch(waiting.splice(0, APPLY_BATCH));
    })().finally(() => {
      applying = null;
      drainWaiting();
    });
  }

  const reading = (async () => {
    for await (const message of messages) {
      held.add(message);
      waiting.push(message);
      drainWaiting();
    }
  })();

  return {
    async stop() {
      await messages.close();
      await reading;
      while (applying) await applying;
      clearInterval(progress);
      // Read but not applied: handed back now, for another instance or the next start.
      for (const message of waiting.splice(0)) settle(message, 'nak');
    },
  };
}
