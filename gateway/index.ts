/**
 * Starts the gateway: composes the supergraph from the subgraphs' schema files (a composition
 * error stops start-up with the composer's own messages), or serves the composed file
 * SUPERGRAPH_PATH names (one that cannot be served stops start-up, naming it), opens its keys,
 * then listens on GATEWAY_PORT.
 */
import path from 'node:path';
import { ConfigError } from '../subgraphs/shared/config.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { openServiceCredentials } from '../subgraphs/shared/identity/keys-config.js';
import { READY_PATH } from '../subgraphs/shared/health/probes.js';
import { serveMetrics } from '../subgraphs/shared/observability/metrics-endpoint.js';
import { startObservability } from '../subgraphs/shared/observability/process.js';
import { readShutdownConfig, shutDownGracefullyOnStopSignal } from '../subgraphs/shared/shutdown.js';
import { CompositionError, composeSupergraph } from './composition.js';
import { readGatewayConfig } from './config.js';
import { gatewayHealth } from './health.js';
import { openUserTokenVerifier, readUserTokenConfig } from './identity/config.js';
import { gatewayRateLimits } from './rate-limits.js';
import { SupergraphFileError } from './served-supergraph.js';
import { buildGateway, type SupergraphSource } from './server.js';

// First: the tracer provider is registered before the gateway's first span.
const observability = startObservability('gateway');
const { logger } = observability;

function stop(message: string): never {
  logger.fatal(message);
  process.exit(1);
}

let config;
let supergraph: SupergraphSource;
let users;
let credentials;
let shutdown;
try {
  config = readGatewayConfig();
  shutdown = readShutdownConfig();
  const tokenConfig = readUserTokenConfig();
  supergraph = config.supergraphPath ? { supergraphPath: path.resolve(config.supergraphPath) } : { supergraphSdl: composeSupergraph().supergraphSdl };
  users = await openUserTokenVerifier(tokenConfig);
  credentials = await openServiceCredentials('gateway');
} catch (error) {
  if (error instanceof ConfigError || error instanceof CompositionError) stop(error.message);
  throw error;
}

const rateLimits = gatewayRateLimits(config.rateLimits);
const gateway = buildGateway({
  ...supergraph,
  identity: { users, credentials, admit: rateLimits.admit },
  subgraphUrls: config.subgraphUrls,
  production: config.production,
  subgraphTimeoutMs: config.subgraphTimeoutMs,
  maxQueryCost: config.maxQueryCost,
  logger,
  retry: config.retry,
  breaker: config.breaker,
  deduplicate: config.deduplicate,
  batchMax: config.batchMax,
  answerCacheMb: config.answerCacheMb,
});
rateLimits.onRefusal((limit) => gateway.metrics.countRateLimited(limit));

const health = gatewayHealth({ subgraphUrls: config.subgraphUrls, probeIntervalMs: config.subgraphProbeIntervalMs, log: (line) => logger.info(line) });
gateway.server.addPlugin(health.plugin);
// A subgraph whose breaker is open is down for /ready too, whatever its last probe said.
health.addSubgraphStateProvider({ stateOf: (name) => ({ open: 'down', halfOpen: 'degraded', closed: 'up' } as const)[gateway.subgraphs.states()[name] ?? 'closed'] });
let url;
try {
  ({ url } = await serveGraphQL(gateway.server, {
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    context: gateway.context,
    beforeGraphQL: rateLimits.beforeGraphQL,
    trustProxy: config.trustProxy,
    mount: gateway.mount,
    logger,
    probes: health,
    shutdownTimeoutMs: shutdown.timeoutMs,
  }));
} catch (error) {
  if (error instanceof SupergraphFileError) stop(error.message);
  throw error;
}
const metricsListener = config.metricsListener
  ? await serveMetrics(gateway.metrics.registry, config.metricsListener).catch((error: Error) =>
      stop(`cannot serve the metrics on ${config.metricsListener!.host}:${config.metricsListener!.port} (GATEWAY_METRICS_PORT, METRICS_HOST): ${error.message}`),
    )
  : null;
if (metricsListener) logger.info(`metrics at ${metricsListener.url}`);
logger.info(`serving ${url} (Apollo Sandbox: open it in a browser); accepting ${users.describe()}; rate limits: ${rateLimits.describe()}`);
process.send?.({ ready: 'gateway', url, readinessUrl: new URL(READY_PATH, url).toString(), subgraphUrls: config.subgraphUrls });

shutDownGracefullyOnStopSignal({
  config: shutdown,
  log: (line) => logger.info(line),
  markStopping: health.markStopping,
  stopServing: () => gateway.server.stop(),
  release: [async () => health.stop(), async () => metricsListener?.stop(), () => observability.stop()],
});
