/**
 * The whole platform in one test process: the subgraphs on real HTTP servers (port 0)
 * over fresh databases seeded with the same demo world, and the gateway in front of them
 * composing the same supergraph `npm start` serves.
 */
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { buildWorld, demoNow, type World } from '../../prisma/demo/world.js';
import { startInProcessPlatform, type InProcessOptions, type InProcessPlatform } from '../../scripts/lib/in-process-platform.js';
import { clockStartingAt, type SteerableClock } from '../../scripts/lib/steerable-clock.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import type { QueryCounter } from '../../subgraphs/shared/database.js';
import { BRIDGE_ROLE, identityOf, PERSON_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { TEST_NOW } from './clock.js';
import type { GraphQLResult } from './graphql.js';

export interface Stack {
  world: World;
  /**
   * Business time of every subgraph: it starts at `now` and runs; a test derives every instant
   * it sends or compares from it, and moves it forward to reach a month end.
   */
  clock: SteerableClock;
  databases: Record<SubgraphName, TestDatabase>;
  gatewayUrl: string;
  subgraphs: InProcessPlatform['subgraphs'];
  queries(subgraph: SubgraphName): QueryCounter;
  /** A subgraph's database adapter, for a second client beside its service (such as a test's stand-in for event delivery). */
  adapter(subgraph: SubgraphName): TestDatabase['adapter'];
  /** Runs an operation through the gateway as a user holding every person's role and the bridge's. */
  query<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Data>>;
  /** Runs an operation through the gateway with a token carrying only `roles`. */
  queryAs<Data = Record<string, any>>(roles: readonly string[], query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Data>>;
  /** A token the stack's gateway accepts (every person's role and the bridge's when no roles are given). */
  token(roles?: readonly string[], subject?: string): Promise<string>;
  credentials: InProcessPlatform['credentials'];
  /** The key of the issuer whose tokens the stack's gateway accepts: for tests that sign tokens with odd claims. */
  issuer: InProcessPlatform['issuer'];
  /**
   * The Authorization header a request to `url` needs, with every person's role: the gateway's
   * service token for one of the stack's subgraphs, a person's token for anything else (a gateway).
   */
  authorization(url: string): Promise<string>;
  gatewayIdentity: InProcessPlatform['gatewayIdentity'];
  gatewayMetrics: InProcessPlatform['gatewayMetrics'];
  /** Runs SQL on a subgraph's database beside its service: for tests that check what was stored. */
  sql<Row = Record<string, unknown>>(subgraph: SubgraphName, text: string): Promise<Row[]>;
  stop(): Promise<void>;
}

export interface StackOptions {
  customers?: number;
  /** Where the stack's clock starts (TEST_NOW by default); the demo world is laid out around it as `npm start` lays it out around the real clock. */
  now?: Date;
  mailings?: InProcessOptions['mailings'];
  /** false: the subgraphs deliver no events (see InProcessOptions.deliverEvents). */
  deliverEvents?: boolean;
  /** How events travel (as the environment says when not given: embedded unless NATS_URL is set). */
  eventDelivery?: InProcessOptions['eventDelivery'];
  /** CORS_ORIGINS of the gateway and every subgraph (none when not given). */
  corsOrigins?: InProcessOptions['corsOrigins'];
  /** Where every service logs (see InProcessOptions.logger). */
  logger?: InProcessOptions['logger'];
  /** Given, the gateway serves /health and /ready and probes the subgraphs this often. */
  subgraphProbeIntervalMs?: InProcessOptions['subgraphProbeIntervalMs'];
  /** The gateway's SUBGRAPH_CACHE_MB (see InProcessOptions.answerCacheMb). */
  answerCacheMb?: InProcessOptions['answerCacheMb'];
}

export async function postGraphQL<Data>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}

export async function startStack({ customers = 12, now = TEST_NOW, mailings, deliverEvents = true, eventDelivery, corsOrigins, logger, subgraphProbeIntervalMs, answerCacheMb }: StackOptions = {}): Promise<Stack> {
  const world = buildWorld({ customers, now: demoNow(now) });
  const clock = clockStartingAt(now);
  const databases = Object.fromEntries(
    await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await createTestDatabase(name)] as const)),
  ) as Record<SubgraphName, TestDatabase>;
  const platform = await startInProcessPlatform(databases, (name, client) => loadWorldSlice(name, client, world), { mailings, clock: clock.now, deliverEvents, eventDelivery, corsOrigins, logger, subgraphProbeIntervalMs, answerCacheMb });
  const everyRole = platform.token();
  return {
    world,
    clock,
    databases,
    gatewayUrl: platform.gatewayUrl,
    subgraphs: platform.subgraphs,
    queries: (name) => databases[name].queries,
    adapter: (name) => databases[name].adapter,
    query: async (query, variables) => postGraphQL(platform.gatewayUrl, query, variables, await everyRole),
    queryAs: async (roles, query, variables) => postGraphQL(platform.gatewayUrl, query, variables, await platform.token(roles)),
    token: (roles, subject) => platform.token(roles, subject),
    credentials: platform.credentials,
    issuer: platform.issuer,
    async authorization(url) {
      const subgraph = Object.values(platform.subgraphs).some((running) => running.url === url);
      return `Bearer ${subgraph ? await platform.credentials.gateway.bearerFor(identityOf('test-user', [...PERSON_ROLES, BRIDGE_ROLE])) : await everyRole}`;
    },
    gatewayIdentity: platform.gatewayIdentity,
    gatewayMetrics: platform.gatewayMetrics,
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
