/**
 * The subgraphs and the gateway in one process, on real HTTP servers (port 0), over
 * databases the caller opened: the end-to-end tests and the benchmark run the platform this
 * way to read each subgraph's SQL statement counter.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { composeSupergraph } from '../../gateway/composition.js';
import { localUserTokens, signLocalUserToken } from '../../gateway/identity/user-tokens.js';
import { gatewayHealth } from '../../gateway/health.js';
import { gatewayRateLimits, NO_RATE_LIMITS, type RateLimitSettings } from '../../gateway/rate-limits.js';
import { buildGateway, type GatewayIdentity } from '../../gateway/server.js';
import type { GatewayMetrics } from '../../gateway/metrics.js';
import { importJWK, type CryptoKey } from 'jose';
import { inMemoryServiceCredentials, type ServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';
import type { SigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { PERSON_ROLES, BRIDGE_ROLE } from '../../subgraphs/shared/identity/roles.js';
import type { TransactionalExecutor } from '../../prisma/demo/load-world.js';
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { billingEventHandlers } from '../../subgraphs/billing/event-handlers.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { salesRecipients } from '../../subgraphs/billing/invoicing/recipients.js';
import { salesCustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';
import { createBookingsPrisma } from '../../subgraphs/bookings/database.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { createConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import { subgraphCustomerSource } from '../../subgraphs/mailings/audience/sales-audience.js';
import { createMailingsPrisma } from '../../subgraphs/mailings/database.js';
import { buildMailingsServer, type MailingsServerOptions } from '../../subgraphs/mailings/server.js';
import { createSalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { readEventDeliveryConfig, type EventDeliveryConfig } from '../../subgraphs/shared/config.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import type { AnyEventHandler } from '../../subgraphs/shared/events/inbox.js';
import type { EventStore } from '../../subgraphs/shared/events/store.js';
import { subgraphReadiness } from '../../subgraphs/shared/health/readiness.js';
import { serveGraphQL } from '../../subgraphs/shared/http-server.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { createLogger, type Logger } from '../../subgraphs/shared/observability/logger.js';
import { observeSubgraphStorage } from '../../subgraphs/shared/observability/subgraph-metrics.js';
import type { SubgraphServer } from '../../subgraphs/shared/subgraph-server.js';

export interface InProcessPlatform {
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** Event delivery of each subgraph that takes part in it. */
  events: Partial<Record<SubgraphName, EventDelivery>>;
  /** A token the gateway accepts, signed by this platform's own issuer key (every person's role and the bridge's by default). */
  token(roles?: readonly string[], subject?: string): Promise<string>;
  /** The key of this platform's own token issuer, for a test that signs tokens of its own making (odd claims, expired). */
  issuer: SigningKey;
  /** Each service's credentials, for a test that calls a subgraph as the gateway or a service would. */
  credentials: Record<'gateway' | SubgraphName, ServiceCredentials>;
  /** What a second gateway in front of these subgraphs needs (tests of a production gateway). */
  gatewayIdentity: GatewayIdentity;
  /** The gateway's Prometheus registry and families (tests serve it on a metrics listener of their own). */
  gatewayMetrics: GatewayMetrics;
  stop(): Promise<void>;
}

type Client = TransactionalExecutor & { $disconnect(): Promise<void> };

/** Runs before a subgraph serves, with its client: where tests load their fixtures. */
export type Prepare = (name: SubgraphName, client: TransactionalExecutor) => Promise<void>;

