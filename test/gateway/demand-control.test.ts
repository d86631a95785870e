/**
 * Demand control: an operation is priced from the schemas' @cost and @listSize (a list
 * multiplies what it selects by the items it may hold) and refused over MAX_QUERY_COST, at the
 * gateway before any subgraph is asked, and by a subgraph reached directly, which also refuses
 * what is too deep or has too many aliases. Every documented query fits, and no selection,
 * however nested, is answered with an internal error.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.js';
import { SUBGRAPHS } from '../../subgraphs/catalog.js';
import { createConferencingPrisma, type ConferencingPrisma } from '../../subgraphs/conferencing/database.js';
import { buildConferencingServer } from '../../subgraphs/conferencing/server.js';
import { costDirectivesOf, operationCost } from '../../subgraphs/shared/query-cost.js';
import { DEFAULT_MAX_QUERY_COST, QUERY_LIMITS } from '../../subgraphs/shared/query-limits.js';
import { loadApiSchema } from '../support/api-operations.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute, type GraphQLResult } from '../support/graphql.js';
import { startStack, type Stack } from '../support/stack.js';

/** The first attack: six nested lists on a 100-leg call were a million legs (31 MB). */
const LEGS_OF_LEGS = `query ($id: ID!) { conference(id: $id) { legs { conference { legs { conference { legs { id phoneNumber } } } } } } }`;
/** The second: from invoices down to every leg of each charged call held conferencing for 11 s. */
const INVOICES_TO_LEGS = `query ($id: ID!) { customer(id: $id) { invoices { lines { charges { leg { conference { legs { id phoneNumber } } } } } } } }`;

const figure = (value: number) => value.toLocaleString('en-US');

function expectCostRefusal(result: GraphQLResult, cost: number) {
  expect(result.data ?? null).toBeNull();
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  expect(error?.extensions?.cost).toBe(cost);
  expect(error?.extensions?.limit).toBe(DEFAULT_MAX_QUERY_COST);
  expect(error?.message).toContain(figure(cost));
  expect(error?.message).toContain(figure(DEFAULT_MAX_QUERY_COST));
}

describe('the price of an operation', () => {
  const api = loadApiSchema();
  const directives = costDirectivesOf(parse(composeSupergraph().supergraphSdl));
  /** The costliest operation of the document. */
  const price = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    return Math.max(...operations.map((operation) => operationCost({ schema: api, directives, document, operation, variables })));
  };

  it('multiplies each list by its size: the default page of legs, 100, three times over', () => {
    // conference 1 + 100 × (leg 1 + conference 1 + 100 × (leg 1 + conference 1 + 100 × leg 1))
    expect(price(LEGS_OF_LEGS, { id: 'x' })).toBe(1 + 100 * (2 + 100 * (2 + 100)));
  });

  it('takes the size from `first`, as a literal or a variable, and a connection sizes its edges', () => {
    expect(price(`{ conference(id: "x") { legs(first: 3) { id } } }`)).toBe(1 + 3);
    expect(price(`query ($first: Int) { conference(id: "x") { legs(first: $first) { id } } }`, { first: 7 })).toBe(1 + 7);
    expect(price(`{ customers(first: 10) { edges { node { legalName } } pageInfo { hasNextPage } } }`)).toBe(1 + 10 * 2 + 1);
  });

  it('counts aliases and fragments each time they select, and scalars as nothing', () => {
    const once = price(`{ conference(id: "x") { legs(first: 2) { id phoneNumber seconds } } }`);
    expect(once).toBe(3);
    expect(price(`{ a: conference(id: "x") { legs(first: 2) { id } } b: conference(id: "x") { legs(first: 2) { id } } }`)).toBe(2 * once);
    expect(price(`{ conference(id: "x") { ...Legs ... on Conference { legs(first: 2) { id } } } } fragment Legs on Conference { legs(first: 2) { id } }`)).toBe(1 + 2 * 2);
  });

  it('uses the assumed size of a list without a slicing argument', () => {
    // Customer.contacts: @listSize(assumedSize: 20)
    expect(price(`{ customer(id: "x") { contacts { fullName } } }`)).toBe(1 + 20);
  });

  it('fits every query of README.md and every operation in test/client/operations', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const operationsDir = new URL('../client/operations/', import.meta.url);
    const operations = ['book-conference', 'customer-overview', 'customers-page', 'invoice-with-rates'].map((name) => readFileSync(new URL(`${name}.graphql`, operationsDir), 'utf8'));
    expect(documented.length).toBeGreaterThanOrEqual(6);
    for (const query of [...documented, ...operations]) {
      // The largest page a client may ask for, where the operation takes `first` as a variable.
      const cost = price(query, { first: 500 });
      expect({ query, fits: cost <= DEFAULT_MAX_QUERY_COST }).toEqual({ query, fits: true });
    }
  });
});

