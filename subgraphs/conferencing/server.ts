/** Builds the conferencing subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import type { Clock } from '../shared/clock.js';
import type { AnyEventHandler } from '../shared/events/inbox.js';
import { integrationEventLog } from '../shared/events/event-log.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { ConferencingPrisma } from './database.js';
import { conferencingEventHandlers, type ConferencingTransaction } from './event-handlers.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(schemaFileOf('conferencing'), 'utf8');

export interface ConferencingServerOptions {
  production?: boolean;
  /** The most an operation may cost (MAX_QUERY_COST). */
  maxQueryCost?: number;
  /** Business time (the real clock when not given): the bridge's reports are checked against it. */
  clock?: Clock;
  /** How conferencing applies the events it consumes; its own handlers unless a test gives others. */
  eventHandlers?: AnyEventHandler<ConferencingTransaction>[];
}

export function buildConferencingServer(prisma: ConferencingPrisma, { production = false, maxQueryCost, clock, eventHandlers = conferencingEventHandlers() }: ConferencingServerOptions = {}) {
  const events = integrationEventLog('conferencing', prisma, eventHandlers);
  return buildSubgraphServer({ name: 'conferencing', typeDefs, resolvers, context: contextFactory(prisma, events, clock), production, maxQueryCost, events: { handlers: eventHandlers } });
}
