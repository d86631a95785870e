/**
 * Stock `@apollo/gateway` behind `@apollo/server`, default settings, as `npm run bench` runs it and
 * as the test holding Integra's answers to stock's builds it. Two adaptations, without which it
 * cannot serve Integra's supergraph at all: the SECURITY links Integra enforces itself are handed
 * over without their purpose (stock refuses them), and each subgraph call carries the gateway's
 * service token. Subgraph URLs are given, as the Integra gateway's are, not the composed placeholders.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { withEnforcedSecurityFeatures } from '../../../gateway/server.js';
import type { SubgraphName } from '../../../subgraphs/catalog.js';

export interface StockGatewaySettings {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** The Authorization header every subgraph call carries (`Bearer <service token>`), read on each call. */
  authorization(): string;
}

export function buildStockGateway({ supergraphSdl, subgraphUrls, authorization }: StockGatewaySettings): ApolloServer {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  class ServiceTokenDataSource extends RemoteGraphQLDataSource {
    override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
      request.http?.headers.set('authorization', authorization());
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: withEnforcedSecurityFeatures(supergraphSdl),
    buildService: ({ name }) => new ServiceTokenDataSource({ url: subgraphUrls[name as SubgraphName] }),
  });
  return new ApolloServer({ gateway });
}
