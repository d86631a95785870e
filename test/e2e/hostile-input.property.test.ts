/**
 * A guard against the next "bad input answered as an internal error": every mutation and
 * every query argument of the public API, found in the API schema so that new ones are
 * covered without a change here, is sent plausible values with one or a few bad ones mixed
 * in (control characters, huge strings, malformed dates, extreme numbers, unknown enum
 * values, ids of the wrong shape or the wrong entity, nulls, missing fields, wrong JSON
 * types) through the gateway. Whatever the input, the answer is JSON with only the codes a
 * client can act on, says nothing about the internals, comes in time, a NOT_FOUND is true,
 * and a mutation that was refused wrote nothing in any subgraph's database.
 *
 * Each place first gets each classic kind of bad value once (the core cases, so none of
 * them depends on the draw), then FUZZ_RUNS random runs (default 25) mix plausible and bad
 * values at random; FUZZ_SEED (default fixed, so CI is repeatable) changes the draw. Every
 * problem of an operation is collected and reported at once, deduplicated; FUZZ_SHRINK=1
 * stops at the first one instead and lets fast-check shrink it to a minimal counterexample.
 */
import fc from 'fast-check';
import { getNamedType, getNullableType, isListType, type GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import { apiOperations, loadApiSchema, type ApiOperation } from '../support/api-operations.js';
import { abbreviated, childPlace, coreCases, fuzzCases, plausible, type FuzzCase, type Place, type ValueDomain } from '../support/hostile-values.js';
import { startStack, type Stack } from '../support/stack.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const SHRINK = process.env.FUZZ_SHRINK === '1';
const ANSWER_WITHIN_MS = 15_000;

/** The codes of the README's table a client can act on; the rest mean the server failed. */
// BAD_REQUEST: a body over the size limit (413), refused before it is read as GraphQL.
// COST_LIMIT_EXCEEDED: a page size (`first`) that makes the operation cost more than MAX_QUERY_COST.
// TOO_MANY_REQUESTS: startConference after too many unknown access codes, which the fuzzing sends.
const CLIENT_ERROR_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED', 'COST_LIMIT_EXCEEDED', 'BAD_REQUEST', 'TOO_MANY_REQUESTS']);

/**
 * What an error meant for a client must not show: stack frames, SQL, drivers, internal URLs.
 * Case-sensitive, so that a message saying what to update or select is not mistaken for SQL.
 */
const INTERNALS = /[Pp]risma|invocation|\bat \S+ \(|\bat (?:file:|node:|\/)|\.(?:ts|js|mjs|cjs):\d+|\b(?:SELECT|INSERT INTO|DELETE FROM)\b|\bUPDATE "|ECONN|socket hang up|https?:\/\/(?:127\.0\.0\.1|localhost)|node_modules|violates .* constraint/;

const operations = apiOperations(loadApiSchema());
let stack: Stack;

beforeAll(async () => {
  // Delivery writes in the background (events marked delivered, bridges reserved), which would
  // read as writes of a refused mutation; test/events covers it.
  stack = await startStack({ customers: 6, deliverEvents: false });
  idsByEntity = realIds(stack);
  await databaseState();
});

afterAll(() => stack?.stop());

// ——— plausible values from the seeded world ———

let idsByEntity: Map<string, string[]>;

function realIds({ world }: Stack): Map<string, string[]> {
  const ids = (rows: { id?: string | null }[]) => rows.map((row) => row.id).filter((id): id is string => typeof id === 'string');
  return new Map([
    ['Customer', ids(world.sales.customers)],
    ['Contact', ids(world.sales.contacts)],
    ['Contract', ids(world.sales.contracts)],
    ['ContractRate', ids(world.sales.rates)],
    ['Booking', ids(world.bookings.bookings)],
    ['BridgeReservation', ids(world.conferencing.reservations)],
    ['Conference', ids(world.conferencing.conferences)],
    ['ParticipantLeg', ids(world.conferencing.legs)],
    ['BillingAccount', ids(world.billing.accounts)],
    ['BillingPeriod', ids(world.billing.periods)],
    ['Invoice', ids(world.billing.invoices)],
    ['InvoiceLine', ids(world.billing.invoiceLines)],
  ]);
}

/** The entity an id names: the field's own type for `id`, the prefix for `customerId`. */
function entityOf(place: Place): string | undefined {
  if (getNamedType(place.type).name !== 'ID' || isListType(getNullableType(place.type))) return undefined;
  if (place.name === 'id' && place.path.length === 1) return getNamedType(place.slot.field.type).name;
  if (place.name === 'legId') return 'ParticipantLeg';
  if (place.name.endsWith('Id')) return place.name[0]!.toUpperCase() + place.name.slice(1, -2);
  return undefined;
}

/** Read when a value is drawn, so records created by earlier mutations are used too. */
function oneOf<T>(values: () => T[]): fc.Arbitrary<T> {
  return fc.nat().map((index) => {
    const current = values();
    return current[index % current.length]!;
  });
}

const DAY = 86_400_000;
const instantInDays = (min: number, max: number) => fc.integer({ min, max }).map((days) => new Date(stack.clock.now().getTime() + days * DAY).toISOString());
const dateInDays = (min: number, max: number) => instantInDays(min, max).map((instant) => instant.slice(0, 10));
const cursorOf = (id: string) => Buffer.from(`customer:${id}`).toString('base64url');

const domain: ValueDomain = {
  plausible(place) {
    const entity = entityOf(place);
    if (entity) return oneOf(() => idsByEntity.get(entity) ?? []);
    const type = getNullableType(place.type);
    if (isListType(type)) {
      if (place.name !== 'rates') return undefined;
      // Two rates for one service overlap unless their periods are chosen to fit; one per service.
      return fc.uniqueArray(plausible(childPlace(place, 0, type.ofType), domain), {
        selector: (rate) => (rate as { service?: unknown }).service,
        minLength: 1,
        maxLength: 3,
      });
    }
    switch (`${place.owner}.${place.name}`) {
      case 'invoiceByNumber.number':
        return fc.constantFrom(...stack.world.billing.invoices.flatMap((invoice) => (invoice.number ? [invoice.number] : [])), 'INV-2026-999999');
      case 'CreateContractInput.number':
        return fc.integer({ min: 1, max: 999_999_999 }).map((n) => `CTR-FUZZ-${n}`);
      case 'CreateContractInput.endsOn':
        return dateInDays(400, 800);
      case 'terminateContract.endsOn':
        return dateInDays(1, 60);
      case 'startConference.accessCode':
        return fc.constantFrom(...stack.world.conferencing.reservations.map((reservation) => reservation.accessCode), '123456789');
      case 'joinConference.phoneNumber':
        return fc.constantFrom('+39 02 555 0101', '+44 20 7946 0958');
    }
    switch (place.name) {
      case 'email':
      case 'organiserEmail':
        return fc.integer({ min: 1, max: 99_999 }).map((n) => `fuzz.${n}@example.com`);
      case 'phone':
        return fc.constantFrom('+39 02 1234567', '+1 (555) 123-4567');
      case 'currency':
        return fc.constant('EUR');
      case 'country':
        return fc.constantFrom('IT', 'DE');
      case 'postalCode':
        return fc.constantFrom('20121', '00184');
      case 'city':
        return fc.constantFrom('Milano', 'Roma');
      case 'province':
        return fc.constantFrom('MI', 'RM');
      case 'street':
        return fc.constantFrom('Via Roma 1', 'Corso Italia 22');
      case 'vatNumber':
        return fc.integer({ min: 0, max: 99_999_999_999 }).map((n) => `IT${String(n).padStart(11, '0')}`);
      case 'legalName':
        return fc.constantFrom('Acme S.p.A.', 'Rossi & Figli S.r.l.', 'Comune di Prova');
      case 'fullName':
      case 'organiserName':
        return fc.constantFrom('Maria Rossi', 'Luca Bianchi');
      case 'role':
        return fc.constantFrom('Referente tecnico', 'Amministrazione');
      case 'title':
        return fc.constantFrom('Riunione settimanale', 'Revisione trimestrale');
      case 'unitPrice':
        return fc.constantFrom('0.05', '0.0385', '2.50', '0');
      case 'billingIncrementSeconds':
        return fc.constantFrom(1, 30, 60);
      case 'durationMinutes':
        return fc.integer({ min: 1, max: 1440 });
      case 'expectedParticipants':
        return fc.integer({ min: 1, max: 500 });
      case 'first':
        return fc.integer({ min: 1, max: 500 });
      case 'after':
        return oneOf(() => idsByEntity.get('Customer')!).map(cursorOf);
      case 'search':
        return fc.constantFrom('acme', 'S.p.A', 'IT0', 'ross');
      case 'scheduledStart':
        return instantInDays(1, 60);
      case 'effectiveFrom':
        return instantInDays(1, 400);
      case 'effectiveTo':
        return instantInDays(401, 800);
      case 'startsOn':
        return dateInDays(0, 30);
      case 'at':
        return instantInDays(-400, 400);
    }
    return undefined;
  },
  idsOfOtherEntities(place) {
    const entity = entityOf(place);
    return [...idsByEntity].filter(([other]) => other !== entity).map(([, ids]) => ids[0]!).filter(Boolean);
  },
};

// ——— what the databases hold ———

const tablesOf = new Map<SubgraphName, string[]>();

/**
 * The one write a refusal makes: an unknown access code counts against the bridge (README,
 * "The bridge"), so refusing it is what changes this table.
 */
const WRITTEN_BY_REFUSALS = new Set(['conferencing.AccessCodeFailureWindow']);

/** Rows and a digest of the contents of every table of every subgraph: any write changes it (but those refusals make). */
async function databaseDigest(): Promise<Map<string, string>> {
  const digest = new Map<string, string>();
  for (const { name } of SUBGRAPHS) {
    if (!tablesOf.has(name)) {
      const rows = await stack.sql<{ name: string }>(
        name,
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'`,
      );
      tablesOf.set(name, rows.map((row) => row.name).sort());
    }
    const union = tablesOf
      .get(name)!
      .map((table) => `SELECT '${table}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${table}" t`)
      .join(' UNION ALL ');
    for (const row of await stack.sql<{ name: string; rows: number; digest: string }>(name, union)) {
      if (!WRITTEN_BY_REFUSALS.has(`${name}.${row.name}`)) digest.set(`${name}.${row.name}`, `${row.rows} rows, md5 ${row.digest}`);
    }
  }
  return digest;
}

interface DatabaseState {
  /** Each database's next transaction id: unchanged, nothing can have been written. */
  horizon: string;
  digest: Map<string, string>;
}

let lastState: DatabaseState | undefined;

/** The digest, recomputed only when some transaction may have written since the last one. */
async function databaseState(): Promise<DatabaseState> {
  const horizons = await Promise.all(
    SUBGRAPHS.map(({ name }) => stack.sql<{ next: string }>(name, 'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next')),
  );
  const horizon = horizons.map(([row]) => row!.next).join(' ');
  if (lastState?.horizon !== horizon) lastState = { horizon, digest: await databaseDigest() };
  return lastState;
}

function writesBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([table, state]) => before.get(table) !== state).map(([table, state]) => `${table}: ${before.get(table)} → ${state}`);
}

