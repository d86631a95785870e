/**
 * A billing consumer process for the crash tests: opens (and migrates) the billing database at
 * argv[2], receives conference.ended events over the transport argv[3] (stream argv[4] with
 * NATS), listening on 127.0.0.1 port argv[5], with the keys of INTEGRA_KEYS_DIR. It prints one
 * JSON line per fact: `{"ready": url}`, then `{"holding": [ids]}` (argv[6] `hang`: the handler
 * never returns, the events stay unacknowledged until the process is killed) or
 * `{"applied": [ids]}` (argv[6] `apply`).
 */
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import type { ConferenceEnded, EventHandler } from '../../subgraphs/shared/events/contract.js';
import { startEventDelivery } from '../../subgraphs/shared/events/delivery.js';
import type { RawQueryExecutor } from '../../subgraphs/shared/events/store.js';
import { openServiceCredentials } from '../../subgraphs/shared/identity/keys-config.js';
import { listen } from '../../subgraphs/shared/listen.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import { chargingHandler, createEffectsTable, NOWHERE, testDeliveryConfig } from '../support/events.js';

const [url, transport, stream, port, mode] = process.argv.slice(2);
if (transport !== 'embedded' && transport !== 'nats') throw new Error(`transport must be embedded or nats, got ${transport}`);
const say = (fact: object) => process.stdout.write(`${JSON.stringify(fact)}\n`);

const database = await openMigratedDatabase('billing', url!);
const prisma = createBillingPrisma(database.adapter);
await createEffectsTable(prisma);
const credentials = await openServiceCredentials('billing');
const charging = chargingHandler({ customersWithoutRate: new Set(), failure: null });
const handler: EventHandler<RawQueryExecutor, ConferenceEnded> =
  mode === 'hang'
    ? {
        types: ['conference.ended'],
        apply: (_tx, events) => {
          say({ holding: events.map((event) => event.id) });
          return new Promise(() => {});
        },
      }
    : {
        types: ['conference.ended'],
        async apply(tx, events) {
          const outcomes = await charging.apply(tx, events);
          say({ applied: events.map((event) => event.id) });
          return outcomes;
        },
      };
const delivery = await startEventDelivery({
  name: 'billing',
  db: prisma,
  handlers: [handler],
  config: testDeliveryConfig(transport, { natsStream: stream! }),
  credentials,
  subgraphUrl: () => NOWHERE,
  log: () => {},
});
const server = await listen(buildBillingServer(prisma), { port: Number(port), host: '127.0.0.1', credentials }, delivery.routes);
say({ ready: server.url });
