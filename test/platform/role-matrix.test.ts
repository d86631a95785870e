/**
 * Every field, with every role, on real servers: for each field of the public API and of each
 * subgraph's own schema, the least operation that selects it (test/support/access-matrix.ts),
 * sent through the gateway and directly to the subgraph (with the service token the gateway would
 * send) by a token with each role alone, and by one with no Integra role. What the rules along the
 * operation's path admit must never be refused for access; what they do not admit must be refused
 * with one FORBIDDEN error naming exactly what is missing, before anything runs (no SQL statement
 * at all while the refusals are sent), data null.
 *
 * The refusals go first, then the admitted queries, then the admitted mutations, whose sample
 * values name nothing and change nothing the queries read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPool } from '../../scripts/lib/in-pool.js';
import { deniedAlong, everySubgraphAccess, isForeignKeyField, isResolvableEntity, supergraphAccess, type SubgraphAccess } from '../../scripts/lib/schema-access.js';
import { SUBGRAPHS, type SubgraphName } from '../../subgraphs/catalog.js';
import type { AccessRules } from '../../subgraphs/shared/identity/access-rules.js';
import { identityOf, ROLES, SERVICE_ROLE, USER_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { matrixOperations, type KnownIds, type MatrixOperation } from '../support/access-matrix.js';
import { startStack, type Stack } from '../support/stack.js';

/** Each role alone, and a valid token carrying no Integra role. */
const CALLERS: { name: string; roles: string[] }[] = [...ROLES.map((role) => ({ name: role, roles: [role] })), { name: 'no role', roles: [] }];

/** Requests in flight at once: enough to keep two cores busy while each waits on its servers. */
const IN_FLIGHT = 8;

interface Request {
  target: 'gateway' | SubgraphName;
  caller: (typeof CALLERS)[number];
  operation: MatrixOperation;
  /** What the target must name as missing; empty when it must not refuse for access. */
  expectedMissing: string[];
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; missing?: { coordinate: string }[] } }[] };
}

let stack: Stack;
let requests: Request[];
const tokens = new Map<string, string>();

function knownIds(): KnownIds {
  const { world } = stack;
  const conference = world.conferencing.conferences.find((candidate) => world.conferencing.legs.some((leg) => leg.conferenceId === candidate.id))!;
  return {
    Customer: world.sales.customers[0]!.id,
    Contract: world.sales.contracts[0]!.id,
    ContractRate: world.sales.rates[0]!.id,
    Invoice: world.billing.invoices[0]!.id,
    Booking: world.bookings.bookings[0]!.id!,
    BridgeReservation: world.conferencing.reservations[0]!.id,
    Conference: conference.id,
    ParticipantLeg: world.conferencing.legs.find((leg) => leg.conferenceId === conference.id)!.id,
    LetterTemplate: world.mailings.templates[0]!.id,
  };
}

function requestsFor(target: Request['target'], operations: MatrixOperation[], rules: AccessRules, rolesSeen: (roles: string[]) => string[]): Request[] {
  return operations.flatMap((operation) =>
    CALLERS.map((caller) => ({ target, caller, operation, expectedMissing: deniedAlong(rules, operation.steps, rolesSeen(caller.roles)).sort() })),
  );
}

async function tokenFor({ target, caller }: Request): Promise<string> {
  if (target === 'gateway') {
    const known = tokens.get(caller.name);
    if (known) return known;
    const token = await stack.token(caller.roles, `role-matrix:${caller.name}`);
    tokens.set(caller.name, token);
    return token;
  }
  // The service role is only ever a service's own: another subgraph's token on its own behalf.
  if (caller.roles.includes(SERVICE_ROLE)) return stack.credentials[target === 'sales' ? 'billing' : 'sales'].bearerFor();
  return stack.credentials.gateway.bearerFor(identityOf(`role-matrix:${caller.name}`, caller.roles));
}