// ——— one request, judged ———

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body?: { data?: Record<string, unknown> | null; errors?: GraphQLError[] };
}

async function send(operation: ApiOperation, variables: Record<string, unknown>): Promise<Answer | 'timeout'> {
  try {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}` },
      body: JSON.stringify({ query: operation.document, variables }),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const text = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = undefined;
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') return 'timeout';
    throw error;
  }
}

function problemsOf(answer: Answer | 'timeout'): string[] {
  if (answer === 'timeout') return [`no answer within ${ANSWER_WITHIN_MS / 1000} s`];
  if (!answer.body || !answer.contentType.includes('json')) {
    return [`answer is not JSON (HTTP ${answer.status}, ${answer.contentType || 'no content-type'}): ${abbreviated(answer.text.slice(0, 200))}`];
  }
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (answer.body.data === undefined && !answer.body.errors?.length) problems.push('neither data nor errors');
  for (const error of answer.body.errors ?? []) {
    const code = error.extensions?.code as string | undefined;
    // In development the stack trace is shown on purpose; everything else is for the client.
    const { stacktrace: _stacktrace, ...extensions } = error.extensions ?? {};
    const leak = INTERNALS.exec(`${error.message}\n${JSON.stringify(extensions)}`);
    const failed = !code || !CLIENT_ERROR_CODES.has(code);
    if (failed || leak) problems.push(`${code ?? 'no code'}${leak ? ` revealing "${leak[0]}"` : ''}: ${error.message}`);
  }
  return problems;
}

/** A NOT_FOUND must be true: the record it names is in no table, in any letter case. */
async function untrueNotFounds(answer: Answer): Promise<string[]> {
  const problems: string[] = [];
  for (const error of answer.body?.errors ?? []) {
    const { code, entity, id } = (error.extensions ?? {}) as { code?: string; entity?: unknown; id?: unknown };
    if (code !== 'NOT_FOUND' || typeof entity !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) continue;
    const owner = [...tablesOf].find(([, tables]) => tables.includes(entity))?.[0];
    if (!owner) continue;
    const [row] = await stack.sql<{ found: number }>(owner, `SELECT count(*)::int AS found FROM "${entity}" WHERE lower(id::text) = lower('${id}')`);
    if (row!.found) problems.push(`NOT_FOUND for ${entity} ${id}, which exists: ${error.message}`);
  }
  return problems;
}

/** A problem's identity in the summary: ids, numbers and long values blurred so repeats merge. */
function signature(problem: string): string {
  const blurred = problem.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
  return abbreviated(blurred, 40, 2000).slice(1, -1).replace(/\d+/g, 'N').slice(0, 220);
}

interface Finding {
  problem: string;
  hostile: FuzzCase['hostile'];
  variables: Record<string, unknown>;
  count: number;
}

/** A long message's head says where it came from and its tail what went wrong: keep both. */
function clipped(problem: string): string {
  const oneLine = problem.replace(/\s+/g, ' ');
  return oneLine.length > 420 ? `${oneLine.slice(0, 160)} … ${oneLine.slice(-240)}` : oneLine;
}

/**
 * One finding per problem and bad value; cases with several bad values count under the
 * problem alone, since which of them caused it is not known, and keep the simplest example.
 */
function record(findings: Map<string, Finding>, problem: string, { hostile, variables }: FuzzCase): void {
  const cause = hostile.length === 1 ? `${hostile[0]!.place}=${hostile[0]!.kind}` : hostile.length ? 'several' : 'none';
  const key = `${signature(problem)} ${cause}`;
  const known = findings.get(key);
  if (known) known.count += 1;
  if (!known || hostile.length < known.hostile.length) {
    findings.set(key, { problem: clipped(problem), hostile, variables, count: known?.count ?? 1 });
  }
}

function describeFinding({ problem, hostile, variables, count }: Finding): string {
  const bad = hostile.length ? hostile.map(({ place, kind }) => `${place} = ${kind}`).join('; ') : 'all values plausible';
  return `  - ${problem}\n      (${count}×) bad: ${bad}\n      variables: ${abbreviated(variables)}`;
}

async function check(operation: ApiOperation, fuzzCase: FuzzCase): Promise<string[]> {
  const before = operation.kind === 'mutation' ? (await databaseState()).digest : undefined;
  const answer = await send(operation, fuzzCase.variables);
  const problems = problemsOf(answer);
  if (answer !== 'timeout') problems.push(...(await untrueNotFounds(answer)));
  if (before && answer !== 'timeout' && answer.body) {
    const result = answer.body.data?.[operation.name] as { id?: string } | null | undefined;
    if (answer.body.errors?.length && !result) {
      const writes = writesBetween(before, (await databaseState()).digest);
      if (writes.length) problems.push(`refused (${answer.body.errors[0]?.extensions?.code as string}) but wrote: ${writes.join('; ')}`);
    } else if (result?.id) {
      // Later runs of the other mutations then reach records in every state, not only the seeded ones.
      const known = idsByEntity.get(operation.returns) ?? [];
      if (!known.includes(result.id)) idsByEntity.set(operation.returns, [...known, result.id]);
    }
  }
  return problems;
}

it('notices a write to any table, or it could not tell that a refused mutation wrote', async () => {
  const before = (await databaseState()).digest;
  const { errors } = await stack.query(
    `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
    {
      input: {
        legalName: 'Guardia S.r.l.',
        vatNumber: 'IT99999999990',
        segment: 'ENTERPRISE',
        email: 'guardia@example.com',
        address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', country: 'IT' },
      },
    },
  );
  expect(errors).toBeUndefined();
  expect(writesBetween(before, (await databaseState()).digest)).toEqual([expect.stringMatching(/^sales\.Customer: 6 rows, .* → 7 rows, /)]);
});