export interface InProcessOptions {
  /** The gateway's SUBGRAPH_TIMEOUT_MS (its default when not given). */
  subgraphTimeoutMs?: number;
  /**
   * Business time for every subgraph (the real clock when not given): tests run the platform on
   * one clock they steer, so what they book, call, rate and invoice agree whatever day it is.
   */
  clock?: Clock;
  /** How events travel (from the environment, as a process reads it, when not given). */
  eventDelivery?: EventDeliveryConfig;
  /**
   * false: no event delivery at all, for runs that count each request's SQL statements or check
   * that a refused request wrote nothing, which the relays' polling and background writes would blur.
   */
  deliverEvents?: boolean;
  /** Handlers in place of a subgraph's own (tests). */
  eventHandlers?: Partial<Record<SubgraphName, AnyEventHandler<any>[]>>;
  /** Where the subgraphs' event delivery logs its batches (nowhere when not given). */
  log?: (line: string) => void;
  /**
   * Where every service logs its requests and errors, each through a child naming it (warnings
   * and errors to stdout when not given): tests pass one writing to a stream they read.
   */
  logger?: Logger;
  /** CORS_ORIGINS of the gateway and every subgraph (none when not given). */
  corsOrigins?: readonly string[];
  /**
   * The gateway's rate limits; none when not given, unlike `npm start`: tests and benchmarks send
   * hundreds of requests a second from one address with one identity.
   */
  rateLimits?: RateLimitSettings;
  /**
   * The gateway's SUBGRAPH_PROBE_INTERVAL_MS. Not given, the gateway serves no /health and /ready
   * and probes nothing: each probe costs every subgraph a `SELECT 1`, which would blur the tests
   * that count a request's statements.
   */
  subgraphProbeIntervalMs?: number;
  /** The gateway's SUBGRAPH_CACHE_MB (its default when not given); 0 for tests that count the statements of every fetch. */
  answerCacheMb?: number;
  /** Mailings' settings besides where sales and billing are; by default its files go to a fresh temporary folder. */
  mailings?: Partial<Omit<MailingsServerOptions, 'customers'>>;
}

