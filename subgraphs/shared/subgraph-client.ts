/**
 * The HTTP client one service uses to reach a subgraph (the gateway, and bookings asking
 * sales): undici's pooled keep-alive Agent, tuned so the client, never the server, closes an
 * idle connection, plus how to tell a caller why a subgraph could not be reached.
 */
import { Agent } from 'undici';
import { SERVER_KEEP_ALIVE_TIMEOUT_MS } from './http-server.js';

/**
 * Well under the servers' keep-alive (65 s, http-server.ts): a connection the server is
 * about to close is never handed out again. undici also honours a shorter `Keep-Alive:
 * timeout=` hint from a server it does not control.
 */
export const CLIENT_KEEP_ALIVE_TIMEOUT_MS = Math.min(10_000, SERVER_KEEP_ALIVE_TIMEOUT_MS / 2);

/**
 * Requests in flight to one subgraph at a time; the rest wait in the client. An embedded
 * database answers one statement at a time anyway, so a burst sent all at once only makes
 * every request wait in the subgraph, where its answer time would run out: 1,000 concurrent
 * queries through `npm start` timed out 775 times at 5 s when all were sent at once.
 */
export const CONNECTIONS_PER_SUBGRAPH = 32;

/**
 * How long a request may wait in all, for a free connection included: a subgraph that answers,
 * however busy, is not reported missing, yet no client waits forever behind a frozen one.
 */
export function requestDeadlineMs(answerTimeoutMs: number): number {
  return answerTimeoutMs * 6;
}

/**
 * `answerTimeoutMs` runs from the moment the request is sent on its connection (undici's
 * headers and body timeouts), not while it waits for one: it measures the subgraph, not the queue.
 */
export function createSubgraphAgent({ answerTimeoutMs }: { answerTimeoutMs: number }): Agent {
  return new Agent({
    connections: CONNECTIONS_PER_SUBGRAPH,
    connect: { timeout: answerTimeoutMs },
    headersTimeout: answerTimeoutMs,
    bodyTimeout: answerTimeoutMs,
    keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
  });
}

function causeCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    if (typeof current.code === 'string') return current.code;
  }
  return undefined;
}

function isAnswerTimeout(error: unknown): boolean {
  const code = causeCode(error);
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

function isDeadlinePassed(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * The connection broke under a request: typically a keep-alive connection the server closed
 * just as it was reused. Safe to send a query again; a mutation may already have run.
 */
export function isConnectionReset(error: unknown): boolean {
  const code = causeCode(error);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return true;
  return /socket hang up|other side closed/i.test(String((error as { cause?: unknown })?.cause ?? ''));
}

/** Nothing listens there, or no route to it: the request was never delivered, so sending it again is safe. */
export function isConnectionRefused(error: unknown): boolean {
  const code = causeCode(error);
  return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN';
}

/** The HTTP status a subgraph answered when it was not 2xx, if it answered at all. */
export function answeredStatus(error: unknown): number | undefined {
  const status = (error as { extensions?: { response?: { status?: unknown } } })?.extensions?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Why a request to a subgraph failed, for the logs: no URL, no stack. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (isAnswerTimeout(error)) return `no answer within ${timeoutMs} ms`;
  if (isDeadlinePassed(error)) return `no answer within ${requestDeadlineMs(timeoutMs)} ms, waiting for a free connection included`;
  const status = answeredStatus(error);
  if (status !== undefined) return `answered HTTP ${status}`;
  const code = causeCode(error);
  if (code) return code;
  const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
  return typeof cause === 'string' ? cause : ((error as Error)?.message ?? String(error));
}
