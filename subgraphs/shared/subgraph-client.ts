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

export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS, keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS });
}

function causeCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    if (typeof current.code === 'string') return current.code;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || causeCode(error) === 'UND_ERR_HEADERS_TIMEOUT' || causeCode(error) === 'UND_ERR_BODY_TIMEOUT';
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

/** Why a request to a subgraph failed, for the logs: no URL, no stack. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `no answer within ${timeoutMs} ms`;
  const status = (error as { extensions?: { response?: { status?: number } } })?.extensions?.response?.status;
  if (typeof status === 'number') return `answered HTTP ${status}`;
  const code = causeCode(error);
  if (code) return code;
  const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
  return typeof cause === 'string' ? cause : ((error as Error)?.message ?? String(error));
}
