/** Builds the bookings subgraph (schema, resolvers, per-request context); never listens. */
import { readFileSync } from 'node:fs';
import { buildSubgraphServer } from '../shared/subgraph-server.js';
import { contextFactory } from './context.js';
import type { CustomerDirectory } from './customer-directory.js';
import type { BookingsPrisma } from './database.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export interface BookingsServerOptions {
  /** Where bookings checks that a customer exists: sales, in production. */
  customers: CustomerDirectory;
  production?: boolean;
}

export function buildBookingsServer(prisma: BookingsPrisma, { customers, production = false }: BookingsServerOptions) {
  return buildSubgraphServer({ name: 'bookings', typeDefs, resolvers, context: contextFactory(prisma, customers), production });
}
