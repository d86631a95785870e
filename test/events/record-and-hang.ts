/**
 * A producer process for the crash tests: opens the conferencing database at argv[2], records
 * argv[3] events in one transaction, prints their ids as JSON once they are in the state argv[4]
 * names, and waits to be killed.
 * - `committed`: no relay runs; the events are committed and nothing has touched them.
 * - `claimed`: a relay has claimed them (lease argv[5] ms) and is sending them to a consumer that
 *   accepts the connection and never answers, so the process dies in the middle of a delivery.
 */
import { createServer } from 'node:net';
import { createConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { startEventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { inMemoryServiceCredentials } from '../../subgraphs/shared/identity/service-credentials.js';
import { conferenceEnded, record, testDeliveryConfig } from '../support/events.js';

const [url, count, state, leaseMs] = process.argv.slice(2);
if (state !== 'committed' && state !== 'claimed') throw new Error(`state must be committed or claimed, got ${state}`);
const database = await openDatabase(url!);
const prisma = createConferencingPrisma(database.adapter);
const ids = await record(prisma, Array.from({ length: Number(count) }, () => conferenceEnded('customer-crash')));

if (state === 'claimed') {
  const silentConsumer = createServer(() => {});
  await new Promise<void>((resolve) => silentConsumer.listen(0, '127.0.0.1', resolve));
  const { port } = silentConsumer.address() as { port: number };
  await startEventDelivery({
    name: 'conferencing',
    db: prisma,
    handlers: [],
    config: testDeliveryConfig('embedded', { relayLeaseMs: Number(leaseMs) }),
    // Keys of its own: nothing it sends is ever answered, the test's own relay delivers the events.
    credentials: (await inMemoryServiceCredentials()).conferencing,
    subgraphUrl: () => `http://127.0.0.1:${port}/graphql`,
    log: () => {},
  });
  for (;;) {
    const [row] = await prisma.$queryRawUnsafe<{ claimed: number }[]>(
      `SELECT count(*)::int AS claimed FROM integration_outbox WHERE status = 'PENDING' AND next_attempt_at > CURRENT_TIMESTAMP`,
    );
    if (row?.claimed === ids.length) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
process.stdout.write(`${JSON.stringify(ids)}\n`);
setInterval(() => {}, 60_000);