export async function startInProcessPlatform(
  databases: Record<SubgraphName, Database>,
  prepare: Prepare = async () => {},
  { subgraphTimeoutMs, clock, eventDelivery = readEventDeliveryConfig(), eventHandlers = {}, log = () => {}, mailings: mailingsOptions = {}, logger = createLogger({ service: 'integra', level: 'warn' }), deliverEvents = true, corsOrigins, rateLimits: rateLimitSettings = NO_RATE_LIMITS, subgraphProbeIntervalMs, answerCacheMb }: InProcessOptions = {},
): Promise<InProcessPlatform> {
  // Known once each listens (port 0); asked only when an event is delivered.
  const urls: Partial<Record<SubgraphName, string>> = {};
  const events: Partial<Record<SubgraphName, EventDelivery>> = {};
  // Keys made in memory for this run: no folder, and nothing another run could share.
  const { issuer, ...credentials } = await inMemoryServiceCredentials();
  async function serve<C extends Client, Context extends BaseContext>(
    name: SubgraphName,
    client: C,
    prepare: Prepare,
    build: (client: C) => SubgraphServer<Context>,
  ): Promise<{ running: RunningServer; client: C }> {
    await prepare(name, client);
    const server = build(client);
    if (databases[name]) observeSubgraphStorage(server, databases[name], client as unknown as EventStore);
    const delivery = server.events && deliverEvents
      ? await startEventDelivery({
          name,
          db: client as unknown as EventStore,
          handlers: server.events.handlers,
          config: eventDelivery,
          credentials: credentials[name],
          subgraphUrl: (consumer) => {
            const url = urls[consumer];
            if (!url) throw new Error(`${consumer} is not listening yet`);
            return url;
          },
          log: (line) => log(`${name}: ${line}`),
          listen: databases[name]?.listen,
          metrics: server.metrics,
        })
      : null;
    if (delivery) events[name] = delivery;
    const probes = subgraphReadiness({ database: client, events: delivery });
    const running = await listen(server, { port: 0, host: '127.0.0.1', corsOrigins, credentials: credentials[name], logger: logger.child({ service: name }), probes }, delivery?.routes);
    urls[name] = running.url;
    return { running, client };
  }
  // Sales first: bookings asks it whether customers exist.
  const sales = await serve('sales', createSalesPrisma(databases.sales.adapter), prepare, (prisma) => buildSalesServer(prisma, { clock }));
  const startingBilling = serve('billing', createBillingPrisma(databases.billing.adapter), prepare, (prisma) =>
    buildBillingServer(prisma, {
      clock,
      eventHandlers: eventHandlers.billing ?? billingEventHandlers({ salesUrl: sales.running.url, credentials: credentials.billing }),
      recipients: salesRecipients(sales.running.url, { credentials: credentials.billing }),
    }),
  );
  const [billing, bookings, conferencing, mailings] = await Promise.all([
    startingBilling,
    serve('bookings', createBookingsPrisma(databases.bookings.adapter), prepare, (prisma) =>
      buildBookingsServer(prisma, { customers: salesCustomerDirectory(sales.running.url, { credentials: credentials.bookings }), clock, eventHandlers: eventHandlers.bookings }),
    ),
    serve('conferencing', createConferencingPrisma(databases.conferencing.adapter), prepare, (prisma) =>
      buildConferencingServer(prisma, { clock, eventHandlers: eventHandlers.conferencing }),
    ),
    // Mailings reads customers from sales and figures from billing, so it is built once both listen.
    startingBilling.then((billingServer) =>
      serve('mailings', createMailingsPrisma(databases.mailings.adapter), prepare, (prisma) =>
        buildMailingsServer(prisma, {
          outputDir: mkdtempSync(path.join(tmpdir(), 'integra-mailings-')),
          log: () => {},
          clock,
          ...mailingsOptions,
          customers: subgraphCustomerSource(sales.running.url, billingServer.running.url, { credentials: credentials.mailings }),
        }),
      ),
    ),
  ]);
  const started = { sales, billing, bookings, conferencing, mailings };
  const subgraphs = Object.fromEntries(Object.entries(started).map(([name, { running }]) => [name, running])) as Record<SubgraphName, RunningServer>;
  const gatewayIdentity: GatewayIdentity = { users: localUserTokens((await importJWK(issuer.publicJwk, 'EdDSA')) as CryptoKey), credentials: credentials.gateway };
  const rateLimits = gatewayRateLimits(rateLimitSettings);
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>;
  const gateway = buildGateway({
    supergraphSdl: composeSupergraph().supergraphSdl,
    // gatewayIdentity is handed out for other gateways, which count on their own.
    identity: { ...gatewayIdentity, admit: rateLimits.admit },
    subgraphUrls,
    subgraphTimeoutMs,
    answerCacheMb,
    logger: logger.child({ service: 'gateway' }),
  });
  rateLimits.onRefusal((limit) => gateway.metrics.countRateLimited(limit));
  const health = subgraphProbeIntervalMs ? gatewayHealth({ subgraphUrls, probeIntervalMs: subgraphProbeIntervalMs, log }) : undefined;
  if (health) gateway.server.addPlugin(health.plugin);
  const { url: gatewayUrl } = await serveGraphQL(gateway.server, {
    port: 0,
    host: '127.0.0.1',
    corsOrigins,
    context: gateway.context,
    beforeGraphQL: rateLimits.beforeGraphQL,
    mount: gateway.mount,
    logger: logger.child({ service: 'gateway' }),
    probes: health,
  });
  return {
    gatewayUrl,
    subgraphs,
    events,
    issuer,
    credentials,
    gatewayIdentity,
    gatewayMetrics: gateway.metrics,
    token: (roles = [...PERSON_ROLES, BRIDGE_ROLE], subject = 'test-user') => signLocalUserToken(issuer, { subject, roles, lifetimeSeconds: 3600 }),
    async stop() {
      health?.stop();
      await gateway.server.stop();
      for (const [name, { running, client }] of Object.entries(started)) {
        await running.stop();
        await events[name as SubgraphName]?.stop();
        await client.$disconnect();
      }
    },
  };
}
