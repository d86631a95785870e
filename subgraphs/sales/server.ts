/** Builds the sales subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { databaseAnswerVersions } from '../shared/answer-versions.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { SalesPrisma } from './database.js';
import { nextRateChangeAfter } from './domain/rate-changes.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(schemaFileOf('sales'), 'utf8');

export interface SalesServerOptions {
  production?: boolean;
  /** The most an operation may cost (MAX_QUERY_COST). */
  maxQueryCost?: number;
  /** Business time (the real clock when not given): which rates are in force now, what today is. */
  clock?: Clock;
}

export function buildSalesServer(prisma: SalesPrisma, { production = false, maxQueryCost, clock = systemClock }: SalesServerOptions = {}) {
  const answerVersions = databaseAnswerVersions(prisma, clock, { nextChangeAfter: nextRateChangeAfter(prisma) });
  return buildSubgraphServer({ name: 'sales', typeDefs, resolvers, context: contextFactory(prisma, clock), production, maxQueryCost, answerVersions });
}
