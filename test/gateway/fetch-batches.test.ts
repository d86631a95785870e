/**
 * Batching of subgraph fetches across requests (gateway/batching/): every part gets the answer it
 * would have had alone, whatever was merged with it.
 */
import fc from 'fast-check';
import { buildSchema, graphql, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FetchBatches } from '../../gateway/batching/fetch-batches.js';
import { EntityFetchPart } from '../../gateway/batching/merged-entity-fetches.js';
import { RootFetchPart } from '../../gateway/batching/merged-root-fetches.js';
import type { SubgraphAnswer, SubgraphFetchOptions, SubgraphRequest } from '../../gateway/batching/subgraph-fetch.js';

type Answer = (request: SubgraphRequest) => SubgraphAnswer | Promise<SubgraphAnswer>;

/** A subgraph that records what it is sent; `capacity` as the batches are given it. */
function subgraph(answer: Answer, capacity = 10) {
  const sent: SubgraphRequest[] = [];
  const batches = new FetchBatches<SubgraphFetchOptions, SubgraphAnswer>(async ({ request }) => {
    sent.push(request);
    return answer(request);
  });
  const entities = (key: string, representations: string[]) => {
    const options = { request: { query: ENTITIES, variables: { representations } } };
    return batches.fetch(key, EntityFetchPart.of(options)!, capacity);
  };
  const root = (key: string, query: string, variables: Record<string, unknown>) => {
    const options = { request: { query, variables } };
    return batches.fetch(key, RootFetchPart.of(options)!, capacity);
  };
  return { sent, entities, root };
}

const ENTITIES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{name}}}';
const named = (request: SubgraphRequest): SubgraphAnswer => ({ data: { _entities: (request.variables!.representations as string[]).map((id) => ({ id })) } });
const representationsSent = (sent: SubgraphRequest[]) => sent.map((request) => request.variables!.representations);
const plainErrors = (answer: SubgraphAnswer) => answer.errors?.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code }));

