/**
 * A subgraph's /health and /ready: ready while its database answers, 503 once it does not
 * (frozen: statements wait) or once it is stopping, degraded when its NATS connection is down;
 * no token needed, GET and HEAD only, and nothing in the answers but fixed words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { subgraphReadiness, type SubgraphReadiness } from '../../subgraphs/shared/health/readiness.js';
import { inMemoryServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { freezableDatabase, type FreezableDatabase } from '../support/freezable-database.js';

/** Generous: a healthy SELECT 1 on a loaded machine must never be taken for a database down. */
const DATABASE_TIMEOUT_MS = 3_000;

let database: TestDatabase;
let frozen: FreezableDatabase;
let readiness: SubgraphReadiness;
let running: RunningServer;
let root: string;
let natsConnected = true;

beforeAll(async () => {
  database = await createTestDatabase('sales');
  frozen = freezableDatabase(database.adapter);
  const prisma = createSalesPrisma(frozen.adapter);
  // The client's first statement connects, which is not what readiness measures.
  await prisma.$queryRawUnsafe('SELECT 1');
  const credentials = await inMemoryServiceCredentials();
  readiness = subgraphReadiness({ database: prisma, events: { status: () => ({ connected: natsConnected }) }, databaseTimeoutMs: DATABASE_TIMEOUT_MS });
  running = await listen(buildSalesServer(prisma), { port: 0, host: '127.0.0.1', credentials: credentials.sales, probes: readiness });
  root = new URL('/', running.url).toString();
});

afterAll(async () => {
  frozen?.thaw();
  await running?.stop();
  await database?.close();
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(new URL(path, root), init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

/** The words an anonymous caller may read: no address, path, error text or version. */
function expectNothingLeaked(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|pglite|postgres|memory|error|\d{3,}|\//i);
}

describe("a subgraph's probes", () => {
  it('answers /health with ok and /ready with ready, with no token, and says nothing else', async () => {
    const health = await get('/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(health.headers.get('cache-control')).toBe('no-store');
    const ready = await get('/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', database: 'up', migrations: 'up', events: 'up' } });
    expectNothingLeaked(health.body);
    expectNothingLeaked(ready.body);
  });

  it('answers HEAD like GET, without a body, and refuses other methods with 405', async () => {
    const head = await fetch(new URL('/ready', root), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const refused = await get('/health', { method });
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD');
      expect(refused.body).toMatchObject({ errors: [{ extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    }
  });

  it('is reached without CORS headers, whatever Origin a page sends', async () => {
    const answer = await get('/ready', { headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 503 with the database down while it does not answer, with one check in flight however often asked, and ready again once it does', async () => {
    frozen.freeze();
    try {
      const before = database.queries.total;
      const startedAt = performance.now();
      const answers = await Promise.all(Array.from({ length: 10 }, () => get('/ready')));
      for (const answer of answers) expect(answer).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down' } });
      // Well within a generous bound of the check's timeout: nobody waits on a hung database.
      expect(performance.now() - startedAt).toBeLessThan(DATABASE_TIMEOUT_MS + 5_000);
      // Asked again after the timeout: told down at once, no statement added to the queue.
      expect(await get('/ready')).toMatchObject({ status: 503, body: { database: 'down' } });
      expect(database.queries.total).toBe(before);
      frozen.thaw();
      // The one SELECT 1 queued while frozen runs now, and no other.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(database.queries.total - before).toBe(1);
    } finally {
      frozen.thaw();
    }
    expect(await get('/ready')).toMatchObject({ status: 200, body: { status: 'ready', database: 'up' } });
  });

  it('stays ready but degraded while its NATS connection is down: it still serves, events wait in its outbox', async () => {
    natsConnected = false;
    try {
      expect(await get('/ready')).toMatchObject({ status: 200, body: { status: 'degraded', database: 'up', events: 'down' } });
    } finally {
      natsConnected = true;
    }
  });

  it('answers 503 stopping once told it is shutting down, while /health stays ok', async () => {
    readiness.markStopping();
    expect(await get('/ready')).toMatchObject({ status: 503, body: { status: 'stopping' } });
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
