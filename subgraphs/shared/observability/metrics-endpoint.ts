/**
 * Where Prometheus reads a service's metrics, `GET /metrics`, in two places:
 * - on a listener of its own (`<SERVICE>_METRICS_PORT` on METRICS_HOST, 127.0.0.1 by default),
 *   answering anyone who can reach it, as Apollo Router and most exporters do: the operator
 *   decides who reaches that port;
 * - on the service's main port, only for a caller with a valid Integra service token (the same
 *   identity the services call each other with), so a deployment with one port per service
 *   needs no second one. Anyone else gets 401 and no metric.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { ServiceCredentials } from '../identity/service-credentials.js';

export const METRICS_PATH = '/metrics';

export interface MetricsListenerConfig {
  port: number;
  host: string;
}

export interface MetricsListener {
  /** `http://host:port/metrics` */
  url: string;
  stop(): Promise<void>;
}

function refusal(message: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] };
}

/** The main port's `/metrics`: mount it beside GraphQL (ServeOptions.mount). */
export function mountMetricsRoute(registry: Registry, credentials: ServiceCredentials): (app: Express) => void {
  const answer: RequestHandler = (request, response, next) => {
    credentials.verifyBearer(request.headers.authorization).then(
      async () => {
        response.set('content-type', registry.contentType).send(await registry.metrics());
      },
      () => {
        response
          .status(401)
          .set('www-authenticate', 'Bearer')
          .json(refusal(`${METRICS_PATH} on this port answers only the Integra services' signed tokens; scrape the metrics listener (<SERVICE>_METRICS_PORT) instead.`));
      },
    ).catch(next);
  };
  return (app) => app.get(METRICS_PATH, answer);
}

/** The separate listener: `GET /metrics` and nothing else. */
export async function serveMetrics(registry: Registry, { port, host }: MetricsListenerConfig): Promise<MetricsListener> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`Only GET ${METRICS_PATH} is served here.\n`);
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Cannot collect the metrics.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostname}:${address.port}${METRICS_PATH}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
