/**
 * The whole platform in one test process: the subgraphs on real HTTP servers (port 0)
 * over fresh databases seeded with the same demo world, and the gateway in front of them
 * composing the same supergraph `npm start` serves.
 */
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { buildWorld, PINNED_NOW, type World } from '../../prisma/demo/world.js';
import { startInProcessPlatform, type InProcessOptions, type InProcessPlatform } from '../../scripts/lib/in-process-platform.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import type { QueryCounter } from '../../subgraphs/shared/database.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import type { GraphQLResult } from './graphql.js';

export interface Stack {
  world: World;
  databases: Record<SubgraphName, TestDatabase>;
  gatewayUrl: string;
  subgraphs: InProcessPlatform['subgraphs'];
  queries(subgraph: SubgraphName): QueryCounter;
  /** A subgraph's database adapter, for a second client beside its service (such as a test's stand-in for event delivery). */
  adapter(subgraph: SubgraphName): TestDatabase['adapter'];
  query<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Data>>;
  /** Runs SQL on a subgraph's database beside its service: for tests that check what was stored. */
  sql<Row = Record<string, unknown>>(subgraph: SubgraphName, text: string): Promise<Row[]>;
  stop(): Promise<void>;
}

export interface StackOptions {
  customers?: number;
  now?: Date;
  mailings?: InProcessOptions['mailings'];
  billingClock?: InProcessOptions['billingClock'];
  /** false: the subgraphs deliver no events (see InProcessOptions.deliverEvents). */
  deliverEvents?: boolean;
  /** How events travel (as the environment says when not given: embedded unless NATS_URL is set). */
  eventDelivery?: InProcessOptions['eventDelivery'];
}

export async function postGraphQL<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}

export async function startStack({ customers = 12, now = PINNED_NOW, mailings, billingClock, deliverEvents = true, eventDelivery }: StackOptions = {}): Promise<Stack> {
  const world = buildWorld({ customers, now });
  const databases = Object.fromEntries(
    await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await createTestDatabase(name)] as const)),
  ) as Record<SubgraphName, TestDatabase>;
  const platform = await startInProcessPlatform(databases, (name, client) => loadWorldSlice(name, client, world), { mailings, billingClock, deliverEvents, eventDelivery });
  return {
    world,
    databases,
    gatewayUrl: platform.gatewayUrl,
    subgraphs: platform.subgraphs,
    queries: (name) => databases[name].queries,
    adapter: (name) => databases[name].adapter,
    query: (query, variables) => postGraphQL(platform.gatewayUrl, query, variables),
    async sql<Row>(subgraph: SubgraphName, text: string) {
      const connection = await databases[subgraph].adapter.connect();
      try {
        const { columnNames, rows } = await connection.queryRaw({ sql: text, args: [], argTypes: [] });
        return rows.map((row) => Object.fromEntries(columnNames.map((column, index) => [column, row[index]])) as Row);
      } finally {
        await connection.dispose();
      }
    },
    async stop() {
      await platform.stop();
      for (const database of Object.values(databases)) await database.close();
    },
  };
}
