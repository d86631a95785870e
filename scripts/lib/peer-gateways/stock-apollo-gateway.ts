/**
 * Stock `@apollo/gateway` behind `@apollo/server`'s standalone server, default settings, for
 * `npm run bench`. Two adaptations, without which it cannot serve Integra's supergraph at all:
 * the SECURITY links Integra enforces itself are handed over without their purpose (stock refuses
 * them), and each subgraph call carries the gateway's service token (peer-setup.ts). Subgraph
 * URLs come from the environment, as the Integra gateway's do, not from the composed placeholders.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { withEnforcedSecurityFeatures } from '../../../gateway/server.js';
import type { SubgraphName } from '../../../subgraphs/catalog.js';
import { peerSetup } from './peer-setup.js';

process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
const setup = await peerSetup();

class ServiceTokenDataSource extends RemoteGraphQLDataSource {
  override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    request.http?.headers.set('authorization', setup.authorization());
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: withEnforcedSecurityFeatures(setup.supergraphSdl),
  buildService: ({ name }) => new ServiceTokenDataSource({ url: setup.subgraphUrls[name as SubgraphName] }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: setup.port, host: '127.0.0.1' } });
setup.announce('stock', url);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
