/**
 * Traces and logs (issue 16) through the whole platform in one process: the spans of a
 * client's request from the gateway to a subgraph's database query, a booking's trace reaching
 * conferencing through the outbox, one request id on every service's log lines for a request,
 * and no token, PIN or e-mail address in any log line.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../subgraphs/shared/observability/logger.js';
import { requestIdFrom } from '../../subgraphs/shared/observability/request-scope.js';
import { startTracing, type Tracing } from '../../subgraphs/shared/observability/tracing.js';
import { startStack, type Stack } from '../support/stack.js';

const exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
const rawLog: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      rawLog.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

let tracing: Tracing;
let stack: Stack;

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'integra-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
  stack = await startStack({ customers: 3, logger: createLogger({ service: 'integra', level: 'info', destination: logStream }) });
});

afterAll(async () => {
  await stack?.stop();
  await tracing?.shutdown();
});

const OVERVIEW = `query CustomerOverview($id: ID!) { customer(id: $id) { legalName currentBilling { calls } } }`;

async function post(body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}`, ...headers }, body: JSON.stringify(body) });
}

function spansOf(traceId: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The chain of span names from `span` up to the root of its trace. */
function ancestry(span: ReadableSpan, spans: ReadableSpan[]): string[] {
  const byId = new Map(spans.map((candidate) => [candidate.spanContext().spanId, candidate]));
  const names: string[] = [];
  for (let current: ReadableSpan | undefined = span; current; current = byId.get(parentOf(current) ?? '')) names.push(current.name);
  return names;
}

describe('traces', () => {
  it('continue a client\'s traceparent through the gateway, each subgraph fetch, the subgraph and its database queries', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const response = await post({ query: OVERVIEW, variables: { id: stack.world.sales.customers[0]!.id } }, { traceparent: `00-${traceId}-${clientSpanId}-01` });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    await vi.waitFor(() => expect(spansOf(traceId).some((span) => span.name.startsWith('prisma:client:operation'))).toBe(true), { timeout: 10_000 });
    const spans = spansOf(traceId);
    const gatewaySpan = spans.find((span) => parentOf(span) === clientSpanId);
    expect(gatewaySpan?.name).toBe('query CustomerOverview');
    const fetches = spans.filter((span) => span.name === 'gateway.fetch');
    expect(fetches.length).toBeGreaterThanOrEqual(2);
    for (const fetchSpan of fetches) expect(ancestry(fetchSpan, spans)).toContain('gateway.request');
    expect(ancestry(fetches[0]!, spans).at(-1)).toBe('query CustomerOverview');
    // Each subgraph's operation is a child of a gateway fetch, and its Prisma queries are below it.
    const subgraphOperations = spans.filter((span) => fetches.some((fetchSpan) => fetchSpan.spanContext().spanId === parentOf(span)));
    expect(subgraphOperations.length).toBe(fetches.length);
    const query = spans.find((span) => span.name.startsWith('prisma:client:operation'))!;
    const chain = ancestry(query, spans);
    expect(chain).toContain('gateway.fetch');
    expect(chain.indexOf('gateway.fetch')).toBeGreaterThan(chain.findIndex((name) => name.startsWith('query ')));
    expect(chain.at(-1)).toBe('query CustomerOverview');
  });

  it('follow a booking through bookings\' outbox to conferencing\'s handler, in the same trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const booked = await post(
      {
        query: `mutation Book($input: CreateBookingInput!) { createBooking(input: $input) { id } }`,
        variables: {
          input: {
            customerId: stack.world.sales.customers[0]!.id,
            title: 'Traced review',
            organiserName: 'Giulia Bianchi',
            organiserEmail: 'giulia@example.com',
            scheduledStart: new Date(stack.clock.now().getTime() + 3_600_000).toISOString(),
            durationMinutes: 30,
            expectedParticipants: 4,
            tollFree: false,
          },
        },
      },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(((await booked.json()) as { errors?: unknown }).errors).toBeUndefined();
    const stored = await stack.sql<{ trace_parent: string }>('bookings', `SELECT trace_parent FROM integration_outbox ORDER BY seq DESC LIMIT 1`);
    expect(stored[0]?.trace_parent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await vi.waitFor(() => expect(spansOf(traceId).some((span) => span.name === 'events.apply booking.scheduled')).toBe(true), { timeout: 20_000, interval: 50 });
    const spans = spansOf(traceId);
    const consumer = spans.find((span) => span.name === 'events.apply booking.scheduled')!;
    // The consumer's parent is the span that recorded the event, inside bookings' operation.
    expect(ancestry(consumer, spans)).toEqual(expect.arrayContaining(['events.apply booking.scheduled', 'gateway.fetch', 'mutation Book']));
    expect(consumer.links.map((link) => link.context.traceId)).toEqual([traceId]);
    // Bookings asked sales whether the customer may book: sales' operation is a child of bookings' in the same trace.
    const salesCheck = spans.find((span) => span.name === 'query CustomerContracts');
    expect(salesCheck && ancestry(salesCheck, spans)).toEqual(expect.arrayContaining(['query CustomerContracts', 'mutation Book']));
    // Conferencing's database work for the event is in the trace, below the consumer's span.
    await vi.waitFor(() => {
      const all = spansOf(traceId);
      expect(all.some((span) => span.name.startsWith('prisma:') && ancestry(span, all).includes('events.apply booking.scheduled'))).toBe(true);
    });
  });
});

