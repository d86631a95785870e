/**
 * The start-up sequence every subgraph process shares: read the configuration, make sure the
 * port is free, migrate, seed an empty database with the demo data if asked, listen. Each step
 * is logged with its duration, every line naming the subgraph (`npm start` runs several of
 * these at once; observability/logger.ts). A bad configuration, a taken port or a database in use by another
 * process stops the process with a message saying which; a failure to start exits non-zero.
 * A subgraph that takes part in event delivery also relays its outbox and receives its events
 * (subgraphs/shared/events) until it is stopped. It serves /health and /ready (health/), and a
 * stop signal shuts it down gracefully (shutdown.ts).
 */
import type { BaseContext } from '@apollo/server';
import type { TransactionalExecutor } from '../../prisma/demo/load-world.js';
import { catalogEntry, type SubgraphName } from '../catalog.js';
import { ConfigError, readEventDeliveryConfig, readSubgraphConfig, readSubgraphUrl, type EventDeliveryConfig, type SubgraphConfig } from './config.js';
import { describeDatabaseUrl, type Database } from './database.js';
import type { EventStore } from './events/store.js';
import { openServiceCredentials } from './identity/keys-config.js';
import type { ServiceCredentials } from './identity/service-credentials.js';
import { listen } from './listen.js';
import { startObservability } from './observability/process.js';
import { serveMetrics } from './observability/metrics-endpoint.js';
import { observeSubgraphStorage } from './observability/subgraph-metrics.js';
import { ensurePortIsFree } from './port.js';
import { subgraphReadiness } from './health/readiness.js';
import { READY_PATH } from './health/probes.js';
import { readShutdownConfig, shutDownGracefullyOnStopSignal, type ShutdownConfig } from './shutdown.js';
import { openMigratedDatabase } from './prepare-database.js';
import { elapsedSince } from './progress.js';
import type { SubgraphServer } from './subgraph-server.js';

export interface SubgraphProcess<Client, Context extends BaseContext> {
  name: SubgraphName;
  createClient(database: Database): Client;
  buildServer(client: Client, options: { production: boolean; maxQueryCost: number; credentials: ServiceCredentials }): SubgraphServer<Context>;
}

export async function runSubgraph<Client extends TransactionalExecutor & { $disconnect(): Promise<void> }, Context extends BaseContext>(
  definition: SubgraphProcess<Client, Context>,
): Promise<void> {
  // First: Prisma's instrumentation and the logger are in place before any query or line.
  const observability = startObservability(definition.name);
  const { logger } = observability;
  const log = (line: string) => logger.info(line);
  const stop: (message: string) => never = (message) => {
    logger.fatal(message);
    process.exit(1);
  };
  // Until it serves, a stop request ends the process at once, through process.exit so that
  // the database folder's lock is released.
  const exitNow = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.on('SIGINT', exitNow);
  process.on('SIGTERM', exitNow);
  let config: SubgraphConfig;
  let eventConfig: EventDeliveryConfig;
  let credentials: ServiceCredentials;
  let shutdown: ShutdownConfig;
  try {
    config = readSubgraphConfig(definition.name);
    eventConfig = readEventDeliveryConfig();
    shutdown = readShutdownConfig();
    credentials = await openServiceCredentials(definition.name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stop(error.message);
  }
  // Checked before the database is opened: a second copy of a running service must not touch
  // the data at all, and a taken port would otherwise be found only after a long first seed.
  const { envPrefix } = catalogEntry(definition.name);
  await ensurePortIsFree(config.port, config.host).catch((error: Error) => stop(`${error.message} on ${config.host} (${envPrefix}_PORT, ${envPrefix}_HOST)`));
  const where = describeDatabaseUrl(config.databaseUrl);
  const database = await openMigratedDatabase(definition.name, config.databaseUrl, log, { inChildProcess: true }).catch((error: unknown) =>
    stop(`cannot open ${where}: ${(error as Error).message}`),
  );
  const client = definition.createClient(database);
  if (config.seedDemoData) {
    // The demo world's generator (faker and its word lists) is loaded only to seed: a service
    // that does not seed would carry about 45 MB of it for its whole life.
    const { seedDemoWorld } = await import('../../prisma/demo/load-world.js');
    await seedDemoWorld(definition.name, client, { log });
  }
  // PGlite runs no autovacuum, so nothing else refreshes the planner's statistics; without
  // them a rates lookup on 100,000 customers scans whole tables (75 ms instead of 2 ms).
  if (database.kind === 'pglite') {
    const started = performance.now();
    log('updating the planner statistics (ANALYZE)...');
    await client.$executeRawUnsafe('ANALYZE');
    log(`updated the planner statistics in ${elapsedSince(started)}`);
  }
  const server = definition.buildServer(client, { production: config.production, maxQueryCost: config.maxQueryCost, credentials });
  observeSubgraphStorage(server, database, client as unknown as EventStore);
  // Event delivery and its transports are loaded only by the subgraphs that take part in it (not mailings).
  const delivery = server.events
    ? await (await import('./events/delivery.js')).startEventDelivery({
        name: definition.name,
        db: client as unknown as EventStore,
        handlers: server.events.handlers,
        config: eventConfig,
        credentials,
        subgraphUrl: (name) => readSubgraphUrl(name),
        log,
        listen: database.listen,
        metrics: server.metrics,
      }).catch((error: Error) => stop(error.message))
    : null;
  const readiness = subgraphReadiness({ database: client, events: delivery });
  const running = await listen(
    server,
    { port: config.port, host: config.host, corsOrigins: config.corsOrigins, credentials, logger, probes: readiness, shutdownTimeoutMs: shutdown.timeoutMs },
    delivery?.routes,
  );
  log(`serving ${running.url} (${where})`);
  const metricsListener = config.metricsListener
    ? await serveMetrics(server.metrics.registry, config.metricsListener).catch((error: Error) =>
        stop(`cannot serve the metrics on ${config.metricsListener!.host}:${config.metricsListener!.port} (${envPrefix}_METRICS_PORT, METRICS_HOST): ${error.message}`),
      )
    : null;
  if (metricsListener) log(`metrics at ${metricsListener.url}`);
  process.send?.({ ready: definition.name, url: running.url, readinessUrl: new URL(READY_PATH, running.url).toString() });

  process.off('SIGINT', exitNow);
  process.off('SIGTERM', exitNow);
  // The database is closed, and its folder's lock released, before the process ends.
  shutDownGracefullyOnStopSignal({
    config: shutdown,
    log,
    markStopping: readiness.markStopping,
    stopServing: running.stop,
    release: [async () => metricsListener?.stop(), async () => delivery?.stop(), () => client.$disconnect(), database.close, () => observability.stop()],
  });
}
