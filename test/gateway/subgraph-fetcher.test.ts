/**
 * The gateway's subgraph fetcher against a stand-in subgraph: what RemoteGraphQLDataSource reads
 * of an answer, and the attempt budget cutting a fetch at its deadline, even one still waiting
 * for a free connection, with the error describeFailure names.
 */
import { afterEach, expect, it } from 'vitest';
import { Agent } from 'undici';
import { postThrough } from '../../gateway/subgraph-fetcher.js';
import { describeFailure } from '../../subgraphs/shared/subgraph-client.js';
import { stubSubgraph, type StubReply, type StubRequest } from '../support/stub-subgraph.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function subgraphAndAgent(answer: (request: StubRequest) => StubReply, connections = 4) {
  const subgraph = await stubSubgraph(answer);
  const agent = new Agent({ connections, headersTimeout: 10_000, bodyTimeout: 10_000 });
  cleanups.push(() => subgraph.stop(), () => agent.destroy());
  return { subgraph, agent, url: new URL(subgraph.url) };
}

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' }, body: JSON.stringify(body) });

it('answers with the status, headers and body the subgraph sent, and sends the headers and body it was given', async () => {
  const { subgraph, agent, url } = await subgraphAndAgent(({ body }) => ({ json: { data: { echoed: body.query } } }));
  const answer = await postThrough(agent, url, post({ query: '{ a }' }), 1_000);
  expect(answer).toMatchObject({ status: 200, ok: true, url: subgraph.url });
  expect(answer.headers.get('Content-Type')).toBe('application/json');
  expect(answer.headers.get('cache-control')).toBeNull();
  expect(await answer.json()).toEqual({ data: { echoed: '{ a }' } });
  expect(subgraph.received[0]!.body).toEqual({ query: '{ a }' });
});

it('answers a refusal as not ok, its text readable', async () => {
  const { agent, url } = await subgraphAndAgent(() => ({ status: 503, text: 'restarting' }));
  const answer = await postThrough(agent, url, post({ query: '{ a }' }), 1_000);
  expect(answer).toMatchObject({ status: 503, ok: false, statusText: 'Service Unavailable' });
  expect(await answer.text()).toBe('restarting');
});

it('cuts a fetch at its budget while the subgraph is slow, with an error describeFailure calls a passed deadline', async () => {
  const { agent, url } = await subgraphAndAgent(() => ({ json: { data: {} }, delayMs: 5_000 }));
  const started = performance.now();
  const failure = await postThrough(agent, url, post({ query: '{ a }' }), 200).catch((error: unknown) => error);
  expect(performance.now() - started).toBeLessThan(1_500);
  expect(describeFailure(failure, 100)).toMatch(/^no answer within 600 ms, waiting for a free connection included/);
});

it('cuts a fetch waiting for a free connection at its budget, and never sends it once a connection frees', async () => {
  const { subgraph, agent, url } = await subgraphAndAgent(({ index }) => ({ json: { data: { index } }, delayMs: index === 0 ? 800 : 0 }), 1);
  const occupying = postThrough(agent, url, post({ query: '{ first }' }), 5_000);
  const started = performance.now();
  const queued = await postThrough(agent, url, post({ query: '{ queued }' }), 200).catch((error: unknown) => error);
  expect(performance.now() - started).toBeLessThan(700);
  expect((queued as Error).name).toBe('TimeoutError');
  expect(await (await occupying).json()).toEqual({ data: { index: 0 } });
  // The connection is free again: a later fetch goes through, and the one cut short was dropped unsent.
  await postThrough(agent, url, post({ query: '{ later }' }), 1_000);
  expect(subgraph.received.map((request) => request.body.query)).toEqual(['{ first }', '{ later }']);
});

it('fails with undici\'s own error when nothing listens, as the retries and breakers expect', async () => {
  const agent = new Agent();
  cleanups.push(() => agent.destroy());
  const failure = await postThrough(agent, new URL('http://127.0.0.1:9/graphql'), post({ query: '{ a }' }), 1_000).catch((error: unknown) => error);
  expect(describeFailure(failure, 1_000)).toBe('ECONNREFUSED');
});
