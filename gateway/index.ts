/**
 * Starts the gateway: composes the supergraph from the subgraphs' schema files (a composition
 * error stops start-up with the composer's own messages), then listens on GATEWAY_PORT.
 */
import { ConfigError } from '../subgraphs/shared/config.js';
import { serveGraphQL } from '../subgraphs/shared/http-server.js';
import { onStopSignal } from '../subgraphs/shared/stop-signals.js';
import { CompositionError, composeSupergraph } from './composition.js';
import { readGatewayConfig } from './config.js';
import { buildGateway } from './server.js';

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
let supergraphSdl;
try {
  config = readGatewayConfig();
  ({ supergraphSdl } = composeSupergraph());
} catch (error) {
  if (error instanceof ConfigError || error instanceof CompositionError) stop(`gateway: ${error.message}`);
  throw error;
}

const server = buildGateway({
  supergraphSdl,
  subgraphUrls: config.subgraphUrls,
  production: config.production,
  subgraphTimeoutMs: config.subgraphTimeoutMs,
  maxQueryCost: config.maxQueryCost,
});
const { url } = await serveGraphQL(server, { port: config.port, host: config.host, corsOrigins: config.corsOrigins });
console.log(`gateway: serving ${url} (Apollo Sandbox: open it in a browser)`);
process.send?.({ ready: 'gateway', url, subgraphUrls: config.subgraphUrls });

onStopSignal(async () => {
  await server.stop();
  process.exit(0);
});
