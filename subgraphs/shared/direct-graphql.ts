/**
 * Answers the common GraphQL request (a JSON POST with a Content-Length within the limit, to a
 * GraphQL path no other route claims) straight on node:http, as the server's Express stack
 * (request scope, cors, beforeGraphQL, express.json, Apollo's Express integration) answers it,
 * header for header, without Express's router, request prototypes, body-parser and content
 * negotiation: they cost the gateway and every subgraph a sizeable share of a small request's
 * CPU. Any other request (a GET, a preflight, a compressed or oversized body, another charset)
 * is left to Express, which still serves everything it served before.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import contentType from 'content-type';
import proxyAddr from 'proxy-addr';
import type { Logger } from './observability/logger.js';
import { serveInRequestScope } from './observability/request-middleware.js';

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a context builder or a `beforeGraphQL` check learns of an HTTP request (an Express request has it all too). */
export interface ServedRequest {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: readonly string[];
  /** The client's address, following `trust proxy` (TRUST_PROXY) exactly as Express's `request.ip`. */
  readonly ip: string | undefined;
  /** `https` or `http`, following `trust proxy` (X-Forwarded-Proto) exactly as Express's `request.protocol`. */
  readonly protocol: string;
}

/** Run before a GraphQL request's body is read: an answer refuses the request with it. */
export type GraphQLRequestCheck = (request: ServedRequest) => Promise<JsonAnswer | null>;

/** Proxies in front of a server: how many hops, or which addresses and subnets (`loopback`, `10.0.0.0/8`). */
export type TrustedProxies = number | readonly string[];

type TrustFunction = (address: string, hop: number) => boolean;

/** Express's `compileTrust` for the values `trust proxy` is given here, with Express's own proxy-addr, so `ip` is the address Express gave. */
export function compileTrust(trustProxy: TrustedProxies | undefined): TrustFunction {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile([...(trustProxy ?? [])]);
}

export function graphQLErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** A service-only route's refusal of a request whose service token does not hold (401, UNAUTHENTICATED). */
export function unauthenticatedAnswer(message: string): JsonAnswer {
  return { status: 401, body: graphQLErrorBody(message, 'UNAUTHENTICATED'), headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
}

export const BODY_NOT_JSON_MESSAGE = 'The request body is not valid JSON: send {"query": "...", "variables": {...}} with content-type application/json.';
export const REQUEST_ABORTED_MESSAGE = 'The request was aborted before its body arrived.';
const INTERNAL_ERROR = graphQLErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR');

function charsetUtf8(type: string): string {
  if (type === 'application/json; charset=utf-8' || type === 'application/graphql-response+json; charset=utf-8') return type;
  const parsed = contentType.parse(type);
  parsed.parameters.charset = 'utf-8';
  return contentType.format(parsed);
}

/** Express's `response.send(text)`: UTF-8 Content-Type, Content-Length and its weak ETag. */
function sendText(response: http.ServerResponse, text: string): void {
  const type = response.getHeader('content-type');
  // Express's own spelling of the names, so the answer is the same to the byte.
  response.setHeader('Content-Type', typeof type === 'string' ? charsetUtf8(type) : 'text/html; charset=utf-8');
  const body = Buffer.from(text, 'utf8');
  response.setHeader('Content-Length', body.length);
  if (!response.hasHeader('etag')) response.setHeader('ETag', `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').substring(0, 27)}"`);
  response.end(body);
}

/** Express's `response.status(status).set(headers).json(body)`. */
export function sendJson(response: http.ServerResponse, { status, body, headers = {} }: JsonAnswer): void {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, name.toLowerCase() === 'content-type' ? charsetUtf8(value) : value);
  if (!response.hasHeader('content-type')) response.setHeader('Content-Type', 'application/json; charset=utf-8');
  sendText(response, JSON.stringify(body));
}

/** The Content-Types express.json reads as UTF-8 JSON without further ado; any other goes through body-parser. */
const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
const DIGITS = /^\d+$/;
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** body-parser's strict JSON: empty is `{}`, anything but an object or array is malformed; undefined when malformed. */
function parseStrictJson(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The whole body as text, or null when the client went away before sending it. */
function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    request.once('error', () => resolve(null));
    request.once('close', () => {
      if (!request.complete) resolve(null);
    });
  });
}

