/**
 * serveGraphQL answers a plain JSON POST to its GraphQL path without Express (direct-graphql.ts)
 * and leaves the rest to Express, which serves GraphQL on every other path too: the two must
 * give the same answer, header for header, whatever the body and whatever the checks say.
 */
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveGraphQL, type ServedGraphQL, type ServedRequest } from '../../subgraphs/shared/http-server.js';

const LISTED = 'https://app.example.com';
let served: ServedGraphQL;
const seen: { path: string; ip: string | undefined; protocol: string }[] = [];

beforeAll(async () => {
  const server = new ApolloServer<{ caller: string }>({
    typeDefs: 'type Query { caller: String }',
    resolvers: { Query: { caller: (_root, _args, context) => context.caller } },
    includeStacktraceInErrorResponses: false,
  });
  served = await serveGraphQL(server, {
    port: 0,
    host: '127.0.0.1',
    corsOrigins: [LISTED],
    trustProxy: ['loopback'],
    context: async (request: ServedRequest) => {
      seen.push({ path: request.url!, ip: request.ip, protocol: request.protocol });
      return { caller: String(request.headers.authorization) };
    },
    beforeGraphQL: [async (request) => (request.headers['x-refuse'] ? { status: 429, headers: { 'retry-after': '7' }, body: { errors: [{ message: 'busy' }] } } : null)],
  });
});

afterAll(() => served?.stop());

/** Status, headers (but the date and the fresh request id) and body of a raw POST. */
function post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, served.url), { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const lines = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i]!;
          if (!/^(date|x-request-id)$/i.test(name)) lines.push(`${name}: ${response.rawHeaders[i + 1]}`);
        }
        resolve(`${response.statusCode}\n${lines.join('\n')}\n\n${text}`);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const json = { 'content-type': 'application/json', authorization: 'Bearer someone' };
const cases: [string, Buffer | string, Record<string, string>][] = [
  ['a query from a listed origin', JSON.stringify({ query: '{ caller }' }), { ...json, origin: LISTED }],
  ['a query from an unlisted origin', JSON.stringify({ query: '{ caller }' }), { ...json, origin: 'https://evil.example.net' }],
  ['a query with a charset and a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ query: '{ caller }' }))]), { ...json, 'content-type': 'application/json; charset=utf-8' }],
  ['malformed JSON', '{"query": "{ caller }"', json],
  ['JSON that is not an object', '  "{ caller }"', json],
  ['an empty body', '', json],
  ['a query that does not parse', JSON.stringify({ query: '{ caller(' }), json],
  ['a refusal by a check', JSON.stringify({ query: '{ caller }' }), { ...json, origin: LISTED, 'x-refuse': 'yes' }],
];

it.each(cases)('answers %s directly exactly as Express does', async (_name, body, headers) => {
  const direct = await post('/graphql', body, headers);
  const throughExpress = await post('/graphql/', body, headers);
  expect(direct).toEqual(throughExpress);
  expect(direct).toMatch(/ETag: W\/"/);
});

it('gives context builders the address and protocol Express gives them, behind a trusted proxy', async () => {
  seen.length = 0;
  const headers = { ...json, 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https, http' };
  await post('/graphql', JSON.stringify({ query: '{ caller }' }), headers);
  await post('/graphql/', JSON.stringify({ query: '{ caller }' }), headers);
  expect(seen).toEqual([
    { path: '/graphql', ip: '203.0.113.9', protocol: 'https' },
    { path: '/graphql/', ip: '203.0.113.9', protocol: 'https' },
  ]);
});
