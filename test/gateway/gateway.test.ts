/** What the gateway shows people and tools, in development and in production. */
import { afterAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { buildGateway } from '../../gateway/server.js';
import { serveGraphQL } from '../../subgraphs/shared/http-server.js';
import { testIdentities } from '../support/identity.js';
import { postGraphQL } from '../support/stack.js';

const identities = await testIdentities();

const { supergraphSdl } = composeSupergraph();
// Nothing listens here: these tests never reach a subgraph.
const nowhere = { sales: 'http://127.0.0.1:9/graphql', billing: 'http://127.0.0.1:9/graphql', bookings: 'http://127.0.0.1:9/graphql', conferencing: 'http://127.0.0.1:9/graphql', mailings: 'http://127.0.0.1:9/graphql' };
const servers: { stop(): Promise<void> }[] = [];

async function serve(production: boolean): Promise<string> {
  const gateway = buildGateway({ supergraphSdl, identity: identities.gateway, subgraphUrls: nowhere, production, logger: { warn() {} } });
  const { url } = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
  servers.push(gateway.server);
  return url;
}

afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe('in development', () => {
  it('serves Apollo Sandbox on GET /', async () => {
    const response = await fetch(await serve(false), { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/embeddable-sandbox/);
  });

  it('answers introspection, so Sandbox and code generators can read the schema', async () => {
    const result = await postGraphQL<{ __schema: { queryType: { name: string } } }>(await serve(false), '{ __schema { queryType { name } } }', {}, await identities.token());
    expect(result.data!.__schema.queryType.name).toBe('Query');
  });
});

describe('in production', () => {
  it('refuses introspection', async () => {
    const result = await postGraphQL(await serve(true), '{ __schema { queryType { name } } }', {}, await identities.token());
    expect(result.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toMatch(/introspection/i);
  });

  it('shows no Sandbox', async () => {
    const response = await fetch(await serve(true), { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/sandbox/i);
  });

  it('says which subgraph is down without showing addresses or socket errors', async () => {
    const result = await postGraphQL(await serve(true), '{ customers(first: 1) { edges { node { id } } } }', {}, await identities.token());
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' });
    expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stacktrace/);
  });
});
