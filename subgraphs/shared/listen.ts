/** Serves a built subgraph over HTTP at /graphql; port 0 picks a free port (tests). */
import type { BaseContext } from '@apollo/server';
import { serveGraphQL, type JsonRoute } from './http-server.js';
import type { SubgraphServer } from './subgraph-server.js';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Without a host it listens on every interface, as a deployed service should. */
export async function listen<Context extends BaseContext>(
  subgraph: SubgraphServer<Context>,
  port: number,
  host?: string,
  routes: JsonRoute[] = [],
): Promise<RunningServer> {
  const { url, stop } = await serveGraphQL(subgraph.server, { port, host, context: subgraph.context, routes, mount: subgraph.mount });
  await subgraph.background?.start();
  return {
    url: new URL('graphql', url).toString(),
    async stop() {
      await subgraph.background?.stop();
      await stop();
    },
  };
}