describe('through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ customers: 3, deliverEvents: false });
  });

  afterAll(() => stack?.stop());

  const sqlStatements = () => SUBGRAPHS.reduce((total, { name }) => total + stack.queries(name).total, 0);
  const resetCounters = () => SUBGRAPHS.forEach(({ name }) => stack.queries(name).reset());

  it('refuses the legs of the legs of the legs of a conference, asking no subgraph', async () => {
    resetCounters();
    const result = await stack.query(LEGS_OF_LEGS, { id: stack.world.conferencing.conferences[0]!.id });
    expectCostRefusal(result, 1_020_201);
    expect(sqlStatements()).toBe(0);
  });

  it('refuses invoices → lines → charges → leg → conference → legs, asking no subgraph', async () => {
    resetCounters();
    const result = await stack.query(INVOICES_TO_LEGS, { id: stack.world.sales.customers[0]!.id });
    // customer 1 + 50 invoices × (1 + 20 lines × (1 + 100 charges × (charge, leg, conference + 100 legs)))
    expectCostRefusal(result, 1 + 50 * (1 + 20 * (1 + 100 * (3 + 100))));
    expect(sqlStatements()).toBe(0);
  });

  it('prices each request of one document again when its page sizes come from variables', async () => {
    const query = `query ($id: ID!, $first: Int) { conference(id: $id) { legs(first: $first) { conference { legs(first: $first) { conference { legs(first: $first) { id } } } } } } }`;
    const id = stack.world.conferencing.conferences[0]!.id;
    const small = await stack.query(query, { id, first: 2 });
    expect(small.errors).toBeUndefined();
    resetCounters();
    expectCostRefusal(await stack.query(query, { id, first: 100 }), 1_020_201);
    expect(sqlStatements()).toBe(0);
  });

  it('answers the same trace asked a page at a time', async () => {
    const customerId = String(stack.world.billing.accounts.find((account) => stack.world.billing.invoices.some((invoice) => invoice.accountId === account.id))!.customerId);
    const result = await stack.query<{ customer: { invoices: { lines: { charges: { leg: { conference: { legs: unknown[] } } | null }[] }[] }[] } }>(
      `query ($id: ID!) { customer(id: $id) { invoices(first: 2) { lines { charges(first: 5) { leg { conference { legs(first: 10) { id phoneNumber } } } } } } } }`,
      { id: customerId },
    );
    expect(result.errors).toBeUndefined();
    const charges = result.data!.customer.invoices.flatMap((invoice) => invoice.lines.flatMap((line) => line.charges));
    expect(charges.length).toBeGreaterThan(0);
    expect(charges.every((charge) => charge.leg === null || charge.leg.conference.legs.length <= 10)).toBe(true);
  });

  it('pages a conference’s legs and refuses a page size out of range, naming it', async () => {
    const conference = stack.world.conferencing.conferences.find((candidate) => stack.world.conferencing.legs.filter((leg) => leg.conferenceId === candidate.id).length >= 3)!;
    const query = `query ($id: ID!, $first: Int, $offset: Int) { conference(id: $id) { legs(first: $first, offset: $offset) { id } } }`;
    const all = await stack.query<{ conference: { legs: { id: string }[] } }>(query, { id: conference.id });
    const page = await stack.query<{ conference: { legs: { id: string }[] } }>(query, { id: conference.id, first: 2, offset: 1 });
    expect(page.data!.conference.legs).toEqual(all.data!.conference.legs.slice(1, 3));
    const tooMany = await stack.query(query, { id: conference.id, first: 1001 });
    expect(tooMany.errors?.[0]).toMatchObject({ message: 'first: must be between 1 and 1000', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    const negative = await stack.query(query, { id: conference.id, offset: -1 });
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
  });

  it('never answers a random nested selection with an internal error', async () => {
    const api = loadApiSchema();
    const ids = [stack.world.sales.customers[0]!.id, stack.world.conferencing.conferences[0]!.id, stack.world.billing.invoices[0]?.id, 'not-an-id'].map(String);
    const acceptable = new Set(['GRAPHQL_VALIDATION_FAILED', 'COST_LIMIT_EXCEEDED', 'BAD_USER_INPUT', 'NOT_FOUND']);
    const answered = { inFull: 0, overTheLimit: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 20, maxLength: 400 }), async (tape) => {
        const query = randomQuery(api, tape, ids);
        const result = await stack.query(query);
        const codes = (result.errors ?? []).map((error) => String(error.extensions?.code));
        if (!codes.length) answered.inFull += 1;
        if (codes.includes('COST_LIMIT_EXCEEDED')) answered.overTheLimit += 1;
        expect({ query, codes: codes.filter((code) => !acceptable.has(code)) }).toEqual({ query, codes: [] });
      }),
      // A new field in the schema changes the draw: pick a seed whose draw reaches both sides again.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: 20_261_206 },
    );
    // The draw reaches both sides of the limit, not only documents the validation refuses.
    expect(answered.inFull).toBeGreaterThan(0);
    expect(answered.overTheLimit).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * A query walked through the API schema with the choices on `tape`: random fields, aliases,
 * fragments on abstract types, page sizes from 0 to beyond any limit, 1 to 25 levels deep.
 */
function randomQuery(schema: GraphQLSchema, tape: number[], ids: string[]): string {
  let position = 0;
  const next = (below: number) => (below <= 0 ? 0 : (tape[position++ % tape.length]! + position) % below);
  const maxDepth = 1 + next(25);
  let aliases = 0;

  const literal = (type: GraphQLInputType, argumentName: string): string | undefined => {
    const named = getNamedType(type);
    if (argumentName === 'first' || argumentName === 'offset') return String([-1, 0, 1, 2, 20, 100, 500, 1000, 1001, 100_000, 2_147_483_647][next(11)]);
    if (isEnumType(named)) return named.getValues()[next(named.getValues().length)]!.name;
    // A month is a String in a fixed shape (YYYY-MM), like Date is.
    if (argumentName === 'month') return '"2026-11"';
    if (isInputObjectType(named)) return undefined;
    switch (named.name) {
      case 'ID':
        return JSON.stringify(ids[next(ids.length)]);
      case 'Int':
        return String(next(3));
      case 'Boolean':
        return 'true';
      case 'Date':
        return '"2026-11-15"';
      case 'DateTime':
        return '"2026-11-15T10:00:00Z"';
      default:
        return '"x"';
    }
  };

  const argumentsOf = (field: GraphQLField<unknown, unknown>): string | null => {
    const given: string[] = [];
    for (const argument of field.args) {
      if (!isNonNullType(argument.type) && next(2) === 0) continue;
      const value = literal(argument.type, argument.name);
      if (value === undefined) {
        if (isNonNullType(argument.type)) return null;
        continue;
      }
      given.push(`${argument.name}: ${value}`);
    }
    return given.length ? `(${given.join(', ')})` : '';
  };

  const selection = (type: GraphQLNamedType, depth: number): string => {
    if (isAbstractType(type)) {
      return schema
        .getPossibleTypes(type)
        .filter(() => next(2) === 0)
        .map((possible) => `... on ${possible.name} { ${selection(possible, depth)} }`)
        .concat('__typename')
        .join(' ');
    }
    if (!isObjectType(type) && !('getFields' in type)) return '__typename';
    const fields = Object.values((type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields());
    const picked: string[] = [];
    for (let count = 1 + next(3); count > 0; count -= 1) {
      const field = fields[next(fields.length)]!;
      const args = argumentsOf(field);
      if (args === null) continue;
      const named = getNamedType(getNullableType(field.type));
      const alias = aliases < 40 && next(4) === 0 ? `a${(aliases += 1)}: ` : '';
      if (isLeafType(named)) picked.push(`${alias}${field.name}${args}`);
      else if (depth < maxDepth) picked.push(`${alias}${field.name}${args} { ${selection(named, depth + 1)} }`);
    }
    return picked.length ? picked.join(' ') : '__typename';
  };

  return `{ ${selection(schema.getQueryType()!, 1)} }`;
}

describe('a subgraph reached directly', () => {
  let database: TestDatabase;
  let prisma: ConferencingPrisma;
  let conferencing: ReturnType<typeof buildConferencingServer>;

  beforeAll(async () => {
    database = await createTestDatabase('conferencing');
    prisma = createConferencingPrisma(database.adapter);
    conferencing = buildConferencingServer(prisma);
  });

  afterAll(async () => {
    await conferencing?.server.stop();
    await prisma?.$disconnect();
    await database?.close();
  });

  it('refuses the legs of the legs of the legs of a conference', async () => {
    database.queries.reset();
    expectCostRefusal(await execute(conferencing, LEGS_OF_LEGS, { id: '00000000-0000-4000-8000-000000000000' }), 1_020_201);
    expect(database.queries.total).toBe(0);
  });

  it('prices _entities by its representations: the conference of 2,000 charged legs with all their legs is refused', async () => {
    const representations = Array.from({ length: 2000 }, (_, index) => ({ __typename: 'ParticipantLeg', id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` }));
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ParticipantLeg { conference { legs { id phoneNumber } } } } }`;
    database.queries.reset();
    // 2,000 × (leg 1 + conference 1 + 100 legs)
    expectCostRefusal(await execute(conferencing, entities, { representations }), 2000 * 102);
    expect(database.queries.total).toBe(0);
    // What the gateway sends for a page of charges passes.
    const page = await execute(conferencing, entities, { representations: representations.slice(0, 100) });
    expect(page.errors).toBeUndefined();
  });

  it(`refuses 40 aliases (the limit is ${QUERY_LIMITS.maxAliases})`, async () => {
    const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: conference(id: "00000000-0000-4000-8000-000000000000") { id }`).join(' ');
    const result = await execute(conferencing, `{ ${aliases} }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it(`refuses depth 21 (the limit is ${QUERY_LIMITS.maxDepth})`, async () => {
    let selection = 'id';
    for (let level = 0; level < 10; level += 1) selection = `booking { bridge { ${selection} } }`;
    const result = await execute(conferencing, `{ conference(id: "00000000-0000-4000-8000-000000000000") { ${selection} } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });
});
