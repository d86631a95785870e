/**
 * The whole platform in one test process: the four subgraphs on real HTTP servers (port 0)
 * over fresh databases seeded with the same demo world, and the gateway in front of them
 * composing the same supergraph `npm start` serves.
 */
import type { ApolloServer, BaseContext } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeSupergraph } from '../../gateway/composition.js';
import { buildGateway } from '../../gateway/server.js';
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { buildWorld, type World } from '../../prisma/demo/world.js';
import { createBillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { createBookingsPrisma } from '../../subgraphs/bookings/database.js';
import { buildBookingsServer } from '../../subgraphs/bookings/server.js';
import { salesCustomerDirectory } from '../../subgraphs/bookings/customer-directory.js';
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { createConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import { createSalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { listen, type RunningServer } from '../../subgraphs/shared/listen.js';
import type { QueryCounter } from '../../subgraphs/shared/database.js';
import type { SubgraphServer } from '../../subgraphs/shared/subgraph-server.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import type { GraphQLResult } from './graphql.js';

interface RunningSubgraph {
  database: TestDatabase;
  running: RunningServer;
  disconnect(): Promise<void>;
}

export interface Stack {
  world: World;
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  queries(subgraph: SubgraphName): QueryCounter;
  query<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Data>>;
  stop(): Promise<void>;
}

export interface StackOptions {
  customers?: number;
  now?: Date;
}

async function startSubgraph<Client extends { $disconnect(): Promise<void> }, Context extends BaseContext>(
  name: SubgraphName,
  createClient: (database: TestDatabase) => Client,
  insertRows: (client: Client) => Promise<void>,
  build: (client: Client) => SubgraphServer<Context>,
): Promise<RunningSubgraph> {
  const database = await createTestDatabase(name);
  const client = createClient(database);
  await insertRows(client);
  const running = await listen(build(client), 0, '127.0.0.1');
  return { database, running, disconnect: () => client.$disconnect() };
}

export async function postGraphQL<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}

export async function startStack({ customers = 12, now = new Date() }: StackOptions = {}): Promise<Stack> {
  const world = buildWorld({ customers, now });
  const sales = await startSubgraph(
    'sales',
    (db) => createSalesPrisma(db.adapter),
    (prisma) => loadWorldSlice('sales', prisma, world),
    (prisma) => buildSalesServer(prisma),
  );
  const [billing, bookings, conferencing] = await Promise.all([
    startSubgraph('billing', (db) => createBillingPrisma(db.adapter), (prisma) => loadWorldSlice('billing', prisma, world), (prisma) => buildBillingServer(prisma)),
    startSubgraph(
      'bookings',
      (db) => createBookingsPrisma(db.adapter),
      (prisma) => loadWorldSlice('bookings', prisma, world),
      (prisma) => buildBookingsServer(prisma, { customers: salesCustomerDirectory(sales.running.url) }),
    ),
    startSubgraph(
      'conferencing',
      (db) => createConferencingPrisma(db.adapter),
      (prisma) => loadWorldSlice('conferencing', prisma, world),
      (prisma) => buildConferencingServer(prisma),
    ),
  ]);
  const subgraphs = { sales, billing: billing!, bookings: bookings!, conferencing: conferencing! };
  const gateway: ApolloServer = buildGateway({
    supergraphSdl: composeSupergraph().supergraphSdl,
    subgraphUrls: {
      sales: sales.running.url,
      billing: billing!.running.url,
      bookings: bookings!.running.url,
      conferencing: conferencing!.running.url,
    },
  });
  const { url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } });

  return {
    world,
    gatewayUrl,
    subgraphs,
    queries: (name) => subgraphs[name].database.queries,
    query: (query, variables) => postGraphQL(gatewayUrl, query, variables),
    async stop() {
      await gateway.stop();
      for (const subgraph of Object.values(subgraphs)) {
        await subgraph.running.stop();
        await subgraph.disconnect();
        await subgraph.database.close();
      }
    },
  };
}
