/**
 * The benchmarks' and the load test's platform: every subgraph and the gateway in this process,
 * each subgraph on an in-memory PGlite database seeded with the demo world.
 */
import { seedDemoWorld } from '../../prisma/demo/load-world.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import type { Database } from '../../subgraphs/shared/database.js';
import { openMigratedDatabase } from '../../subgraphs/shared/prepare-database.js';
import { startInProcessPlatform, type InProcessOptions, type InProcessPlatform } from './in-process-platform.js';

export interface DemoPlatform {
  platform: InProcessPlatform;
  databases: Record<SubgraphName, Database>;
  /** Where each subgraph listens, for another gateway built over the same subgraphs. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Stops the platform and closes its databases. */
  stop(): Promise<void>;
}

export async function startDemoPlatformInMemory(options: InProcessOptions = {}): Promise<DemoPlatform> {
  const databases = Object.fromEntries(
    await Promise.all(SUBGRAPHS.map(async ({ name }) => [name, await openMigratedDatabase(name, 'pglite:memory')] as const)),
  ) as Record<SubgraphName, Database>;
  const platform = await startInProcessPlatform(databases, (name, executor) => seedDemoWorld(name, executor).then(() => {}), options);
  return {
    platform,
    databases,
    subgraphUrls: Object.fromEntries(Object.entries(platform.subgraphs).map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>,
    async stop() {
      await platform.stop();
      for (const database of Object.values(databases)) await database.close();
    },
  };
}