async function send(request: Request): Promise<Answer> {
  const url = request.target === 'gateway' ? stack.gatewayUrl : stack.subgraphs[request.target].url;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(request)}` },
    body: JSON.stringify({ query: request.operation.document }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Never the answer to what the rules admit: refused for access, or a crash on sample values. */
const WRONG_WHEN_ADMITTED = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR']);

/** What is wrong with the answer to `request`, or null. */
function mismatch(request: Request, { status, body }: Answer): string | null {
  const where = `${request.target} ${request.operation.coordinate} as ${request.caller.name}`;
  const errors = body.errors ?? [];
  if (request.expectedMissing.length === 0) {
    const wrong = errors.find((error) => WRONG_WHEN_ADMITTED.has(error.extensions?.code ?? ''));
    return wrong ? `${where}: ${wrong.extensions?.code}: ${wrong.message}` : null;
  }
  const missing = (errors[0]?.extensions?.missing ?? []).map(({ coordinate }) => coordinate).sort();
  if (errors.length !== 1 || errors[0]!.extensions?.code !== 'FORBIDDEN' || status !== 403) return `${where}: expected one FORBIDDEN (403), got ${status} ${JSON.stringify(errors)}`;
  if (JSON.stringify(missing) !== JSON.stringify(request.expectedMissing)) return `${where}: missing ${missing.join(', ')}, expected ${request.expectedMissing.join(', ')}`;
  if (body.data != null) return `${where}: refused with data ${JSON.stringify(body.data)}`;
  return null;
}

async function check(selected: Request[], limit = IN_FLIGHT): Promise<string[]> {
  const problems: string[] = [];
  await inPool(selected, limit, async (request) => {
    const problem = mismatch(request, await send(request));
    if (problem) problems.push(problem);
  });
  return problems.sort();
}

const sqlStatements = () => SUBGRAPHS.map(({ name }) => `${name}: ${stack.queries(name).total}`).join(', ');

beforeAll(async () => {
  // Nothing in the background runs SQL while the refusals are counted: no event delivery, and
  // mailings' runner, which looks for abandoned campaigns every third of a lease, on a day-long lease.
  stack = await startStack({ customers: 2, deliverEvents: false, mailings: { leaseMs: 24 * 3600_000 } });
  const known = knownIds();
  const subgraphs = everySubgraphAccess();
  const supergraph = supergraphAccess();
  const direct = (subgraph: SubgraphAccess) =>
    requestsFor(
      subgraph.name,
      matrixOperations(subgraph.schema, {
        entities: [...subgraph.objectTypes.values()].filter(isResolvableEntity).map((type) => type.name),
        skip: (type, field) => isForeignKeyField(subgraph, subgraphs, type, field),
        known,
      }),
      subgraph.rules,
      (roles) => roles,
    );
  // The gateway takes only the roles a person may hold from a token: `service` in one is no role at all.
  const gateway = requestsFor('gateway', matrixOperations(supergraph.apiSchema, { known }), supergraph.rules, (roles) => roles.filter((role) => USER_ROLES.includes(role as never)));
  requests = [...gateway, ...subgraphs.flatMap(direct)];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const refused = () => requests.filter((request) => request.expectedMissing.length > 0);
const admitted = (kind: MatrixOperation['kind']) => requests.filter((request) => request.expectedMissing.length === 0 && request.operation.kind === kind);

describe('the role × field matrix', () => {
  it('covers every field of the public API and of each subgraph with every caller, and refuses some of each', () => {
    const targets = new Set(requests.map((request) => request.target));
    expect([...targets].sort()).toEqual(['gateway', ...SUBGRAPHS.map(({ name }) => name)].sort());
    for (const caller of CALLERS) {
      expect(refused().some((request) => request.caller.name === caller.name), caller.name).toBe(true);
    }
    // Every field is admitted to someone: a field nobody may select is a rule gone wrong.
    const reachable = new Set(requests.filter((request) => request.expectedMissing.length === 0).map((request) => `${request.target} ${request.operation.coordinate}`));
    const unreachable = [...new Set(requests.map((request) => `${request.target} ${request.operation.coordinate}`))].filter((field) => !reachable.has(field));
    expect(unreachable).toEqual([]);
  });

  it('refuses what the rules do not admit with one FORBIDDEN naming what is missing, before any SQL runs', async () => {
    const before = sqlStatements();
    expect(await check(refused())).toEqual([]);
    expect(sqlStatements()).toEqual(before);
  }, 120_000);

  it('never refuses a query the rules admit, through the gateway or directly, nor fails on it unexpectedly', async () => {
    expect(await check(admitted('query'))).toEqual([]);
  }, 120_000);

  it('never refuses a mutation the rules admit (their sample arguments name nothing, so they fail otherwise)', async () => {
    // One at a time: a mutation's effects (a counted unknown access code) stay in order.
    expect(await check(admitted('mutation'), 1)).toEqual([]);
  }, 120_000);
});
