/**
 * Prometheus metrics: each service serves its own at /metrics, on its main port to the Integra
 * services' tokens only, and on a listener of its own to anyone who reaches it. The counters move
 * with the requests, the operation label stays bounded whatever clients send, and the event
 * gauges are read from the outbox when scraped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.js';
import { readSubgraphConfig } from '../../subgraphs/shared/config.js';
import { serveMetrics } from '../../subgraphs/shared/observability/metrics-endpoint.js';
import { BoundedLabelValues, MAX_OPERATION_NAMES, OTHER_LABEL } from '../../subgraphs/shared/observability/metrics.js';
import { projectRoot } from '../../subgraphs/catalog.js';
import { testDatabaseMode } from '../support/databases.js';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let serviceToken: string;

beforeAll(async () => {
  // No relays: an event written to an outbox stays pending for the gauges to see.
  stack = await startStack({ customers: 2, deliverEvents: false });
  serviceToken = await stack.credentials.billing.bearerFor();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function metricsUrl(serviceUrl: string): string {
  return new URL('/metrics', serviceUrl).toString();
}

async function scrape(serviceUrl: string): Promise<string> {
  const response = await fetch(metricsUrl(serviceUrl), { headers: { authorization: `Bearer ${serviceToken}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one series name in Prometheus' text format. */
function samples(text: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, value!]));
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

function valueOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  return samples(text, name).find((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}

describe('/metrics on the main port', () => {
  it('is refused without a service token, with 401 and no metric', async () => {
    const personToken = await stack.token();
    for (const url of [stack.gatewayUrl, stack.subgraphs.sales.url]) {
      for (const authorization of [undefined, `Bearer ${personToken}`, 'Bearer nonsense']) {
        const response = await fetch(metricsUrl(url), { headers: authorization ? { authorization } : {} });
        expect(response.status).toBe(401);
        const body = await response.text();
        expect(body).not.toContain('integra_');
        expect(JSON.parse(body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it("counts the gateway's requests, subgraph fetches and errors, and each subgraph's requests and statements", async () => {
    const before = await scrape(stack.gatewayUrl);
    const sent = await stack.query('query MetricsProbe { customers(first: 1) { edges { node { id } } } }');
    expect(sent.errors).toBeUndefined();
    const invalid = await stack.query('query MetricsBroken { noSuchField }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const gateway = await scrape(stack.gatewayUrl);
    const requests = (text: string) => valueOf(text, 'integra_graphql_requests_total', { service: 'gateway', operation: 'MetricsProbe', outcome: 'ok' }) ?? 0;
    expect(requests(gateway) - requests(before)).toBe(1);
    expect(valueOf(gateway, 'integra_graphql_requests_total', { operation: 'MetricsBroken', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(valueOf(gateway, 'integra_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(gateway, 'integra_graphql_request_duration_seconds_count', { operation: 'MetricsProbe' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(gateway, 'integra_gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'sales', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    for (const subgraph of Object.keys(stack.subgraphs)) expect(valueOf(gateway, 'integra_gateway_subgraph_breaker_state', { subgraph })).toBe(0);
    // Node's own process metrics, with the same prefix.
    expect(samples(gateway, 'integra_process_cpu_user_seconds_total')).toHaveLength(1);

    const sales = await scrape(stack.subgraphs.sales.url);
    const salesRequests = samples(sales, 'integra_graphql_requests_total').filter((sample) => sample.labels.operation!.startsWith('MetricsProbe'));
    expect(salesRequests.length).toBeGreaterThan(0);
    expect(salesRequests.every((sample) => sample.labels.service === 'sales' && sample.labels.outcome === 'ok')).toBe(true);
    expect(valueOf(sales, 'integra_database_statements_total', { service: 'sales' })).toBeGreaterThan(0);
    expect(valueOf(sales, 'integra_database_pool_max_connections', {})).toBeGreaterThanOrEqual(1);
    // The refused scrapes above are no GraphQL requests.
    expect(valueOf(sales, 'integra_graphql_requests_total', { operation: 'unknown' })).toBeUndefined();
  });

  it('reports billing, mailings and the event delivery of the subgraphs that have it', async () => {
    const billing = await scrape(stack.subgraphs.billing.url);
    expect(valueOf(billing, 'integra_billing_invoices_issued_total', { service: 'billing' })).toBe(0);
    expect(valueOf(billing, 'integra_events_outbox_events', { status: 'parked' })).toBe(0);
    const mailings = await scrape(stack.subgraphs.mailings.url);
    expect(samples(mailings, 'integra_mailings_campaigns').map((sample) => sample.labels.status).sort()).toEqual(['completed', 'draft', 'failed', 'running']);
    expect(valueOf(mailings, 'integra_mailings_running_campaign_recipients', { progress: 'letters' })).toBe(0);
    // Mailings neither sends nor receives events.
    expect(samples(mailings, 'integra_events_outbox_events')).toEqual([]);
  });
});

describe('the Grafana dashboard', () => {
  it('asks only for metrics the services serve', async () => {
    const served = new Set<string>();
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((running) => running.url)]) {
      for (const match of (await scrape(url)).matchAll(/^# TYPE (\S+) /gm)) served.add(match[1]!);
    }
    // The pool of a PostgreSQL server; the embedded database has none.
    if (testDatabaseMode === 'pglite') for (const name of ['integra_database_pool_connections', 'integra_database_pool_waiting_requests']) served.add(name);
    const dashboard = readFileSync(path.join(projectRoot, 'docs/grafana/integra-dashboard.json'), 'utf8');
    const asked = new Set([...dashboard.matchAll(/integra_\w+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
    expect(asked.size).toBeGreaterThan(15);
    expect([...asked].filter((name) => !served.has(name))).toEqual([]);
  });
});

describe('event delivery gauges', () => {
  it('count a pending event and its age, read from the outbox when scraped', async () => {
    const before = await scrape(stack.subgraphs.bookings.url);
    expect(valueOf(before, 'integra_events_outbox_events', { status: 'pending' })).toBe(0);
    expect(valueOf(before, 'integra_events_outbox_oldest_pending_age_seconds', {})).toBe(0);
    await stack.sql(
      'bookings',
      `INSERT INTO integration_outbox (id, type, subject, payload, occurred_at)
       VALUES (gen_random_uuid(), 'MetricsProbe', 'probe', '{}'::jsonb, CURRENT_TIMESTAMP - INTERVAL '90 seconds') RETURNING id`,
    );
    const after = await scrape(stack.subgraphs.bookings.url);
    expect(valueOf(after, 'integra_events_outbox_events', { status: 'pending' })).toBe(1);
    expect(valueOf(after, 'integra_events_outbox_oldest_pending_age_seconds', {})).toBeGreaterThanOrEqual(90);
    expect(valueOf(after, 'integra_events_inbox_parked_events', {})).toBe(0);
  });
});

describe('the metrics listener', () => {
  it('serves the registry to anyone on its own port, and nothing else', async () => {
    await stack.query('query ListenerProbe { __typename }');
    const listener = await serveMetrics(stack.gatewayMetrics.registry, { port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(listener.url);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(valueOf(text, 'integra_graphql_requests_total', { service: 'gateway', operation: 'ListenerProbe', outcome: 'ok' })).toBe(1);
      expect((await fetch(new URL('/graphql', listener.url))).status).toBe(404);
    } finally {
      await listener.stop();
    }
  });

  it('is off unless <SERVICE>_METRICS_PORT is set, bound to 127.0.0.1 unless METRICS_HOST says otherwise; a bad port stops start-up naming it', () => {
    expect(readGatewayConfig({}).metricsListener).toBeUndefined();
    expect(readGatewayConfig({ GATEWAY_METRICS_PORT: '0' }).metricsListener).toBeUndefined();
    expect(readGatewayConfig({ GATEWAY_METRICS_PORT: '9464' }).metricsListener).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(readSubgraphConfig('sales', { SALES_METRICS_PORT: '9465', METRICS_HOST: '0.0.0.0' }).metricsListener).toEqual({ port: 9465, host: '0.0.0.0' });
    expect(() => readSubgraphConfig('billing', { BILLING_METRICS_PORT: 'ninety' })).toThrow(/BILLING_METRICS_PORT is invalid/);
    expect(() => readGatewayConfig({ GATEWAY_METRICS_PORT: '70000' })).toThrow(/GATEWAY_METRICS_PORT is invalid/);
  });
});

describe('the operation label', () => {
  it('keeps at most the first 200 names a hostile client sends, the rest as "other"', async () => {
    const token = await stack.token();
    const names = Array.from({ length: 1000 }, (_, index) => `Hostile${index}`);
    const longName = `Long${'x'.repeat(500)}`;
    for (let start = 0; start < names.length; start += 25) {
      await Promise.all(names.slice(start, start + 25).map((name) => postGraphQL(stack.gatewayUrl, `query ${name} { __typename }`, {}, token)));
    }
    await postGraphQL(stack.gatewayUrl, `query ${longName} { __typename }`, {}, token);
    const gateway = await scrape(stack.gatewayUrl);
    const operations = new Set(samples(gateway, 'integra_graphql_requests_total').map((sample) => sample.labels.operation));
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 1);
    expect(operations.has(OTHER_LABEL)).toBe(true);
    expect([...operations].every((operation) => operation!.length <= 64)).toBe(true);
    // Every request counted once, under its own name or as "other" (the long name too: the limit was reached by then).
    const counted = samples(gateway, 'integra_graphql_requests_total')
      .filter((sample) => sample.labels.operation!.startsWith('Hostile') || sample.labels.operation === OTHER_LABEL)
      .reduce((sum, sample) => sum + sample.value, 0);
    expect(counted).toBe(names.length + 1);
  }, 60_000);

  it('cuts long values and turns every new one past the limit into "other"', () => {
    const labels = new BoundedLabelValues(2);
    expect(labels.of('a'.repeat(100))).toBe('a'.repeat(64));
    expect(labels.of('b')).toBe('b');
    expect(labels.of('c')).toBe(OTHER_LABEL);
    expect(labels.of('b')).toBe('b');
  });
});