const triedPlaces = new Set<string>();

/** A nested argument (`Customer.contractRates(at)`) gets its core cases in the first query that reaches it. */
function firstTimeTried({ slot, path }: Place): boolean {
  const key = `${slot.parent}.${slot.field.name}(${slot.name})${path.slice(1).map((step) => `.${step}`).join('')}`;
  if (triedPlaces.has(key)) return false;
  triedPlaces.add(key);
  return true;
}

describe.each(['query', 'mutation'] as const)('every %s through the gateway, given hostile input', (kind) => {
  it.each(operations.filter((operation) => operation.kind === kind).map((operation) => [operation.name, operation] as const))(
    '%s answers bad input with a client error and writes nothing when it refuses',
    async (_name, operation) => {
      const findings = new Map<string, Finding>();
      const examples = coreCases(operation.slots, domain, SEED, firstTimeTried).map((fuzzCase): [FuzzCase] => [fuzzCase]);
      await fc.assert(
        fc.asyncProperty(fuzzCases(operation.slots, domain), async (fuzzCase) => {
          const problems = await check(operation, fuzzCase);
          if (SHRINK && problems.length) throw new Error(`${operation.name}: ${problems.join(' | ')}`);
          for (const problem of problems) record(findings, problem, fuzzCase);
        }),
        // fast-check counts the examples among the runs.
        { numRuns: examples.length + RUNS, seed: SEED, endOnFailure: !SHRINK, examples },
      );
      const report = [...findings.values()].map(describeFinding).join('\n');
      expect(findings.size, `${operation.name} (seed ${SEED}, ${RUNS} runs), ${findings.size} distinct problems:\n${report}\n`).toBe(0);
    },
    Math.max(120_000, RUNS * 3_000),
  );
});
