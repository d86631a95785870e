/**
 * What every log line written while serving one request carries: its request id, its trace
 * id, the operation's name and the caller's subject (never a token). The scope lives in an
 * AsyncLocalStorage entered by the HTTP server for each GraphQL request, so a line written
 * anywhere below (a resolver, the gateway's data source, an unexpected error) carries them
 * without being handed anything; what is learnt later (the operation, the caller) is added
 * to the scope as it becomes known.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, up to 128 characters: anything else is a client's noise, or an attempt to forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestFields {
  requestId: string;
  traceId?: string;
  operationName?: string;
  subject?: string;
}

const scope = new AsyncLocalStorage<RequestFields>();

/** The caller's request id when it is sane, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && SANE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

export function runInRequestScope<T>(fields: RequestFields, work: () => T): T {
  return scope.run(fields, work);
}

/** The fields of the request being served, if any (a background task has none). */
export function currentRequest(): RequestFields | undefined {
  return scope.getStore();
}

/** Adds what became known about the request (its operation, its caller) to every later log line. */
export function describeCurrentRequest(fields: Partial<Omit<RequestFields, 'requestId'>>): void {
  const store = scope.getStore();
  if (store) Object.assign(store, fields);
}
