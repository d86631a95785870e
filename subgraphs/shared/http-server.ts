/**
 * Serves an Apollo Server (the gateway or a subgraph) over HTTP, on every path, with
 * Apollo's Express integration. Replaces `startStandaloneServer`, whose error handler
 * answers a malformed or oversized body with an HTML page (and a stack trace in
 * development): here every request-level failure is a GraphQL JSON error. The common GraphQL
 * request skips Express altogether (direct-graphql.ts), answered the same for less CPU.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import { defaultLogger, type Logger } from './observability/logger.js';
import { operationNamePlugin, requestScopeMiddleware } from './observability/request-middleware.js';
import { connectionCloseOnDrain } from './connection-close-on-drain.js';
import { BODY_NOT_JSON_MESSAGE, directGraphQL, graphQLErrorBody, REQUEST_ABORTED_MESSAGE, type GraphQLRequestCheck, type JsonAnswer, type ServedRequest, type TrustedProxies } from './direct-graphql.js';
import { serveProbes, type HealthProbes } from './health/probes.js';

/** Larger than any operation a client or the gateway sends; a bigger body is refused with 413. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Node closes an idle keep-alive connection after 5 s by default, the same moment a client
 * pool may pick it for the next request (ECONNRESET). The servers keep idle connections far
 * longer than the gateway's client does (see gateway/subgraph-data-source.ts), so it is
 * always the client that closes them.
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;

const LISTEN_BACKLOG = 4096;

export interface ServeOptions<Context extends BaseContext> {
  port: number;
  /** Without a host it listens on every interface (the gateway's default; subgraphs pass `<SUBGRAPH>_HOST`). */
  host?: string;
  /**
   * Browser origins allowed to call GraphQL cross-origin (CORS_ORIGINS), compared exactly;
   * none by default, so a page on another site gets no `access-control-allow-origin` and its
   * browser withholds the answer. Same-origin pages (Sandbox on the gateway) need none.
   */
  corsOrigins?: readonly string[];
  /** Builds a request's context from the HTTP request (its credential); throwing a GraphQLError answers with it. */
  context?: (request: ServedRequest) => Promise<Context>;
  bodyLimitBytes?: number;
  /** Where this server logs each request and its unexpected errors (the process's logger when not given). */
  logger?: Logger;
  /** Other routes served beside GraphQL (mailings' file downloads), matched before it. */
  mount?: (app: express.Express) => void;
  /** Other JSON endpoints served beside GraphQL (a subgraph's event receiver), answered before it. */
  routes?: JsonRoute[];
  /**
   * Run on every GraphQL request before its body is read and its context built (the gateway's
   * per-address rate limit), after CORS: a refusal still carries the CORS headers an allowed
   * origin gets, so a browser app can read it. Preflights are answered before them.
   */
  beforeGraphQL?: GraphQLRequestCheck[];
  /**
   * Express's `trust proxy` (TRUST_PROXY): the proxies whose X-Forwarded-For gives
   * `request.ip`, as a number of hops or their addresses and subnets. Unset: none, and
   * `request.ip` is the socket's peer, whatever a client writes in X-Forwarded-For.
   */
  trustProxy?: TrustedProxies;
  /** `/health` and `/ready` (health/probes.ts), answered before everything else: no CORS, no rate limit, no token. */
  probes?: HealthProbes;
  /**
   * On stop, how long requests in flight may take to finish (SHUTDOWN_TIMEOUT_MS) before their
   * connections are cut; the listener closes at once and idle connections are ended.
   */
  shutdownTimeoutMs?: number;
}

export type { GraphQLRequestCheck, JsonAnswer, ServedRequest, TrustedProxies };

/**
 * A POST endpoint taking and answering JSON, for other services only (a subgraph's event
 * receiver). Its body is parsed with its own limit; a body that is not JSON or is too large is
 * refused like a GraphQL request's (400, 413), and `handle` validates the rest: it gets whatever
 * JSON arrived (undefined when the content type was not JSON). A request carrying an Origin
 * header, which browsers send and services do not, is refused (403) whatever CORS_ORIGINS says:
 * no web page has business posting events, even one the GraphQL API lets in.
 */
export interface JsonRoute {
  path: string;
  bodyLimitBytes: number;
  /**
   * Checks the request's credential (its Authorization header) before the body is read, so a
   * caller that proves nothing never gets a large body parsed: an answer refuses the request.
   */
  refuse?(authorization: string | undefined): Promise<JsonAnswer | null>;
  handle(body: unknown): Promise<JsonAnswer>;
}

export interface ServedGraphQL {
  /** Root URL of the server (`http://host:port/`). */
  url: string;
  httpServer: http.Server;
  stop(): Promise<void>;
}

