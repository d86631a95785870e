/**
 * A service believes no event it cannot verify, on both transports: a forged conference.ended
 * (unsigned, signed by a key billing does not trust, signed by billing itself, signed by
 * conferencing but naming another source, altered after signing) is refused and charges
 * nothing, and leaves no trace that would make the real event with its id look like a
 * duplicate; the real one, signed by conferencing, applies exactly once. Over HTTP, /events
 * also wants the token of a service whose events it takes.
 *
 * The NATS half runs as in delivery.test.ts (skipped without a server, unless INTEGRA_REQUIRE_NATS=true).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import type { IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery, type EventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { signEvent } from '../../subgraphs/shared/events/signed-events.js';
import { generateSigningKey } from '../../subgraphs/shared/identity/key-store.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import {
  chargingHandler,
  conferenceEnded,
  createEffectsTable,
  deleteStream,
  effectsPerEvent,
  EFFECTS_TABLE,
  identities,
  natsProblem,
  natsRequired,
  NOWHERE,
  testDeliveryConfig,
} from '../support/events.js';

const unreachableNats = await natsProblem();

let billingDb: TestDatabase;
let billing: BillingPrisma;
const handlers = [chargingHandler({ customersWithoutRate: new Set(), failure: null })];

beforeAll(async () => {
  billingDb = await createTestDatabase('billing');
  billing = createBillingPrisma(billingDb.adapter);
  await createEffectsTable(billing);
});

afterAll(async () => {
  await billing?.$disconnect();
  await billingDb?.close();
});

beforeEach(async () => {
  await billing.$executeRawUnsafe(`TRUNCATE integration_outbox, integration_inbox, ${EFFECTS_TABLE}`);
});

/** A call that ended on conferencing's bridge, as conferencing would record it. */
function endedCall(): IntegrationEvent {
  const { type, subject, payload } = conferenceEnded(randomUUID());
  return { id: randomUUID(), type, source: 'conferencing', subject, occurredAt: '2026-11-20T09:30:00.000Z', payload };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Every way of passing off `event` without conferencing's signature on exactly it, with what the refusal says. */
async function forgeriesOf(event: IntegrationEvent): Promise<{ name: string; forged: unknown; reason: RegExp }[]> {
  const { credentials } = await identities;
  const [header, , signature] = (await signEvent(event, credentials.conferencing.signingKey)).signed.split('.');
  const ended = event.payload as { legs: { seconds: number }[] };
  const longerCall = { ...event, payload: { ...ended, legs: ended.legs.map((leg) => ({ ...leg, seconds: leg.seconds * 100 })) } };
  return [
    { name: 'unsigned', forged: event, reason: /not signed/ },
    { name: 'signed by a key nobody trusts, naming conferencing', forged: (await signEvent(event, await generateSigningKey('conferencing'))).signed, reason: /signature does not match/ },
    { name: 'signed by a key that is not a service', forged: (await signEvent(event, await generateSigningKey('issuer'))).signed, reason: /does not trust \(kid "issuer"\)/ },
    { name: "signed by billing's key", forged: (await signEvent({ ...event, source: 'billing' }, credentials.billing.signingKey)).signed, reason: /conference\.ended events come only from conferencing.*signed by billing/ },
    { name: "signed by billing's key, naming conferencing", forged: (await signEvent(event, credentials.billing.signingKey)).signed, reason: /come only from conferencing/ },
    { name: 'signed by conferencing, naming another source', forged: (await signEvent({ ...event, source: 'bookings' }, credentials.conferencing.signingKey)).signed, reason: /names bookings as its source but is signed by conferencing/ },
    { name: 'altered after signing', forged: `${header}.${base64url(longerCall)}.${signature}`, reason: /signature does not match/ },
  ];
}

describe('events over the embedded transport', () => {
  let delivery: EventDelivery;
  let server: RunningServer;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const { credentials } = await identities;
    delivery = await startEventDelivery({ name: 'billing', db: billing, handlers, config: testDeliveryConfig('embedded'), credentials: credentials.billing, subgraphUrl: () => NOWHERE, log: (line) => logs.push(line) });
    server = await listen(buildBillingServer(billing, { eventHandlers: handlers }), { port: 0, host: '127.0.0.1', credentials: credentials.billing }, delivery.routes);
    url = new URL('/events', server.url).toString();
  });
  afterAll(async () => {
    await server?.stop();
    await delivery?.stop();
  });

  async function post(events: unknown[], authorization?: string) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ events }) });
    return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions: { code: string } }[]; outcomes?: unknown[] } };
  }
  const asConferencing = async () => `Bearer ${await (await identities).credentials.conferencing.bearerFor()}`;

  it('refuses every forged conference.ended with 401 and charges nothing; the real one then applies once', async () => {
    const event = endedCall();
    for (const { name, forged, reason } of await forgeriesOf(event)) {
      const answer = await post([forged], await asConferencing());
      expect(answer.status, name).toBe(401);
      expect(answer.body.errors?.[0]?.extensions.code, name).toBe('UNAUTHENTICATED');
      expect(answer.body.errors?.[0]?.message, name).toMatch(reason);
      expect(answer.body.errors?.[0]?.message, name).toMatch(/^events\.0: .*nothing of this batch was applied$/);
    }
    expect(await effectsPerEvent(billing)).toEqual(new Map());
    expect(await billing.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_inbox')).toEqual([]);

    const real = (await signEvent(event, (await identities).credentials.conferencing.signingKey)).signed;
    expect(await post([real], await asConferencing())).toEqual({ status: 200, body: { outcomes: [{ id: event.id, status: 'applied' }] } });
    expect(await post([real], await asConferencing())).toEqual({ status: 200, body: { outcomes: [{ id: event.id, status: 'duplicate' }] } });
    expect(await effectsPerEvent(billing)).toEqual(new Map([[event.id, 1]]));
  });

  it('refuses a batch with one forgery among real events whole', async () => {
    const real = endedCall();
    const [unsigned] = await forgeriesOf(endedCall());
    const answer = await post([(await signEvent(real, (await identities).credentials.conferencing.signingKey)).signed, unsigned!.forged], await asConferencing());
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.message).toMatch(/^events\.1: the event is not signed/);
    expect(await effectsPerEvent(billing)).toEqual(new Map());
  });

  it('refuses, with 400, a real event of a type it does not take', async () => {
    const { credentials } = await identities;
    const scheduled = { id: randomUUID(), type: 'booking.scheduled', source: 'bookings', subject: randomUUID(), occurredAt: '2026-11-20T09:30:00.000Z', payload: { bookingId: randomUUID() } } as IntegrationEvent;
    const answer = await post([(await signEvent(scheduled, credentials.bookings.signingKey)).signed], await asConferencing());
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toContain('billing does not consume booking.scheduled events');
  });

  it('answers 401 to a request without the token of a service whose events it takes', async () => {
    const { credentials, token } = await identities;
    const real = (await signEvent(endedCall(), credentials.conferencing.signingKey)).signed;
    const refused: [string, string | undefined][] = [
      ['no token', undefined],
      ['a token that is no JWT', 'Bearer not-a-token'],
      ["a person's token from the identity provider", `Bearer ${await token(['billing-specialist', 'administrator'])}`],
      ["the gateway's token for a person", `Bearer ${await credentials.gateway.bearerFor(identityOf('user-1', ['administrator']))}`],
      ["billing's own service token", `Bearer ${await credentials.billing.bearerFor()}`],
      ["bookings' service token (billing takes no events from bookings)", `Bearer ${await credentials.bookings.bearerFor()}`],
    ];
    for (const [name, authorization] of refused) {
      const answer = await post([real], authorization);
      expect(answer.status, name).toBe(401);
      expect(answer.body.errors?.[0]?.extensions.code, name).toBe('UNAUTHENTICATED');
      expect(answer.body.errors?.[0]?.message, name).toContain('/events takes events only from conferencing');
    }
    expect(await effectsPerEvent(billing)).toEqual(new Map());
  });
});

