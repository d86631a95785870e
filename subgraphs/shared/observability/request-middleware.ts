/**
 * What the HTTP server does for every GraphQL request it serves (through Express or directly):
 * gives it a request id (the caller's `x-request-id` when sane, else a new one, sent back in the
 * answer), continues the caller's trace when tracing is on, runs the request in its log scope,
 * and logs one line when the answer is sent, with its status and duration. Nothing of the
 * request's body is logged.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { context, trace } from '@opentelemetry/api';
import type http from 'node:http';
import type express from 'express';
import type { Logger } from './logger.js';
import { describeCurrentRequest, REQUEST_ID_HEADER, requestIdFrom, runInRequestScope, type RequestFields } from './request-scope.js';
import { startServerSpan } from './tracing.js';

export function requestScopeMiddleware(logger: Logger): express.RequestHandler {
  return (request, response, next) => serveInRequestScope(logger, request, response, request.path, () => next());
}

/** Runs `serve` in a new request scope for `request` (named after `path`, its URL without the query), logging its answer. */
export function serveInRequestScope(logger: Logger, request: http.IncomingMessage, response: http.ServerResponse, path: string, serve: () => void): void {
  const started = performance.now();
  const fields: RequestFields = { requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]) };
  response.setHeader(REQUEST_ID_HEADER, fields.requestId);
  const server = startServerSpan(`${request.method} ${path}`, request.headers);
  if (server) fields.traceId = server.span.spanContext().traceId;
  response.once('close', () => {
    const durationMs = Math.round(performance.now() - started);
    const status = response.statusCode;
    const what = fields.operationName ?? 'a request without an operation name';
    const line = { ...fields, status, durationMs };
    if (response.writableFinished) logger.info(line, `${what} answered ${status} in ${durationMs} ms`);
    else logger.warn(line, `${what}: the client went away after ${durationMs} ms, before the answer was sent`);
    server?.span.setAttribute('http.response.status_code', status);
    server?.span.end();
  });
  const scoped = () => runInRequestScope(fields, serve);
  if (server) context.with(server.context, scoped);
  else scoped();
}

/** Adds the operation's name to the request's log lines (and names its span after it) once Apollo knows it. */
export const operationNamePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operationName, operation }) {
        if (operationName) describeCurrentRequest({ operationName });
        if (operation) trace.getActiveSpan()?.updateName(`${operation.operation} ${operationName ?? '(anonymous)'}`);
      },
    };
  },
};
