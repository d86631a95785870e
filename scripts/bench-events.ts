/**
 * `npm run bench:events [-- --events 1000 --rate 200 --transport embedded|nats|both]`: how long
 * an event takes from the producer's transaction to the consumer's effect, on each transport,
 * with the producer and the consumer in separate processes on embedded databases, as
 * `npm start` runs them. A "conferencing" process records one conference.ended event per
 * transaction, at a steady rate; a "billing" process applies them (one row each) through its
 * inbox. Prints the median, p99 and worst latency and the events applied per second, with the
 * relay notified by the outbox's trigger as each transaction commits (LISTEN/NOTIFY) and without
 * (polling only).
 *
 * Latency runs from just before the producer's transaction to the moment the consumer's handler
 * applies the event (its transaction commits right after); both read the same machine's clock.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBillingPrisma } from '../subgraphs/billing/database.js';
import { buildBillingServer } from '../subgraphs/billing/server.js';
import { createConferencingPrisma } from '../subgraphs/conferencing/database.js';
import { readEventDeliveryConfig, type EventDeliveryConfig } from '../subgraphs/shared/config.js';
import type { ConferenceEnded, EventHandler, EventOutcome } from '../subgraphs/shared/events/contract.js';
import { startEventDelivery } from '../subgraphs/shared/events/delivery.js';
import { recordEvents } from '../subgraphs/shared/events/outbox.js';
import type { RawQueryExecutor } from '../subgraphs/shared/events/store.js';
import { listen } from '../subgraphs/shared/listen.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';
import { ensureKeyPairs } from '../subgraphs/shared/identity/key-store.js';
import { loadServiceCredentials } from '../subgraphs/shared/identity/service-credentials.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '200' },
    transport: { type: 'string', default: 'both' },
    role: { type: 'string' },
    config: { type: 'string' },
    keys: { type: 'string' },
  },
});
const now = () => performance.timeOrigin + performance.now();

/** The billing process: applies the events and reports, per event, when it did. */
async function runConsumer(config: EventDeliveryConfig, keysDir: string): Promise<void> {
  const credentials = await loadServiceCredentials(keysDir, 'billing');
  const database = await openMigratedDatabase('billing', 'pglite:memory');
  const prisma = createBillingPrisma(database.adapter);
  await prisma.$executeRawUnsafe('CREATE TABLE bench_charges (event_id uuid NOT NULL)');
  const handler: EventHandler<RawQueryExecutor, ConferenceEnded> = {
    types: ['conference.ended'],
    async apply(tx, events) {
      const outcomes = new Map<string, EventOutcome>();
      await tx.$executeRawUnsafe(`INSERT INTO bench_charges (event_id) SELECT unnest(string_to_array($1, ','))::uuid`, events.map((event) => event.id).join(','));
      const at = now();
      for (const event of events) outcomes.set(event.id, { status: 'applied' });
      process.send!({ applied: events.map((event) => [event.id, at]) });
      return outcomes;
    },
  };
  const delivery = await startEventDelivery({ name: 'billing', db: prisma, handlers: [handler], config, credentials, subgraphUrl: () => 'http://127.0.0.1:9/graphql', log: () => {} });
  const server = await listen(buildBillingServer(prisma, { eventHandlers: [handler] }), { port: 0, host: '127.0.0.1', credentials }, delivery.routes);
  process.send!({ ready: server.url });
  process.once('message', async () => {
    await server.stop();
    await delivery.stop();
    await database.close();
    process.exit(0);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(transport: 'embedded' | 'nats', notify: boolean, count: number, rate: number): Promise<string> {
  const base = readEventDeliveryConfig({ ...process.env, NATS_URL: transport === 'nats' ? process.env.NATS_URL ?? 'nats://127.0.0.1:4222' : '' });
  const config: EventDeliveryConfig = { ...base, natsUrl: transport === 'nats' ? base.natsUrl : undefined, natsStream: `INTEGRA_BENCH_${randomUUID().slice(0, 8).toUpperCase()}` };
  // The two processes must trust each other's keys: a folder of their own, for this run only.
  const keysDir = mkdtempSync(path.join(tmpdir(), 'integra-bench-keys-'));
  await ensureKeyPairs(keysDir);
  const consumer: ChildProcess = fork(fileURLToPath(import.meta.url), ['--role', 'consumer', '--config', JSON.stringify(config), '--keys', keysDir], { execArgv: ['--import', 'tsx'] });
  const applied = new Map<string, number>();
  let whenAllApplied: () => void = () => {};
  const allApplied = new Promise<void>((resolve) => (whenAllApplied = resolve));
  const consumerUrl = await new Promise<string>((resolve) =>
    consumer.on('message', (message: { ready?: string; applied?: [string, number][] }) => {
      if (message.ready) resolve(message.ready);
      for (const [id, at] of message.applied ?? []) applied.set(id, at);
      if (applied.size >= count) whenAllApplied();
    }),
  );

  const database = await openMigratedDatabase('conferencing', 'pglite:memory');
  const prisma = createConferencingPrisma(database.adapter);
  // conference.ended goes to billing and bookings: over HTTP both shares reach the one consumer
  // process, which applies each event once (the second arrival is a duplicate), as the producer
  // pays for two consumers in production; over NATS bookings' copy waits in the stream unread.
  const delivery = await startEventDelivery({
    name: 'conferencing',
    db: prisma,
    handlers: [],
    config,
    credentials: await loadServiceCredentials(keysDir, 'conferencing'),
    subgraphUrl: () => consumerUrl,
    log: () => {},
    listen: notify ? database.listen : undefined,
  });
  const recordedAt = new Map<string, number>();
  const started = now();
  for (let index = 0; index < count; index++) {
    // A steady rate: each conference ends at its own moment, not all in one burst.
    const due = started + (index * 1000) / rate;
    if (due > now()) await new Promise((resolve) => setTimeout(resolve, due - now()));
    const at = now();
    const conferenceId = randomUUID();
    const [event] = await prisma.$transaction((tx) =>
      recordEvents(tx, 'conferencing', [
        {
          type: 'conference.ended',
          subject: conferenceId,
          payload: {
            conferenceId,
            reservationId: randomUUID(),
            bookingId: randomUUID(),
            customerId: randomUUID(),
            startedAt: new Date(at - 1_800_000).toISOString(),
            endedAt: new Date(at).toISOString(),
            recording: false,
            legs: [{ legId: randomUUID(), phoneNumber: '+41445550101', tollFree: false, joinedAt: new Date(at - 1_800_000).toISOString(), leftAt: new Date(at).toISOString(), seconds: 1800 }],
          },
        },
      ]),
    );
    recordedAt.set(event!.id, at);
  }
  await allApplied;
  const latencies = [...recordedAt].map(([id, at]) => applied.get(id)! - at).sort((a, b) => a - b);
  const seconds = (Math.max(...applied.values()) - started) / 1000;
  await delivery.stop();
  await prisma.$disconnect();
  await database.close();
  consumer.send('stop');
  await new Promise((resolve) => consumer.once('exit', resolve));
  rmSync(keysDir, { recursive: true, force: true });
  if (transport === 'nats') {
    const { connectNats } = await import('../subgraphs/shared/events/nats-transport.js');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connectNats(config.natsUrl!, 'integra-bench-cleanup', { auth: config.natsAuth });
    await (await jetstreamManager(nc)).streams.delete(config.natsStream).catch(() => false);
    await nc.close();
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `${transport.padEnd(8)} ${notify ? 'notified on commit' : `polling ${config.relayPollIntervalMs} ms`.padEnd(18)}  median ${ms(percentile(latencies, 50)).padStart(9)}  p99 ${ms(percentile(latencies, 99)).padStart(9)}  max ${ms(latencies.at(-1)!).padStart(9)}  ${(count / seconds).toFixed(0)} events/s`;
}

if (values.role === 'consumer') {
  await runConsumer(JSON.parse(values.config!) as EventDeliveryConfig, values.keys!);
} else {
  const count = Number(values.events);
  const rate = Number(values.rate);
  const transports = values.transport === 'both' ? (['embedded', 'nats'] as const) : [values.transport as 'embedded' | 'nats'];
  console.log(`${count} events, one per transaction, ${rate} per second; producer and consumer in separate processes on embedded PGlite`);
  for (const transport of transports) {
    for (const notify of [true, false]) {
      try {
        console.log(await measure(transport, notify, count, rate));
      } catch (error) {
        console.log(`${transport}: not measured: ${(error as Error).message}`);
      }
    }
  }
  process.exit(0);
}
