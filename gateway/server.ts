/** Builds (never starts) the federation gateway over the composed supergraph. */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { SubgraphName } from '../subgraphs/catalog.js';
import { maskUnexpectedErrors } from '../subgraphs/shared/subgraph-server.js';
import { SubgraphDataSource } from './subgraph-data-source.js';

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  production?: boolean;
}

export function buildGateway({ supergraphSdl, subgraphUrls, production = false }: GatewayOptions): ApolloServer {
  // @apollo/gateway otherwise probes cloud metadata endpoints and sends usage metrics to
  // Apollo on start-up. An operator who wants that sets APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Route by configuration, not by the placeholder URLs composed into the supergraph.
    buildService: ({ name }) => new SubgraphDataSource(name, subgraphUrls[name as SubgraphName] ?? `unknown subgraph ${name}`),
  });
  return new ApolloServer({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: maskUnexpectedErrors(production),
    plugins: [
      // Sandbox needs introspection, which production turns off; no page rather than a broken one.
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}
