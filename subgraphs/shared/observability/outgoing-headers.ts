/**
 * The headers that carry the current request onward when one service asks another (the gateway a
 * subgraph, bookings or billing sales, mailings sales and billing): its request id, so the other
 * service logs under the same id, and its trace context, so the call is a child span in the same trace.
 */
import { currentRequest, REQUEST_ID_HEADER } from './request-scope.js';
import { injectTraceContext } from './tracing.js';

export function propagateRequestContext(setHeader: (name: string, value: string) => void): void {
  const requestId = currentRequest()?.requestId;
  if (requestId) setHeader(REQUEST_ID_HEADER, requestId);
  injectTraceContext(setHeader);
}

/** `headers` with the current request's id and trace context added. */
export function withRequestContext(headers: Record<string, string>): Record<string, string> {
  propagateRequestContext((name, value) => {
    headers[name] = value;
  });
  return headers;
}
