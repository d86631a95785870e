/**
 * `/health` (the process is alive and serves HTTP) and `/ready` (it can serve requests now), as
 * load balancers, orchestrators and `npm start` ask them: answered before anything else on the
 * server (no CORS, no rate limit, no token), to GET and HEAD only. An anonymous caller learns
 * states from a fixed vocabulary, never an address, a path, an error's text or a version.
 */
import type express from 'express';

export const HEALTH_PATH = '/health';
export const READY_PATH = '/ready';

/** What one part a service depends on is doing. */
export type ComponentState = 'up' | 'degraded' | 'down' | 'unknown';

/**
 * `ready`: serves fully. `degraded`: serves, with something missing (a subgraph down behind the
 * gateway), still 200. `unavailable`: cannot serve (503). `stopping`: shutting down (503).
 */
export type Readiness = 'ready' | 'degraded' | 'unavailable' | 'stopping';

export interface ReadinessReport {
  status: Readiness;
  [component: string]: Readiness | ComponentState | Record<string, ComponentState>;
}

export interface HealthProbes {
  ready(): Promise<ReadinessReport>;
}

export function httpStatusOf(readiness: Readiness): number {
  return readiness === 'ready' || readiness === 'degraded' ? 200 : 503;
}

function answer(response: express.Response, status: number, body: unknown): void {
  // A cached answer would hide a change of state from whoever polls.
  response.status(status).set('cache-control', 'no-store').json(body);
}

/** Mounts both endpoints on `app`; call it before any other middleware. */
export function serveProbes(app: express.Express, probes: HealthProbes, log: (message: string) => void): void {
  app.all([HEALTH_PATH, READY_PATH], (request, response, next) => {
    if (request.method === 'GET' || request.method === 'HEAD') return next();
    response.set('allow', 'GET, HEAD');
    answer(response, 405, { errors: [{ message: `${request.path} answers GET and HEAD only.`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
  });
  app.get(HEALTH_PATH, (_request, response) => answer(response, 200, { status: 'ok' }));
  app.get(READY_PATH, (_request, response) => {
    probes.ready().then(
      (report) => answer(response, httpStatusOf(report.status), report),
      (error: unknown) => {
        // The reason goes to the log only: the caller may be anyone.
        log(`health: the readiness check failed: ${(error as Error)?.stack ?? String(error)}`);
        answer(response, 503, { status: 'unavailable' });
      },
    );
  });
}