describe('logs', () => {
  it('carry the caller\'s request id on the gateway\'s and each involved subgraph\'s lines, with the trace id, operation, subject and duration', async () => {
    const requestId = `test-${randomBytes(6).toString('hex')}`;
    const response = await post({ query: OVERVIEW, variables: { id: stack.world.sales.customers[1]!.id } }, { 'x-request-id': requestId });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await response.json();
    await vi.waitFor(() => expect(new Set(lines.filter((line) => line.requestId === requestId).map((line) => line.service))).toEqual(new Set(['gateway', 'sales', 'billing'])));
    for (const line of lines.filter((candidate) => candidate.requestId === requestId)) {
      // A subgraph sees the fetch the gateway planned, named after the client's operation (CustomerOverview__sales__0).
      expect(line).toMatchObject({ operationName: expect.stringMatching(/^CustomerOverview/), subject: 'test-user', status: 200, durationMs: expect.any(Number), traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(line.msg).toMatch(/^CustomerOverview\S* answered 200 in \d+ ms$/);
    }
  });

  it('replace a request id that is too long or carries unsafe characters with one of their own', async () => {
    for (const unsafe of ['x'.repeat(129), 'a b', 'evil"\\u000a{}']) {
      const given = requestIdFrom(unsafe);
      expect(given).not.toBe(unsafe);
      expect(given).toMatch(/^[0-9a-f-]{36}$/);
    }
    const response = await post({ query: '{ __typename }' }, { 'x-request-id': 'x'.repeat(200) });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never hold a token, a PIN or an e-mail address, from a request or from a careless line', async () => {
    const token = await stack.token();
    const secrets = { pin: '918273', email: 'secret.person@example.org', phone: '+393331234567' };
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'redaction-check' },
      body: JSON.stringify({ query: `query Leaky($pin: String, $email: String) { __typename }`, variables: { pin: secrets.pin, email: secrets.email } }),
    });
    await response.json();
    const careless = createLogger({ service: 'careless', destination: logStream });
    careless.info({ authorization: `Bearer ${token}`, pin: secrets.pin, user: { email: secrets.email, phone: secrets.phone }, variables: { anything: secrets.email } }, 'a careless line');
    await vi.waitFor(() => expect(lines.some((line) => line.requestId === 'redaction-check')).toBe(true));
    expect(lines.find((line) => line.msg === 'a careless line')).toMatchObject({ authorization: '[redacted]', pin: '[redacted]', user: { email: '[redacted]', phone: '[redacted]' } });
    const everything = rawLog.join('\n');
    for (const secret of [token, token.split('.')[2]!, ...Object.values(secrets)]) expect(everything).not.toContain(secret);
  });
});
