/** Builds the sales subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { SalesPrisma } from './database.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(schemaFileOf('sales'), 'utf8');

export function buildSalesServer(prisma: SalesPrisma, { production = false } = {}) {
  return buildSubgraphServer({ name: 'sales', typeDefs, resolvers, context: contextFactory(prisma), production });
}
