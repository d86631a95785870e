/**
 * Invalid DateTime and Date values are bad input: BAD_USER_INPUT naming the argument or input
 * field, as variables and as literals, through the gateway (which refuses them before
 * planning) and directly against a subgraph. Never INTERNAL_SERVER_ERROR, never a lost customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesPrisma, type SalesPrisma } from '../../subgraphs/sales/database.js';
import { buildSalesServer } from '../../subgraphs/sales/server.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute, type GraphQLResult } from '../support/graphql.js';
import { startStack, type Stack } from '../support/stack.js';

const INVALID_DATE_TIMES = ['yesterday', '2026-13-45T00:00:00Z', '2026-02-30T10:00:00Z', '2026-02-28T10:00:00', '2026-02-28', '0000-01-01T00:00:00Z'];
const INVALID_DATES = ['yesterday', '2026-13-45', '2026-02-30', '2026-2-3', '0000-01-01'];
const UNKNOWN_CONTRACT = '00000000-0000-4000-8000-000000000000';

let stack: Stack;
let salesDatabase: TestDatabase;
let salesPrisma: SalesPrisma;
let sales: ReturnType<typeof buildSalesServer>;

beforeAll(async () => {
  stack = await startStack({ customers: 2 });
  salesDatabase = await createTestDatabase('sales');
  salesPrisma = createSalesPrisma(salesDatabase.adapter);
  sales = buildSalesServer(salesPrisma);
});

afterAll(async () => {
  await salesPrisma?.$disconnect();
  await salesDatabase?.close();
  await stack?.stop();
});

function expectBadInput(result: GraphQLResult, field: string, value: string) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error!.message.startsWith(`${field}: `)).toBe(true);
  expect(error!.message).toContain(value);
  expect(JSON.stringify(result)).not.toMatch(/INTERNAL_SERVER_ERROR|400: Bad Request|127\.0\.0\.1/);
}

const customerId = () => stack.world.sales.customers[0]!.id;
const RATES_AT_VARIABLE = `query ($id: ID!, $at: DateTime) { customer(id: $id) { legalName contractRates(at: $at) { service } } }`;
const ratesAtLiteral = (id: string, at: string) => `{ customer(id: "${id}") { legalName contractRates(at: "${at}") { service } } }`;
const TERMINATE_VARIABLE = `mutation ($id: ID!, $endsOn: Date!) { terminateContract(id: $id, endsOn: $endsOn) { id } }`;
const terminateLiteral = (endsOn: string) => `mutation { terminateContract(id: "${UNKNOWN_CONTRACT}", endsOn: "${endsOn}") { id } }`;

describe.each([
  ['through the gateway', (query: string, variables?: Record<string, unknown>) => stack.query(query, variables)],
  ['directly against sales', (query: string, variables?: Record<string, unknown>) => execute(sales, query, variables)],
])('%s', (_where, run) => {
  it.each(INVALID_DATE_TIMES)('refuses contractRates(at: %j) given as a variable', async (at) => {
    expectBadInput(await run(RATES_AT_VARIABLE, { id: customerId(), at }), 'at', at);
  });

  it.each(INVALID_DATE_TIMES)('refuses contractRates(at: %j) written in the query', async (at) => {
    expectBadInput(await run(ratesAtLiteral(customerId(), at)), 'at', at);
  });

  it.each(INVALID_DATES)('refuses terminateContract(endsOn: %j) as a variable and as a literal', async (endsOn) => {
    expectBadInput(await run(TERMINATE_VARIABLE, { id: UNKNOWN_CONTRACT, endsOn }), 'endsOn', endsOn);
    expectBadInput(await run(terminateLiteral(endsOn)), 'endsOn', endsOn);
  });

  it('accepts a valid instant with an offset', async () => {
    const result = await run(RATES_AT_VARIABLE, { id: customerId(), at: '2026-02-28T10:00:00+01:00' });
    expect(result.errors).toBeUndefined();
  });
});

it('names the input field of a nested date, as a variable and as a literal, through the gateway', async () => {
  const input = {
    customerId: customerId(),
    title: 'Quarterly review',
    organiserName: 'Giulia Bianchi',
    organiserEmail: 'giulia.bianchi@example.com',
    scheduledStart: '2026-02-30T10:00:00Z',
    durationMinutes: 60,
    expectedParticipants: 5,
  };
  const asVariable = await stack.query(`mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }`, { input });
  expectBadInput(asVariable, 'input.scheduledStart', '2026-02-30T10:00:00Z');

  const fields = Object.entries(input)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join(', ');
  const asLiteral = await stack.query(`mutation { createBooking(input: { ${fields} }) { id } }`);
  expectBadInput(asLiteral, 'input.scheduledStart', '2026-02-30T10:00:00Z');
});
