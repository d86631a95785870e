/**
 * Starts the gateway: composes the supergraph from the subgraphs' schema files (a composition
 * error stops start-up with the composer's own messages), opens its keys, then listens on GATEWAY_PORT.
 */
import { ConfigError } from '../subgraphs/shared/config.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { openServiceCredentials } from '../subgraphs/shared/identity/keys-config.js';
import { serveMetrics } from '../subgraphs/shared/observability/metrics-endpoint.js';
import { onStopSignal } from '../subgraphs/shared/stop-signals.js';
import { CompositionError, composeSupergraph } from './composition.js';
import { readGatewayConfig } from './config.js';
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
try {
  config = readGatewayConfig();
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
const { url } = await serveGraphQL(gateway.server, {
  port: config.port,
  host: config.host,
  corsOrigins: config.corsOrigins,
  context: gateway.context,
  beforeGraphQL: rateLimits.beforeGraphQL,
  trustProxy: config.trustProxy,
  mount: gateway.mount,
});
const metricsListener = config.metricsListener
  ? await serveMetrics(gateway.metrics.registry, config.metricsListener).catch((error: Error) =>
      stop(`gateway: cannot serve the metrics on ${config.metricsListener!.host}:${config.metricsListener!.port} (GATEWAY_METRICS_PORT, METRICS_HOST): ${error.message}`),
    )
  : null;
if (metricsListener) console.log(`gateway: metrics at ${metricsListener.url}`);
console.log(`gateway: serving ${url} (Apollo Sandbox: open it in a browser); accepting ${users.describe()}; rate limits: ${rateLimits.describe()}`);
process.send?.({ ready: 'gateway', url, subgraphUrls: config.subgraphUrls });

onStopSignal(async () => {
  await metricsListener?.stop();
  await gateway.server.stop();
  process.exit(0);
});
