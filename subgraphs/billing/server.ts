/** Builds the billing subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { BillingPrisma } from './database.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export function buildBillingServer(prisma: BillingPrisma, { production = false, clock }: { production?: boolean; clock?: () => Date } = {}) {
  return buildSubgraphServer({ name: 'billing', typeDefs, resolvers, context: contextFactory(prisma, clock), production });
}
