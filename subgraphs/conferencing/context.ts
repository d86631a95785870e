/** What every conferencing resolver receives: the process's PrismaClient and this request's loaders. */
import type { CallerContext } from '../shared/identity/roles.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { IntegrationEventLog } from '../shared/events/event-log.js';
import type { AccessCodeGuard } from './bridge/access-code-guard.js';
import type { ConferencingPrisma } from './database.js';
import { createLoaders, type ConferencingLoaders } from './loaders.js';

export interface ConferencingContext extends CallerContext {
  prisma: ConferencingPrisma;
  /** The integration events this subgraph sent and received, for the operations API. */
  integrationEvents: IntegrationEventLog;
  loaders: ConferencingLoaders;
  /** The service's clock: each bridge step reads it when it is applied, and `at` may not run far ahead of it. */
  clock: Clock;
  /** Counts unknown access codes and refuses startConference while there were too many. */
  accessCodes: AccessCodeGuard;
}

export function contextFactory(
  prisma: ConferencingPrisma,
  integrationEvents: IntegrationEventLog,
  accessCodes: AccessCodeGuard,
  clock: Clock = systemClock,
): () => Promise<ConferencingContext> {
  return async () => ({ prisma, integrationEvents, loaders: createLoaders(prisma), clock, accessCodes });
}
