/**
 * Starts the gateway: composes the supergraph from the subgraphs' schema files (a composition
 * error stops start-up with the composer's own messages), opens its keys, then listens on GATEWAY_PORT.
 */
import { ConfigError } from '../subgraphs/shared/config.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { openServiceCredentials } from '../subgraphs/shared/identity/keys-config.js';
import { READY_PATH } from '../subgraphs/shared/health/probes.js';
import { readShutdownConfig, shutDownGracefullyOnStopSignal } from '../subgraphs/shared/shutdown.js';
import { CompositionError, composeSupergraph } from './composition.js';
import { readGatewayConfig } from './config.js';
import { gatewayHealth } from './health.js';
import { openUserTokenVerifier, readUserTokenConfig } from './identity/config.js';
import { gatewayRateLimits } from './rate-limits.js';
import { buildGateway } from './server.js';

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
let supergraphSdl;
let users;
let credentials;
let shutdown;
try {
  config = readGatewayConfig();
  shutdown = readShutdownConfig();
  const tokenConfig = readUserTokenConfig();
  ({ supergraphSdl } = composeSupergraph());
  users = await openUserTokenVerifier(tokenConfig);
  credentials = await openServiceCredentials('gateway');
} catch (error) {
  if (error instanceof ConfigError || error instanceof CompositionError) stop(`gateway: ${error.message}`);
  throw error;
}

const rateLimits = gatewayRateLimits(config.rateLimits);
const gateway = buildGateway({
  supergraphSdl,
  identity: { users, credentials, admit: rateLimits.admit },
  subgraphUrls: config.subgraphUrls,
  production: config.production,
  subgraphTimeoutMs: config.subgraphTimeoutMs,
  maxQueryCost: config.maxQueryCost,
});
const health = gatewayHealth({ subgraphUrls: config.subgraphUrls, probeIntervalMs: config.subgraphProbeIntervalMs });
gateway.server.addPlugin(health.plugin);
const { url } = await serveGraphQL(gateway.server, {
  port: config.port,
  host: config.host,
  corsOrigins: config.corsOrigins,
  context: gateway.context,
  beforeGraphQL: rateLimits.beforeGraphQL,
  trustProxy: config.trustProxy,
  probes: health,
  shutdownTimeoutMs: shutdown.timeoutMs,
});
console.log(`gateway: serving ${url} (Apollo Sandbox: open it in a browser); accepting ${users.describe()}; rate limits: ${rateLimits.describe()}`);
process.send?.({ ready: 'gateway', url, readinessUrl: new URL(READY_PATH, url).toString(), subgraphUrls: config.subgraphUrls });

shutDownGracefullyOnStopSignal({
  config: shutdown,
  log: (line) => console.log(`gateway: ${line}`),
  markStopping: health.markStopping,
  stopServing: () => gateway.server.stop(),
  release: [async () => health.stop()],
});
