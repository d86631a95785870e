/** Builds the bookings subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../catalog.js';
import { databaseAnswerVersions } from '../shared/answer-versions.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { AnyEventHandler } from '../shared/events/inbox.js';
import { integrationEventLog } from '../shared/events/event-log.js';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { CustomerDirectory } from './customer-directory.js';
import type { BookingsPrisma } from './database.js';
import { bookingsEventHandlers, type BookingsTransaction } from './event-handlers.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(schemaFileOf('bookings'), 'utf8');

export interface BookingsServerOptions {
  /** Where bookings checks that a customer exists: sales, in production. */
  customers: CustomerDirectory;
  production?: boolean;
  /** The most an operation may cost (MAX_QUERY_COST). */
  maxQueryCost?: number;
  /** Business time (the real clock when not given): a booking must start after it. */
  clock?: Clock;
  /** How bookings applies the events it consumes (conference.ended); its own handlers unless a test gives others. */
  eventHandlers?: AnyEventHandler<BookingsTransaction>[];
}

export function buildBookingsServer(prisma: BookingsPrisma, { customers, production = false, maxQueryCost, clock = systemClock, eventHandlers = bookingsEventHandlers() }: BookingsServerOptions) {
  const events = integrationEventLog('bookings', prisma, eventHandlers);
  // Its queries read its own tables alone (the customer directory is asked only by mutations).
  const answerVersions = databaseAnswerVersions(prisma, clock);
  return buildSubgraphServer({ name: 'bookings', typeDefs, resolvers, context: contextFactory(prisma, events, customers, clock), production, maxQueryCost, events: { handlers: eventHandlers }, answerVersions });
}
