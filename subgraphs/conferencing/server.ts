/** Builds the conferencing subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { AnyEventHandler } from '../shared/events/inbox.js';
import { integrationEventLog } from '../shared/events/event-log.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { accessCodeGuard } from './bridge/access-code-guard.js';
import { DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from './config.js';
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
  /** Wrong access codes allowed and the participants' margin (readBridgeLimits; the defaults when not given). */
  limits?: Partial<BridgeLimits>;
  /** How conferencing applies the events it consumes; its own handlers unless a test gives others. */
  eventHandlers?: AnyEventHandler<ConferencingTransaction>[];
}

export function buildConferencingServer(prisma: ConferencingPrisma, { production = false, maxQueryCost, clock = systemClock, limits = {}, eventHandlers }: ConferencingServerOptions = {}) {
  const bridgeLimits: BridgeLimits = { ...DEFAULT_BRIDGE_LIMITS, ...limits };
  const handlers = eventHandlers ?? conferencingEventHandlers({ clock, participantMarginPercent: bridgeLimits.participantMarginPercent });
  const events = integrationEventLog('conferencing', prisma, handlers);
  const context = contextFactory(prisma, events, accessCodeGuard(prisma, clock, bridgeLimits), clock);
  return buildSubgraphServer({ name: 'conferencing', typeDefs, resolvers, context, production, maxQueryCost, events: { handlers } });
}
