/**
 * SUPERGRAPH_PATH: the gateway serves a composed file and reloads it when it changes, with no
 * failed request while queries keep coming, and with the access rules of the new file; a file
 * that does not parse or load is refused and the previous supergraph goes on serving.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { SupergraphFileError } from '../../gateway/served-supergraph.js';
import { buildGateway, type BuiltGateway } from '../../gateway/server.js';
import { serveGraphQL, type ServedGraphQL } from '../../subgraphs/shared/http-server.js';
import { testIdentities } from '../support/identity.js';
import { postGraphQL } from '../support/stack.js';
import { CUSTOMERS_PAGE, stubSubgraph, type StubSubgraph } from '../support/stub-subgraph.js';

const identities = await testIdentities();
const { supergraphSdl } = composeSupergraph();
const folder = mkdtempSync(path.join(tmpdir(), 'integra-supergraph-'));
const file = path.join(folder, 'supergraph.graphql');
const nowhere = 'http://127.0.0.1:9/graphql';
const CUSTOMERS = '{ customers(first: 2) { edges { node { legalName } } } }';
/** Today a salesperson may list customers; the changed file keeps the list to billing specialists. */
const CUSTOMERS_SCOPES = /(customers\(first: Int = 20[^\n]*?@requiresScopes\(scopes: )\[[^\n]*?\]\]\)/;
const tightened = supergraphSdl.replace(CUSTOMERS_SCOPES, '$1[["billing-specialist"]])');

let sales: StubSubgraph;
let gateway: BuiltGateway;
let served: ServedGraphQL;
const warn = vi.fn<(message: string) => void>();

/** Replaced as a deployment replaces it: written beside it, then renamed over it. */
function replaceFile(content: string): void {
  const staging = `${file}.next`;
  writeFileSync(staging, content);
  renameSync(staging, file);
}

beforeAll(async () => {
  expect(tightened).not.toBe(supergraphSdl);
  writeFileSync(file, supergraphSdl);
  sales = await stubSubgraph(() => ({ json: CUSTOMERS_PAGE }));
  gateway = buildGateway({
    supergraphPath: file,
    pollIntervalMs: 50,
    identity: identities.gateway,
    subgraphUrls: { sales: sales.url, billing: nowhere, bookings: nowhere, conferencing: nowhere, mailings: nowhere },
    logger: { warn, info() {} },
  });
  served = await serveGraphQL(gateway.server, { port: 0, host: '127.0.0.1', context: gateway.context });
});

afterAll(async () => {
  await served?.stop();
  await sales?.stop();
  rmSync(folder, { recursive: true, force: true });
});

it('reloads a changed file under load with no failed request, and enforces its access rules', async () => {
  const everyRole = await identities.token();
  const salesperson = await identities.token(['salesperson'], 'giulia');
  expect((await postGraphQL(served.url, CUSTOMERS, {}, salesperson)).errors).toBeUndefined();

  let running = true;
  const failures: string[] = [];
  let answered = 0;
  const client = async () => {
    while (running) {
      const answer = await postGraphQL(served.url, CUSTOMERS, {}, everyRole).catch((error: Error) => ({ errors: [{ message: error.message }], data: undefined }));
      if (answer.errors || JSON.stringify(answer.data) !== JSON.stringify(CUSTOMERS_PAGE.data)) failures.push(JSON.stringify(answer).slice(0, 300));
      answered += 1;
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await vi.waitFor(() => expect(answered).toBeGreaterThan(20), { timeout: 10_000, interval: 20 });

  const loaded = once(gateway.supergraphReloads, 'loaded');
  const answeredBeforeReload = answered;
  replaceFile(tightened);
  await loaded;
  await vi.waitFor(() => expect(answered).toBeGreaterThan(answeredBeforeReload + 20), { timeout: 10_000, interval: 20 });
  running = false;
  await Promise.all(clients);

  expect(failures).toEqual([]);
  const refused = await postGraphQL(served.url, CUSTOMERS, {}, salesperson);
  expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
});

it('refuses a file that does not parse or does not load, says why, and goes on serving the previous supergraph', async () => {
  const salesperson = await identities.token(['salesperson'], 'giulia');
  const specialist = await identities.token(['billing-specialist'], 'marco');

  for (const [content, reason] of [
    ['type Query {', /Syntax Error/],
    ['type Query { hello: String }', /not a supergraph|core schema/],
  ] as const) {
    const refused = once(gateway.supergraphReloads, 'refused');
    replaceFile(content);
    const [event] = (await refused) as [{ reason: string }];
    expect(event.reason).toMatch(reason);
    expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/refused the new supergraph .*still serving the previous one/));

    expect((await postGraphQL(served.url, CUSTOMERS, {}, specialist)).data).toEqual(CUSTOMERS_PAGE.data);
    expect((await postGraphQL(served.url, CUSTOMERS, {}, salesperson)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  }
  // An operator sees the refusals in the metrics, not only in the log.
  const reloads = await gateway.metrics.registry.getSingleMetric('integra_gateway_supergraph_reloads_total')!.get();
  expect(reloads.values.find((sample) => sample.labels.outcome === 'refused')?.value).toBe(2);
});

it('does not start on a file that cannot be served, naming it', async () => {
  const broken = path.join(folder, 'broken.graphql');
  writeFileSync(broken, 'type Query {');
  const refusing = buildGateway({ supergraphPath: broken, identity: identities.gateway, subgraphUrls: { sales: nowhere, billing: nowhere, bookings: nowhere, conferencing: nowhere, mailings: nowhere } });
  const failure = await refusing.server.start().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(SupergraphFileError);
  expect((failure as Error).message).toContain(broken);
});