class DirectRequest implements ServedRequest {
  #ip: string | undefined;
  constructor(
    private readonly message: http.IncomingMessage,
    private readonly trust: TrustFunction,
  ) {}
  get method() {
    return this.message.method;
  }
  get url() {
    return this.message.url;
  }
  get headers() {
    return this.message.headers;
  }
  get rawHeaders() {
    return this.message.rawHeaders;
  }
  get ip() {
    return (this.#ip ??= proxyAddr(this.message, this.trust));
  }
  get protocol() {
    const socket = this.message.socket as http.IncomingMessage['socket'] & { encrypted?: boolean };
    const own = socket.encrypted ? 'https' : 'http';
    if (!this.trust(socket.remoteAddress!, 0)) return own;
    const forwarded = this.message.headers['x-forwarded-proto'];
    const header = (typeof forwarded === 'string' && forwarded) || own;
    const comma = header.indexOf(',');
    return (comma === -1 ? header : header.substring(0, comma)).trim();
  }
}

export interface DirectGraphQLOptions<Context extends BaseContext> {
  /** The URL paths (without a query) answered here: those that reach GraphQL through Express and no other route. */
  paths: readonly string[];
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  trustProxy?: TrustedProxies;
  checks: readonly GraphQLRequestCheck[];
  context?: (request: ServedRequest) => Promise<Context>;
  logger: Logger;
}

/** A request handler that answers the requests it can (true) and leaves the others alone (false). */
export function directGraphQL<Context extends BaseContext>(
  server: ApolloServer<Context>,
  { paths, corsOrigins, bodyLimitBytes, trustProxy, checks, context, logger }: DirectGraphQLOptions<Context>,
): (request: http.IncomingMessage, response: http.ServerResponse) => boolean {
  const servedPaths = new Set(paths);
  const allowedOrigins = new Set(corsOrigins);
  const trust = compileTrust(trustProxy);

  const applyCors = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (allowedOrigins.size === 0) return;
    const origin = request.headers.origin;
    if (origin !== undefined && allowedOrigins.has(origin)) response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
  };

  const answerGraphQL = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const served = new DirectRequest(request, trust);
    for (const check of checks) {
      const refusal = await check(served);
      if (refusal) return sendJson(response, refusal);
    }
    const text = await readBody(request);
    if (text === null) return sendJson(response, { status: 400, body: graphQLErrorBody(REQUEST_ABORTED_MESSAGE, 'BAD_REQUEST') });
    const body = parseStrictJson(text);
    if (body === undefined) return sendJson(response, { status: 400, body: graphQLErrorBody(BODY_NOT_JSON_MESSAGE, 'BAD_REQUEST') });
    const headers = new HeaderMap();
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: context ? () => context(served) : async () => ({}) as Context,
    });
    for (const [name, value] of answer.headers) response.setHeader(name, value);
    response.statusCode = answer.status || 200;
    if (answer.body.kind === 'complete') return sendText(response, answer.body.string);
    for await (const chunk of answer.body.asyncIterator) response.write(chunk);
    response.end();
  };

  return (request, response) => {
    const { headers } = request;
    const length = headers['content-length'];
    const type = headers['content-type'];
    const encoding = headers['content-encoding'];
    if (
      request.method !== 'POST' ||
      !servedPaths.has(request.url!) ||
      length === undefined ||
      !DIGITS.test(length) ||
      Number(length) > bodyLimitBytes ||
      headers['transfer-encoding'] !== undefined ||
      type === undefined ||
      !PLAIN_JSON_TYPES.has(type.toLowerCase()) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    ) {
      return false;
    }
    serveInRequestScope(logger, request, response, request.url!, () => {
      applyCors(request, response);
      answerGraphQL(request, response).catch((error: unknown) => {
        if (response.headersSent) {
          request.socket.destroy();
          return;
        }
        logger.error({ err: error }, 'unexpected error serving a request');
        sendJson(response, { status: 500, body: INTERNAL_ERROR });
      });
    });
    return true;
  };
}
