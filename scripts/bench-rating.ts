/**
 * `npm run bench:rating [-- --legs 1000,10000,50000 --batch 100,1000,5000 --databases pglite,postgres]`:
 * how fast billing rates call records, through `callRecordsHandler` as the delivery platform
 * calls it (prepare, then apply in a transaction), with sales replaced by an in-memory rate
 * history so only billing is measured. For each database, total and batch size it prints
 * legs rated per second and SQL statements per batch and per leg (counted at the driver).
 * PostgreSQL is INTEGRA_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * on which a scratch database is created and dropped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createBillingPrisma } from '../subgraphs/billing/database.js';
import { callRecordsHandler } from '../subgraphs/billing/rating/call-records.js';
import type { HistoricContract, RateHistory, RateHistoryReader } from '../subgraphs/billing/rating/rate-history.js';
import type { ConferenceEnded, IntegrationEvent } from '../subgraphs/shared/events/contract.js';
import { openMigratedDatabase } from '../subgraphs/shared/prepare-database.js';
import type { Database } from '../subgraphs/shared/database.js';

const { values } = parseArgs({
  options: {
    legs: { type: 'string', default: '1000,10000,50000' },
    batch: { type: 'string', default: '100,1000,5000' },
    databases: { type: 'string', default: 'pglite,postgres' },
    customers: { type: 'string', default: '200' },
  },
});
const totals = values.legs!.split(',').map(Number);
const batchSizes = values.batch!.split(',').map(Number);
const customerCount = Number(values.customers);
const LEGS_PER_CONFERENCE = 10;
const postgresUrl = process.env.INTEGRA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every customer has a dial-in price change in the middle of the month, toll-free and recording. */
function rateHistories(): Map<string, HistoricContract[]> {
  const histories = new Map<string, HistoricContract[]>();
  for (let index = 0; index < customerCount; index += 1) {
    const contractId = randomUUID();
    const rate = (service: string, unit: 'MINUTE' | 'CALL', unitPrice: string, from: string, to: string | null) => ({
      id: randomUUID(),
      contractId,
      service,
      unit,
      unitPrice,
      currency: 'EUR',
      billingIncrementSeconds: unit === 'MINUTE' ? 30 : 1,
      effectiveFrom: new Date(from),
      effectiveTo: to === null ? null : new Date(to),
    });
    histories.set(randomUUID(), [
      {
        id: contractId,
        status: 'ACTIVE',
        startsOn: '2025-01-01',
        endsOn: null,
        rates: [
          rate('CONFERENCE_DIAL_IN', 'MINUTE', '0.042', '2025-01-01T00:00:00Z', '2026-11-15T00:00:00Z'),
          rate('CONFERENCE_DIAL_IN', 'MINUTE', '0.0385', '2026-11-15T00:00:00Z', null),
          rate('CONFERENCE_TOLL_FREE', 'MINUTE', '0.081', '2025-01-01T00:00:00Z', null),
          rate('CONFERENCE_RECORDING', 'CALL', '2.50', '2025-01-01T00:00:00Z', null),
        ],
      },
    ]);
  }
  return histories;
}

const histories = rateHistories();
const customerIds = [...histories.keys()];

const inMemorySales: RateHistoryReader = {
  async ratesOf(ids) {
    return new Map(ids.map((id) => [id.toLowerCase(), (histories.get(id) ?? null) as RateHistory]));
  },
};

function conferences(legs: number): IntegrationEvent<ConferenceEnded>[] {
  return Array.from({ length: Math.ceil(legs / LEGS_PER_CONFERENCE) }, (_, index) => {
    const conferenceId = randomUUID();
    const start = new Date(Date.UTC(2026, 10, 2 + (index % 27), 8 + (index % 10)));
    return {
      id: randomUUID(),
      type: 'conference.ended' as const,
      source: 'conferencing' as const,
      subject: conferenceId,
      occurredAt: start.toISOString(),
      payload: {
        conferenceId,
        reservationId: randomUUID(),
        bookingId: randomUUID(),
        customerId: customerIds[index % customerIds.length]!,
        startedAt: start.toISOString(),
        endedAt: new Date(start.getTime() + 3600_000).toISOString(),
        recording: index % 3 === 0,
        legs: Array.from({ length: LEGS_PER_CONFERENCE }, (_, leg) => ({
          legId: randomUUID(),
          phoneNumber: '+39 02 1234567',
          tollFree: leg % 4 === 0,
          joinedAt: new Date(start.getTime() + leg * 7000).toISOString(),
          leftAt: new Date(start.getTime() + 3000_000).toISOString(),
          seconds: 3000 - leg * 7,
        })),
      },
    };
  });
}

async function scratchPostgres(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `integra_bench_rating_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openMigratedDatabase('billing', url.toString());
  return { database, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function benchmark(kind: 'pglite' | 'postgres'): Promise<void> {
  const { database, drop } = kind === 'pglite' ? { database: await openMigratedDatabase('billing', 'pglite:memory'), drop: async () => {} } : await scratchPostgres();
  const prisma = createBillingPrisma(database.adapter);
  const handler = callRecordsHandler({ rates: inMemorySales });
  try {
    console.log(`\n${kind === 'pglite' ? 'PGlite (embedded, in memory)' : `PostgreSQL (${new URL(postgresUrl).host})`}`);
    console.log('legs rated | legs per batch | legs/s  | SQL statements per batch | per leg');
    for (const total of totals) {
      for (const batchLegs of batchSizes) {
        if (batchLegs > total) continue;
        await prisma.$executeRawUnsafe('TRUNCATE "UsageCharge", "BillingPeriod", "BillingAccount" CASCADE');
        // Accounts and periods are opened by a first batch, outside the measure: steady state.
        const warmUp = conferences(customerCount * LEGS_PER_CONFERENCE);
        await prisma.$transaction(async (tx) => handler.apply(tx, warmUp, await handler.prepare!(warmUp)), { timeout: 120_000 });
        const events = conferences(total);
        const perBatch = Math.max(1, Math.floor(batchLegs / LEGS_PER_CONFERENCE));
        database.queries.reset();
        let batches = 0;
        const started = performance.now();
        for (let first = 0; first < events.length; first += perBatch) {
          const batch = events.slice(first, first + perBatch);
          const prepared = await handler.prepare!(batch);
          await prisma.$transaction((tx) => handler.apply(tx, batch, prepared), { timeout: 120_000 });
          batches += 1;
        }
        const seconds = (performance.now() - started) / 1000;
        const legs = events.length * LEGS_PER_CONFERENCE;
        const statements = database.queries.total;
        console.log(
          `${String(legs).padStart(10)} | ${String(perBatch * LEGS_PER_CONFERENCE).padStart(14)} | ${String(Math.round(legs / seconds)).padStart(7)} | ${(statements / batches).toFixed(1).padStart(24)} | ${(statements / legs).toFixed(4)}`,
        );
      }
    }
  } finally {
    await prisma.$disconnect();
    await database.close();
    await drop();
  }
}

for (const kind of values.databases!.split(',') as ('pglite' | 'postgres')[]) await benchmark(kind);
