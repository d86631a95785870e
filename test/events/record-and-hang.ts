/**
 * A producer process for the crash test: opens the conferencing database at argv[2], starts
 * event delivery that will not get round to sending (it polls once an hour), records argv[3]
 * events in one transaction, prints their ids as JSON and waits to be killed.
 */
import { createConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { openDatabase } from '../../subgraphs/shared/database.js';
import { startEventDelivery } from '../../subgraphs/shared/events/delivery.js';
import { conferenceEnded, record, testDeliveryConfig } from '../support/events.js';

const [url, count] = process.argv.slice(2);
const database = await openDatabase(url!);
const prisma = createConferencingPrisma(database.adapter);
await startEventDelivery({
  name: 'conferencing',
  db: prisma,
  handlers: [],
  config: testDeliveryConfig('embedded', { relayPollIntervalMs: 3_600_000 }),
  subgraphUrl: () => 'http://127.0.0.1:9/graphql',
  log: () => {},
});
// The relay's first look at the outbox, made as it started, has found it empty by now.
await new Promise((resolve) => setTimeout(resolve, 200));
const ids = await record(prisma, Array.from({ length: Number(count) }, () => conferenceEnded('customer-crash')));
process.stdout.write(`${JSON.stringify(ids)}\n`);
setInterval(() => {}, 60_000);
