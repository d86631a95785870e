/**
 * Hive Gateway's runtime (`@graphql-hive/gateway-runtime` with `@graphql-mesh/transport-http`)
 * on node:http, default settings, for `npm run bench`. Adapted only as stock @apollo/gateway is
 * (peer-setup.ts): the same supergraph with the SECURITY links handed over without their
 * purpose, the subgraph URLs from the environment, the gateway's service token on every subgraph
 * call (a plugin's onFetch, since the token is renewed while the gateway runs).
 */
import { createServer } from 'node:http';
import { withEnforcedSecurityFeatures } from '../../../gateway/server.js';
import { SUBGRAPHS } from '../../../subgraphs/catalog.js';
import { peerSetup } from './peer-setup.js';

/**
 * Typed here, not from the packages: graphql-yoga's declarations widen graphql's
 * GraphQLErrorExtensions in a way that breaks Apollo Server's, and `tsc -p .` checks both.
 */
interface FetchHookPayload {
  options: { headers?: unknown };
  setOptions(options: { headers?: unknown }): void;
}
interface HiveRuntimeModule {
  createGatewayRuntime(config: {
    supergraph: string;
    transports: Record<string, unknown>;
    transportEntries: Record<string, { location: string }>;
    plugins: () => { onFetch(payload: FetchHookPayload): void }[];
  }): Parameters<typeof createServer>[1] & { [Symbol.asyncDispose](): Promise<void> };
}
const hiveRuntime = '@graphql-hive/gateway-runtime';
const httpTransportPackage = '@graphql-mesh/transport-http';
const { createGatewayRuntime } = (await import(hiveRuntime)) as HiveRuntimeModule;
const httpTransport = ((await import(httpTransportPackage)) as { default: unknown }).default;

const setup = await peerSetup();

const gateway = createGatewayRuntime({
  supergraph: withEnforcedSecurityFeatures(setup.supergraphSdl),
  transports: { http: httpTransport },
  transportEntries: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, { location: setup.subgraphUrls[name] }])),
  plugins: () => [
    {
      onFetch({ options, setOptions }) {
        setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), authorization: setup.authorization() } });
      },
    },
  ],
});
const server = createServer(gateway);
await new Promise<void>((resolve) => server.listen(setup.port, '127.0.0.1', resolve));
setup.announce('hive', `http://127.0.0.1:${setup.port}/graphql`);
process.once('SIGTERM', () => {
  server.close();
  void gateway[Symbol.asyncDispose]().then(() => process.exit(0));
});
