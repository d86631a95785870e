/** Serves a built subgraph over HTTP at /graphql; port 0 picks a free port (tests). */
import type { BaseContext } from '@apollo/server';
import { dataVersionRoute } from './answer-versions.js';
import type { HealthProbes } from './health/probes.js';
import { serveGraphQL, type JsonRoute } from './http-server.js';
import type { ServiceCredentials } from './identity/service-credentials.js';
import type { Logger } from './observability/logger.js';
import { describeCurrentRequest } from './observability/request-scope.js';
import { mountMetricsRoute } from './observability/metrics-endpoint.js';
import type { SubgraphServer } from './subgraph-server.js';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  /** The subgraphs' start-up passes `<SUBGRAPH>_HOST` (127.0.0.1 by default); without one, every interface. */
  host?: string;
  /** Browser origins allowed cross-origin (CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
  /** This subgraph's credentials: a GraphQL request is answered only with a service token they verify. */
  credentials: ServiceCredentials;
  /** This subgraph's logger (the process's when not given). */
  logger?: Logger;
  /** `/health` and `/ready` (health/readiness.ts); not served when not given. */
  probes?: HealthProbes;
  /** How long requests in flight may take to finish once it stops (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
}

export async function listen<Context extends BaseContext>(subgraph: SubgraphServer<Context>, { port, host, corsOrigins, credentials, logger, probes, shutdownTimeoutMs }: ListenOptions, routes: JsonRoute[] = []): Promise<RunningServer> {
  const { url, stop } = await serveGraphQL(subgraph.server, {
    port,
    host,
    corsOrigins,
    // The credential first: a request that proves nothing builds no loaders and reaches no resolver.
    context: async (request) => {
      const identity = await credentials.verifyBearer(request.headers.authorization);
      describeCurrentRequest({ subject: identity.subject });
      return { ...(await subgraph.context({ req: request })), identity };
    },
    routes: subgraph.answerVersions ? [...routes, dataVersionRoute(subgraph.answerVersions, credentials)] : routes,
    mount: (app) => {
      mountMetricsRoute(subgraph.metrics.registry, credentials)(app);
      subgraph.mount?.(app);
    },
    logger,
    probes,
    shutdownTimeoutMs,
  });
  await subgraph.background?.start();
  return {
    url: new URL('graphql', url).toString(),
    async stop() {
      await subgraph.background?.stop();
      await stop();
    },
  };
}