/** body-parser's errors carry the HTTP status and a `type` saying what was wrong with the body. */
function describeRequestError(error: { status?: number; statusCode?: number; type?: string; limit?: number }): { status: number; message: string } | null {
  const status = error.status ?? error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return null;
  switch (error.type) {
    case 'entity.parse.failed':
      return { status, message: BODY_NOT_JSON_MESSAGE };
    case 'entity.too.large':
      return { status, message: `The request body is larger than the limit of ${error.limit ?? DEFAULT_BODY_LIMIT_BYTES} bytes.` };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status, message: 'The request body must be UTF-8 JSON.' };
    case 'request.aborted':
      return { status, message: REQUEST_ABORTED_MESSAGE };
    default:
      return { status, message: 'The request cannot be read as a GraphQL request.' };
  }
}

export async function serveGraphQL<Context extends BaseContext>(
  server: ApolloServer<Context>,
  { port, host, corsOrigins = [], context, bodyLimitBytes = DEFAULT_BODY_LIMIT_BYTES, logger = defaultLogger(), routes = [], mount, beforeGraphQL = [], trustProxy, probes, shutdownTimeoutMs }: ServeOptions<Context>,
): Promise<ServedGraphQL> {
  const app = express();
  app.disable('x-powered-by');
  if (trustProxy !== undefined) app.set('trust proxy', typeof trustProxy === 'number' ? trustProxy : [...trustProxy]);
  // Set once the routes are known: until then, and for every request it leaves, Express answers.
  let answerDirectly: (request: http.IncomingMessage, response: http.ServerResponse) => boolean = () => false;
  const httpServer = http.createServer((request, response) => {
    if (!answerDirectly(request, response)) app(request, response);
  });
  httpServer.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or Node may time out a request arriving on an idle connection.
  httpServer.headersTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS + 1_000;
  server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: shutdownTimeoutMs }));
  server.addPlugin(connectionCloseOnDrain(httpServer) as ApolloServerPlugin<Context>);
  server.addPlugin(operationNamePlugin);
  await server.start();

  const handleErrors: ErrorRequestHandler = (error, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const known = describeRequestError(error as Parameters<typeof describeRequestError>[0]);
    if (known) {
      response.status(known.status).json(graphQLErrorBody(known.message, 'BAD_REQUEST'));
      return;
    }
    logger.error({ err: error }, 'unexpected error serving a request');
    response.status(500).json(graphQLErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
  const answer = (response: express.Response, { status, body, headers = {} }: JsonAnswer) => response.status(status).set(headers).json(body);
  if (probes) serveProbes(app, probes, (line) => logger.error(line));
  for (const route of routes) {
    // Every method, so that a browser's preflight (OPTIONS) is refused too, without CORS headers.
    app.use(route.path, (request, response, next) => {
      if (request.headers.origin === undefined) {
        next();
        return;
      }
      response.status(403).json(graphQLErrorBody(`${route.path} takes requests from the other Integra services only, never from a web page (this one came from ${request.headers.origin}).`, 'FORBIDDEN'));
    });
    app.post(
      route.path,
      (request, response, next) => {
        if (!route.refuse) return next();
        route.refuse(request.headers.authorization).then((refusal) => (refusal ? answer(response, refusal) : next()), next);
      },
      express.json({ limit: route.bodyLimitBytes }),
      (request, response, next) => {
        route.handle(request.body as unknown).then((result) => answer(response, result), next);
      },
    );
  }
  mount?.(app);
  answerDirectly = directGraphQL(server, {
    // The gateway's path and the subgraphs', unless a route above claims one of them.
    paths: ['/', '/graphql'].filter((path) => !(app.router as unknown as { stack: { match(path: string): unknown }[] }).stack.some((layer) => layer.match(path))),
    corsOrigins,
    bodyLimitBytes,
    trustProxy,
    checks: beforeGraphQL,
    context,
    logger,
  });
  app.use(
    requestScopeMiddleware(logger),
    // origin false: the cors package adds no header at all; an array: echoes only an exact match.
    cors({ origin: corsOrigins.length ? [...corsOrigins] : false }),
    ...beforeGraphQL.map((check): express.RequestHandler => (request, response, next) => {
      check(request).then((refusal) => (refusal ? answer(response, refusal) : next()), next);
    }),
    express.json({ limit: bodyLimitBytes }),
    expressMiddleware(server, { context: context ? ({ req }) => context(req) : async () => ({}) as Context }) as express.RequestHandler,
    handleErrors,
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      // Node's default backlog (511) overflows when a burst of clients connects at once,
      // and the kernel then resets some of them.
      httpServer.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const hostname = !host || address.address === '::' || address.address === '0.0.0.0' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${hostname}:${address.port}/`, httpServer, stop: () => server.stop() };
}