describe.skipIf(unreachableNats !== null && !natsRequired)('events over NATS JetStream', () => {
  const config = testDeliveryConfig('nats');
  const logs: string[] = [];
  let delivery: EventDelivery;
  let nc: import('@nats-io/transport-node').NatsConnection;

  beforeAll(async () => {
    if (unreachableNats) throw new Error(`NATS is required (INTEGRA_REQUIRE_NATS=true) but ${unreachableNats}`);
    const { connectNats } = await import('../../subgraphs/shared/events/nats-transport.js');
    delivery = await startEventDelivery({ name: 'billing', db: billing, handlers, config, credentials: (await identities).credentials.billing, subgraphUrl: () => NOWHERE, log: (line) => logs.push(line) });
    nc = await connectNats(config.natsUrl!, 'integra-test-forger');
  });
  afterAll(async () => {
    await delivery?.stop();
    await nc?.close();
    if (!unreachableNats) await deleteStream(config.natsStream);
  });
  afterEach(() => {
    logs.length = 0;
  });

  /** Puts `data` on billing's conference.ended subject, as anyone allowed to publish there could, and waits until billing has taken it. */
  async function publish(data: string, event: IntegrationEvent): Promise<void> {
    const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
    const { subjectFor } = await import('../../subgraphs/shared/events/nats-transport.js');
    const ack = await jetstream(nc).publish(subjectFor({ stream: config.natsStream }, 'billing', event), data, { msgID: randomUUID() });
    const jsm = await jetstreamManager(nc);
    // Taken, and acknowledged or terminated (a terminated message need not move the ack floor).
    await vi.waitFor(
      async () => {
        const info = await jsm.consumers.info(config.natsStream, 'billing');
        expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(ack.seq);
        expect({ pending: info.num_pending, unacknowledged: info.num_ack_pending }).toEqual({ pending: 0, unacknowledged: 0 });
      },
      { timeout: 20_000, interval: 50 },
    );
  }

  it('terminates every forged conference.ended with a log line and charges nothing; the real one then applies once', async () => {
    const event = endedCall();
    for (const { name, forged, reason } of await forgeriesOf(event)) {
      await publish(typeof forged === 'string' ? forged : JSON.stringify(forged), event);
      expect(logs.at(-1), name).toMatch(/^events: refused message \d+ on .*\.billing\.conference\.ended, not applied: /);
      expect(logs.at(-1), name).toMatch(reason);
    }
    expect(await effectsPerEvent(billing)).toEqual(new Map());
    expect(await billing.$queryRawUnsafe<unknown[]>('SELECT 1 FROM integration_inbox')).toEqual([]);

    const real = (await signEvent(event, (await identities).credentials.conferencing.signingKey)).signed;
    await publish(real, event);
    await publish(real, event);
    expect(await effectsPerEvent(billing)).toEqual(new Map([[event.id, 1]]));
    expect(await billing.$queryRawUnsafe<{ status: string }[]>('SELECT status FROM integration_inbox')).toEqual([{ status: 'APPLIED' }]);
  });
});