describe('merged entity fetches', () => {
  it('sends the fetches of one key asked in one turn as one, and gives each its own entities in its own order', async () => {
    const { sent, entities } = subgraph(named);
    const answers = await Promise.all([entities('k', ['a', 'b']), entities('k', ['c']), entities('k', ['d', 'e', 'f'])]);
    expect(representationsSent(sent)).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
    expect(answers).toEqual([
      { data: { _entities: [{ id: 'a' }, { id: 'b' }] } },
      { data: { _entities: [{ id: 'c' }] } },
      { data: { _entities: [{ id: 'd' }, { id: 'e' }, { id: 'f' }] } },
    ]);
  });

  it('never merges fetches of different keys (another person, document or variables)', async () => {
    const { sent, entities } = subgraph(named);
    await Promise.all([entities('person-1', ['a']), entities('person-2', ['b']), entities('person-1', ['c'])]);
    expect(representationsSent(sent)).toEqual([['a', 'c'], ['b']]);
  });

  it('merges nothing across turns: a fetch asked after the batch left goes in the next', async () => {
    const { sent, entities } = subgraph(named);
    await entities('k', ['a']);
    await entities('k', ['b']);
    expect(representationsSent(sent)).toEqual([['a'], ['b']]);
  });

  it('keeps each merged fetch within its capacity, and sends a fetch that large alone', async () => {
    const { sent, entities } = subgraph(named);
    const big = Array.from({ length: 10 }, (_, index) => `big${index}`);
    const answers = await Promise.all([entities('k', ['a', 'b', 'c', 'd', 'e', 'f']), entities('k', ['g', 'h', 'i', 'j', 'k']), entities('k', big), entities('k', ['l'])]);
    expect(representationsSent(sent)).toEqual([['a', 'b', 'c', 'd', 'e', 'f'], big, ['g', 'h', 'i', 'j', 'k', 'l']]);
    expect(answers[1]).toEqual({ data: { _entities: ['g', 'h', 'i', 'j', 'k'].map((id) => ({ id })) } });
  });

  it('gives each fetch the errors of its own entities, indexed within its own, and every fetch the errors about none in particular', async () => {
    const { entities } = subgraph((request) => ({
      data: { _entities: (request.variables!.representations as string[]).map((id) => (id === 'c' || id === 'e' ? null : { id })) },
      errors: [
        { message: 'c is gone', path: ['_entities', 2, 'figures'], extensions: { code: 'NOT_FOUND' } },
        new GraphQLError('e is hidden', { path: ['_entities', 4], extensions: { code: 'FORBIDDEN' } }),
        { message: 'slow today', extensions: { code: 'WARNING' } },
      ],
    }));
    const [first, second, third] = await Promise.all([entities('k', ['a', 'b']), entities('k', ['c', 'd']), entities('k', ['e'])]);
    expect(first!.data).toEqual({ _entities: [{ id: 'a' }, { id: 'b' }] });
    expect(plainErrors(first!)).toEqual([{ message: 'slow today', path: undefined, code: 'WARNING' }]);
    expect(second!.data).toEqual({ _entities: [null, { id: 'd' }] });
    expect(plainErrors(second!)).toEqual([
      { message: 'c is gone', path: ['_entities', 0, 'figures'], code: 'NOT_FOUND' },
      { message: 'slow today', path: undefined, code: 'WARNING' },
    ]);
    expect(third!.data).toEqual({ _entities: [null] });
    expect(plainErrors(third!)).toEqual([
      { message: 'e is hidden', path: ['_entities', 0], code: 'FORBIDDEN' },
      { message: 'slow today', path: undefined, code: 'WARNING' },
    ]);
  });

  it('sends every part again on its own when the subgraph refuses the merged fetch, and merges that key no more', async () => {
    const { sent, entities } = subgraph((request) =>
      (request.variables!.representations as string[]).length > 2 ? { errors: [{ message: 'The operation costs 3, over the limit of 2', extensions: { code: 'COST_LIMIT_EXCEEDED' } }] } : named(request),
    );
    const answers = await Promise.all([entities('k', ['a', 'b']), entities('k', ['c'])]);
    expect(representationsSent(sent)).toEqual([['a', 'b', 'c'], ['a', 'b'], ['c']]);
    expect(answers).toEqual([{ data: { _entities: [{ id: 'a' }, { id: 'b' }] } }, { data: { _entities: [{ id: 'c' }] } }]);
    // Learnt once every part's own answer is in, just after the last of them reached its caller.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([entities('k', ['d']), entities('k', ['e'])]);
    expect(representationsSent(sent).slice(3)).toEqual([['d'], ['e']]);
  });

  it("keeps merging a key when the refusal was one part's own: that part alone is refused too", async () => {
    const refusesBad = (request: SubgraphRequest): SubgraphAnswer =>
      (request.variables!.representations as string[]).includes('bad') ? { errors: [{ message: 'bad is no id', extensions: { code: 'BAD_USER_INPUT' } }] } : named(request);
    const { sent, entities } = subgraph(refusesBad);
    const answers = await Promise.all([entities('k', ['a']), entities('k', ['bad'])]);
    expect(answers[0]).toEqual({ data: { _entities: [{ id: 'a' }] } });
    expect(plainErrors(answers[1]!)).toEqual([{ message: 'bad is no id', path: undefined, code: 'BAD_USER_INPUT' }]);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([entities('k', ['c']), entities('k', ['d'])]);
    expect(representationsSent(sent)).toEqual([['a', 'bad'], ['a'], ['bad'], ['c', 'd']]);
  });

  it('fails every part with the error of an unreachable subgraph, and sends nothing more to it', async () => {
    const unavailable = new GraphQLError('The billing service is unavailable', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    const { sent, entities } = subgraph(() => Promise.reject(unavailable));
    const outcomes = await Promise.allSettled([entities('k', ['a']), entities('k', ['b'])]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: unavailable },
      { status: 'rejected', reason: unavailable },
    ]);
    expect(sent).toHaveLength(1);
  });

  it('answers any mix of fetches and keys as if each had been sent alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3'), representations: fc.array(fc.string({ maxLength: 3 }), { maxLength: 12 }) }), { maxLength: 30 }),
        async (fetches) => {
          const { sent, entities } = subgraph(named);
          const answers = await Promise.all(fetches.map(({ key, representations }) => entities(key, representations)));
          answers.forEach((answer, index) => expect(answer.data!._entities).toEqual(fetches[index]!.representations.map((id) => ({ id }))));
          const largest = Math.max(10, ...fetches.map((fetch) => fetch.representations.length));
          for (const representations of representationsSent(sent)) expect((representations as string[]).length).toBeLessThanOrEqual(largest);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A subgraph schema that really runs what it is sent: a nullable and a non-null root field that fail for some ids. */
const SCHEMA = buildSchema(`
  type Query { customer(id: ID!, upper: Boolean = false): Customer  required(id: ID!): Customer!  ping: String }
  type Customer { id: ID! name: String  secret: String }
`);
const ROOT = {
  customer: ({ id, upper }: { id: string; upper: boolean }) => {
    if (id.startsWith('missing')) throw new GraphQLError(`No customer ${id}`, { extensions: { code: 'NOT_FOUND' } });
    return { id, name: upper ? `Customer ${id}`.toUpperCase() : `Customer ${id}`, secret: () => { if (id.endsWith('!')) throw new GraphQLError('hidden', { extensions: { code: 'FORBIDDEN' } }); return 's'; } };
  },
  required: ({ id }: { id: string }) => {
    if (id.startsWith('missing')) throw new GraphQLError(`No customer ${id}`, { extensions: { code: 'NOT_FOUND' } });
    return { id, name: `Customer ${id}` };
  },
  ping: () => 'pong',
};
const runs: Answer = async (request) => JSON.parse(JSON.stringify(await graphql({ schema: SCHEMA, source: request.query!, variableValues: request.variables, rootValue: ROOT })));
const withoutLocations = (answer: SubgraphAnswer) => ({ data: answer.data, errors: plainErrors(answer) });

const CUSTOMER = 'query Q__sales__0($id:ID!,$upper:Boolean){customer(id:$id,upper:$upper){id name secret} ping}';
const REQUIRED = 'query R__sales__0($id:ID!){required(id:$id){id name}}';

describe('merged root-field queries', () => {
  it('asks every part in one document, each copy aliased, and gives each part its own fields', async () => {
    const { sent, root } = subgraph(runs, 30);
    const answers = await Promise.all([root('k', CUSTOMER, { id: '1', upper: false }), root('k', CUSTOMER, { id: '2', upper: true })]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.query).toContain('_b1_customer: customer(id: $_b1_id, upper: $_b1_upper)');
    expect(answers).toEqual([
      { data: { customer: { id: '1', name: 'Customer 1', secret: 's' }, ping: 'pong' } },
      { data: { customer: { id: '2', name: 'CUSTOMER 2', secret: 's' }, ping: 'pong' } },
    ]);
  });

  it("gives each part the errors of its own fields, under their own names, and no other part's", async () => {
    const { sent, root } = subgraph(runs, 30);
    const answers = await Promise.all([root('k', CUSTOMER, { id: 'missing-1' }), root('k', CUSTOMER, { id: '2!' }), root('k', CUSTOMER, { id: '3' })]);
    expect(sent).toHaveLength(1);
    expect(withoutLocations(answers[0]!)).toEqual({ data: { customer: null, ping: 'pong' }, errors: [{ message: 'No customer missing-1', path: ['customer'], code: 'NOT_FOUND' }] });
    expect(withoutLocations(answers[1]!)).toEqual({ data: { customer: { id: '2!', name: 'Customer 2!', secret: null }, ping: 'pong' }, errors: [{ message: 'hidden', path: ['customer', 'secret'], code: 'FORBIDDEN' }] });
    expect(answers[2]).toEqual({ data: { customer: { id: '3', name: 'Customer 3', secret: 's' }, ping: 'pong' } });
  });

  it('sends each part alone when a non-null field of one part nulls the whole answer', async () => {
    const { sent, root } = subgraph(runs, 30);
    const answers = await Promise.all([root('k', REQUIRED, { id: '1' }), root('k', REQUIRED, { id: 'missing-2' })]);
    expect(sent).toHaveLength(3);
    expect(answers[0]).toEqual({ data: { required: { id: '1', name: 'Customer 1' } } });
    expect(withoutLocations(answers[1]!)).toEqual({ data: null, errors: [{ message: 'No customer missing-2', path: ['required'], code: 'NOT_FOUND' }] });
  });

  it('keeps a merged document within the aliases it may hold', async () => {
    const { sent, root } = subgraph(runs, 5);
    await Promise.all(Array.from({ length: 6 }, (_, index) => root('k', CUSTOMER, { id: String(index) })));
    // Two aliases a copy (customer, ping): two copies fit in five.
    expect(sent.map((request) => Object.keys(request.variables!).length)).toEqual([2, 2, 2]);
  });

  it('does not merge a document it cannot rewrite safely (fragments, a directive at the root, a mutation) or a long one', () => {
    const options = (query: string) => ({ request: { query, variables: {} } });
    expect(RootFetchPart.of(options('query($id:ID!){...F} fragment F on Query{customer(id:$id){id}}'))).toBeNull();
    expect(RootFetchPart.of(options('query($id:ID!,$on:Boolean!){customer(id:$id) @include(if:$on){id}}'))).toBeNull();
    expect(RootFetchPart.of(options('mutation($id:ID!){rename(id:$id){id}}'))).toBeNull();
    expect(RootFetchPart.of(options('query{'))).toBeNull();
    // A long document would be copied up to 30 times over: it goes as it is.
    expect(RootFetchPart.of(options(`query($id:ID!){customer(id:$id){${'name '.repeat(2_000)}}}`))).toBeNull();
    expect(RootFetchPart.of(options(`query($id:ID!){customer(id:$id){${'name '.repeat(20)}}}`))).not.toBeNull();
  });

  it('answers any mix of ids, failing or not, as each is answered alone', async () => {
    const id = fc.oneof(fc.constantFrom('missing-a', 'b!', 'c'), fc.string({ maxLength: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ id, upper: fc.boolean(), query: fc.constantFrom(CUSTOMER, REQUIRED) }), { minLength: 1, maxLength: 20 }), async (fetches) => {
        const { root } = subgraph(runs, 30);
        const merged = await Promise.all(fetches.map(({ id: value, upper, query }) => root(query, query, query === CUSTOMER ? { id: value, upper } : { id: value })));
        for (const [index, { id: value, upper, query }] of fetches.entries()) {
          const alone = await runs({ query, variables: query === CUSTOMER ? { id: value, upper } : { id: value } });
          expect(withoutLocations(merged[index]!)).toEqual(withoutLocations(alone));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('an answer that does not fit the merged fetch', () => {
  it('sends each part alone when the answer lacks a copy of the fields', async () => {
    const { sent, root } = subgraph((request) => (request.query!.includes('_b1_') ? { data: { customer: { id: '1', name: 'Customer 1', secret: 's' }, ping: 'pong' } } : runs(request)), 30);
    const answers = await Promise.all([root('k', CUSTOMER, { id: '1' }), root('k', CUSTOMER, { id: '2' })]);
    expect(sent).toHaveLength(3);
    expect(answers.map((answer) => (answer.data!.customer as { id: string }).id)).toEqual(['1', '2']);
  });

  it('sends each part alone when the answer holds fewer entities than were asked for', async () => {
    const { sent, entities } = subgraph((request) => ({ data: { _entities: (request.variables!.representations as string[]).slice(1).map((id) => ({ id })) } }));
    await Promise.all([entities('k', ['a', 'b']), entities('k', ['c'])]);
    expect(representationsSent(sent)).toEqual([['a', 'b', 'c'], ['a', 'b'], ['c']]);
  });
});
