/**
 * Whatever credential a request carries, unless it is a valid token of the trusted issuer, it
 * gets no data and runs nothing: every operation of the API (test/support/api-operations.ts)
 * and a few that would really read and write, sent with random bad credentials drawn from every
 * way a token can be wrong — expired, not yet valid, for another audience or from another
 * issuer, signed by a stranger's Ed25519 or RSA key, unsigned (`alg: none`), HS256 keyed with
 * the issuer's public key (algorithm confusion), malformed in many ways, huge, with NUL bytes,
 * with a wrong scheme, none at all, or two Authorization headers — is answered 401
 * UNAUTHENTICATED. A token of the issuer whose roles are of the wrong type, unknown, empty or
 * `service` (never taken from a person's token) is answered 403 FORBIDDEN. Never a 500, never a
 * hang, and no subgraph runs a single SQL statement. A header Node's HTTP parser cannot read
 * (a NUL byte, over its 16 KB limit) is refused by the parser itself, 400 or 431.
 *
 * Requests go over a raw socket: fetch (and node:http) refuse to send a NUL byte or a second
 * Authorization header, which are exactly what this test needs to send.
 */
import { connect } from 'node:net';
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { base64url, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../gateway/identity/user-tokens.js';
import { SUBGRAPHS } from '../../subgraphs/catalog.js';
import { PERSON_ROLES, SERVICE_ROLE, USER_ROLES } from '../../subgraphs/shared/identity/roles.js';
import { apiOperations, loadApiSchema } from '../support/api-operations.js';
import { startStack, type Stack } from '../support/stack.js';

const RUNS = Number(process.env.TOKEN_FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const ANSWER_WITHIN_MS = 10_000;

let stack: Stack;
let strangerKey: CryptoKey;
let rsaKey: CryptoKey;
/** Bytes of the issuer's public key as an attacker could find them, used as an HMAC secret. */
let publicKeySecrets: Uint8Array[];

beforeAll(async () => {
  // Nothing in the background: no event delivery, and the campaign runner asleep, so any SQL statement is a request's.
  stack = await startStack({ customers: 3, deliverEvents: false, mailings: { leaseMs: 24 * 3600 * 1000 } });
  strangerKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
  rsaKey = (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey;
  const jwk = stack.issuer.publicJwk;
  const encoder = new TextEncoder();
  publicKeySecrets = [
    encoder.encode(JSON.stringify(jwk)),
    base64url.decode(jwk.x!),
    encoder.encode(createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string),
  ];
}, 120_000);

afterAll(() => stack?.stop());

// ——— requests ———

interface Answer {
  status: number;
  body?: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  text: string;
}

/** One POST over its own connection, header lines written as given. */
function send(headerLines: readonly string[], payload: { query: string; variables?: Record<string, unknown> }): Promise<Answer | 'timeout'> {
  const { hostname, port, pathname } = new URL(stack.gatewayUrl);
  const body = Buffer.from(JSON.stringify(payload));
  const head = [`POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close', ...headerLines];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, ANSWER_WITHIN_MS);
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body])));
    socket.on('data', (chunk) => chunks.push(chunk));
    // The parser may answer and close before the body is read (431): what it said is the answer.
    socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      if (!chunks.length) return resolve('timeout');
      const raw = Buffer.concat(chunks).toString();
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine, ...headers] = raw.slice(0, split).split('\r\n');
      let text = raw.slice(split + 4);
      if (headers.some((line) => /^transfer-encoding:\s*chunked/i.test(line))) text = unchunked(text);
      let parsed: Answer['body'];
      try {
        parsed = JSON.parse(text) as Answer['body'];
      } catch {
        parsed = undefined;
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), body: parsed, text });
    });
  });
}

function unchunked(text: string): string {
  let result = '';
  for (let rest = text; ; ) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return result;
    result += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

const bearer = (token: string) => `Authorization: Bearer ${token}`;

// ——— tokens ———

const now = () => Math.floor(Date.now() / 1000);

/** The claims of a token the gateway accepts; each bad token spoils one or more of them. */
function goodClaims(): JWTPayload {
  return { iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'fuzz-user', iat: now(), exp: now() + 3600, roles: [...PERSON_ROLES] };
}

async function signed(claims: JWTPayload, key: CryptoKey | Uint8Array = stack.issuer.privateKey, alg = 'EdDSA'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid: 'issuer', typ: 'JWT' }).sign(key);
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

/** Claims without some of them (undefined keys vanish in JSON). */
const without = (claims: JWTPayload, ...names: string[]) => Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));

/** What a request may be answered: who refuses it and how. */
type Refusal = 'unauthenticated' | 'forbidden' | 'unreadable';

interface BadCredential {
  kind: string;
  refusal: Refusal;
  headerLines(): Promise<string[]>;
}

const credential = (kind: string, refusal: Refusal, headerLines: () => Promise<string[]>): BadCredential => ({ kind, refusal, headerLines });

/** Seconds beyond the verifier's 30 s tolerance, so a slow run cannot make a bad time good. */
const beyondTolerance = fc.integer({ min: 120, max: 10 * 365 * 86_400 });

/** Printable text, Latin-1 included (control characters have a case of their own: the parser refuses them). */
const headerText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((code) => String.fromCharCode(code)), ...options });

/** Strings that are no Integra role, whether read as one role or as a space-separated list. */
const notRoles = headerText({ maxLength: 30 }).filter((text) => !text.split(' ').some((part) => (USER_ROLES as readonly string[]).includes(part)));

const wrongClaims: fc.Arbitrary<BadCredential> = fc.oneof(
  beyondTolerance.map((seconds) => credential('expired', 'unauthenticated', async () => [bearer(await signed({ ...goodClaims(), iat: now() - seconds - 3600, exp: now() - seconds }))])),
  beyondTolerance.map((seconds) => credential('not valid yet (nbf)', 'unauthenticated', async () => [bearer(await signed({ ...goodClaims(), nbf: now() + seconds }))])),
  fc.oneof(notRoles.filter((aud) => aud !== LOCAL_AUDIENCE), fc.array(notRoles.filter((aud) => aud !== LOCAL_AUDIENCE), { maxLength: 3 })).map((aud) =>
    credential('wrong audience', 'unauthenticated', async () => [bearer(await signed({ ...goodClaims(), aud }))]),
  ),
  fc.constant(credential('no audience', 'unauthenticated', async () => [bearer(await signed(without(goodClaims(), 'aud')))])),
  notRoles.filter((iss) => iss !== LOCAL_ISSUER).map((iss) => credential('wrong issuer', 'unauthenticated', async () => [bearer(await signed({ ...goodClaims(), iss }))])),
  fc.constant(credential('no issuer', 'unauthenticated', async () => [bearer(await signed(without(goodClaims(), 'iss')))])),
  fc.constant(credential('no expiry', 'unauthenticated', async () => [bearer(await signed(without(goodClaims(), 'exp')))])),
  fc.oneof(fc.constant(undefined), fc.constant(''), fc.string({ minLength: 257, maxLength: 400 }), fc.integer(), fc.constant(null), fc.array(fc.string())).map((sub) =>
    credential(`subject ${sub === undefined ? 'missing' : JSON.stringify(sub).slice(0, 20)}`, 'unauthenticated', async () => [bearer(await signed({ ...goodClaims(), sub } as JWTPayload))]),
  ),
);

const wrongKeys: fc.Arbitrary<BadCredential> = fc.oneof(
  fc.constant(credential('signed by a stranger\'s Ed25519 key', 'unauthenticated', async () => [bearer(await signed(goodClaims(), strangerKey))])),
  fc.constant(credential('signed by an RSA key (RS256)', 'unauthenticated', async () => [bearer(await signed(goodClaims(), rsaKey, 'RS256'))])),
  fc.integer({ min: 0, max: 2 }).map((which) =>
    credential('HS256 keyed with the issuer\'s public key', 'unauthenticated', async () => [bearer(await signed(goodClaims(), publicKeySecrets[which]!, 'HS256'))]),
  ),
  fc.constantFrom('', 'signature', 'keep').map((signature) =>
    credential('alg: none', 'unauthenticated', async () => {
      const unsigned = `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(goodClaims())}`;
      if (signature === 'keep') return [bearer(`${unsigned}.${(await signed(goodClaims())).split('.')[2]}`)];
      return [bearer(signature ? `${unsigned}.${base64url.encode(signature)}` : `${unsigned}.`)];
    }),
  ),
  // The issuer's own signature over other claims: the header or payload swapped after signing.
  fc.constant(credential('payload swapped after signing', 'unauthenticated', async () => {
    const [header, , signature] = (await signed(goodClaims())).split('.');
    return [bearer(`${header}.${encodeJson({ ...goodClaims(), sub: 'someone-else' })}.${signature}`)];
  })),
);

const malformed: fc.Arbitrary<BadCredential> = fc.oneof(
  headerText({ maxLength: 300 }).map((text) => credential('random text', 'unauthenticated', async () => [bearer(text)])),
  fc.nat().map((cut) => credential('truncated', 'unauthenticated', async () => {
    const token = await signed(goodClaims());
    return [bearer(token.slice(0, cut % token.length))];
  })),
  fc.array(fc.base64String({ maxLength: 40 }), { minLength: 1, maxLength: 3 }).map((extra) =>
    credential('extra segments', 'unauthenticated', async () => [bearer([await signed(goodClaims()), ...extra].join('.'))]),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('!', '*', '%', '~', '/', '+', '=', '"', '\\', 'é', ' ')).map(([at, character]) =>
    credential('not base64url', 'unauthenticated', async () => {
      const token = await signed(goodClaims());
      const index = at % token.length;
      return [bearer(`${token.slice(0, index)}${character}${token.slice(index + 1)}`)];
    }),
  ),
  fc.integer({ min: 8_193, max: 14_000 }).map((length) => credential(`huge (${length} characters)`, 'unauthenticated', async () => [bearer(`${await signed(goodClaims())}${'A'.repeat(length)}`.slice(0, length))])),
  fc.integer({ min: 17_000, max: 40_000 }).map((length) => credential(`over the HTTP header limit (${length} characters)`, 'unreadable', async () => [bearer('A'.repeat(length))])),
  fc.tuple(fc.nat(), fc.constantFrom('\0', '\x01', '\x7f', '\x1b')).map(([at, control]) =>
    credential(`control character ${JSON.stringify(control)}`, 'unreadable', async () => {
      const token = await signed(goodClaims());
      const index = at % token.length;
      return [bearer(`${token.slice(0, index)}${control}${token.slice(index)}`)];
    }),
  ),
);

/** Signed by the issuer, valid, but opening nothing: 403, nothing planned. */
const uselessRoles: fc.Arbitrary<BadCredential> = fc
  .oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.dictionary(fc.constantFrom(...USER_ROLES), fc.boolean()),
    fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.constantFrom(...USER_ROLES)))),
    fc.array(notRoles, { maxLength: 4 }),
    notRoles,
    fc.constant([]),
    fc.constant([SERVICE_ROLE]),
    fc.constant(SERVICE_ROLE),
  )
  .chain((roles) => fc.tuple(fc.constant(roles), fc.oneof(fc.constant(undefined), fc.constant(SERVICE_ROLE), notRoles, fc.integer())))
  .map(([roles, scope]) =>
    credential(`roles ${JSON.stringify(roles).slice(0, 40)}${scope === undefined ? '' : `, scope ${JSON.stringify(scope)}`}`, 'forbidden', async () => [
      bearer(await signed({ ...goodClaims(), roles, ...(scope === undefined ? {} : { scope }) } as JWTPayload)),
    ]),
  );

const wrongHeaders: fc.Arbitrary<BadCredential> = fc.oneof(
  fc.constant(credential('no Authorization header', 'unauthenticated', async () => [])),
  fc.tuple(headerText({ maxLength: 20 }), headerText({ maxLength: 20 })).map(([user, password]) =>
    credential('Basic', 'unauthenticated', async () => [`Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`]),
  ),
  fc.constantFrom('Token ', 'JWT ', 'Bearer:', 'Bearer=', 'Bearer', '', 'Bearer ,', 'DPoP ').map((scheme) =>
    credential(`scheme "${scheme}"`, 'unauthenticated', async () => [`Authorization: ${scheme}${scheme === 'Bearer' ? '' : await signed(goodClaims())}`]),
  ),
  fc.constant(credential('lower-case bearer, forged token', 'unauthenticated', async () => [`Authorization: bearer ${await signed(goodClaims(), strangerKey)}`])),
  fc.constant(credential('two tokens in one header', 'unauthenticated', async () => [`Authorization: Bearer ${await signed(goodClaims())}, Bearer ${await signed(goodClaims())}`])),
  // Node keeps the first of two Authorization headers; a proxy in front may keep the last. Neither is trusted.
  fc.constantFrom('valid first', 'valid last', 'both valid').map((order) =>
    credential(`two Authorization headers (${order})`, 'unauthenticated', async () => {
      const valid = bearer(await signed(goodClaims()));
      const forged = bearer(await signed(goodClaims(), strangerKey));
      return order === 'valid first' ? [valid, forged] : order === 'valid last' ? [forged, valid] : [valid, valid];
    }),
  ),
);

const KINDS_THAT_MUST_BE_SENT = [
  'expired',
  'not valid yet (nbf)',
  'wrong audience',
  'wrong issuer',
  'subject missing',
  "signed by a stranger's Ed25519 key",
  'signed by an RSA key (RS256)',
  "HS256 keyed with the issuer's public key",
  'alg: none',
  'payload swapped after signing',
  'random text',
  'truncated',
  'extra segments',
  'not base64url',
  'huge',
  'over the HTTP header limit',
  'control character "\\u0000"',
  'roles ["service"]',
  'no Authorization header',
  'Basic',
  'lower-case bearer, forged token',
  'two Authorization headers (valid first)',
  'two Authorization headers (both valid)',
];

const badCredentials = fc.oneof(wrongClaims, wrongKeys, malformed, uselessRoles, wrongHeaders);

// ——— operations ———

interface Operation {
  name: string;
  query: string;
  variables: () => Record<string, unknown>;
}

/** Operations that, with a good token, do read and write: the control shows they move the counters. */
const executing: Operation[] = [
  {
    name: 'customer (README query)',
    query: `query ($id: ID!) { customer(id: $id) { legalName contractRates { service unitPrice { amount } } currentBilling { calls chargesToDate { amount } } } }`,
    variables: () => ({ id: stack.world.sales.customers[0]!.id }),
  },
  {
    name: 'createCustomer',
    query: `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
    variables: () => ({
      input: { legalName: 'Token S.r.l.', vatNumber: 'IT12345678903', segment: 'ENTERPRISE', email: 'token@example.com', address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', country: 'IT' } },
    }),
  },
];

const generated: Operation[] = apiOperations(loadApiSchema()).map((operation) => ({ name: operation.name, query: operation.document, variables: () => ({}) }));
const operations = [...executing, ...generated];

const sqlStatements = () => SUBGRAPHS.reduce((total, { name }) => total + stack.queries(name).total, 0);

const EXPECTED: Record<Refusal, { statuses: number[]; codes?: string[] }> = {
  unauthenticated: { statuses: [401], codes: ['UNAUTHENTICATED'] },
  // The caller is known, so the operation is judged: demand control prices it before the access
  // rules read it, and an operation too costly for anyone is refused as such (400) first.
  forbidden: { statuses: [403, 400], codes: ['FORBIDDEN', 'COST_LIMIT_EXCEEDED'] },
  // Node's parser refuses the request line or headers before any of Integra's code sees them.
  unreadable: { statuses: [400, 431] },
};

function problemsOf(answer: Answer | 'timeout', refusal: Refusal): string[] {
  if (answer === 'timeout') return [`no answer within ${ANSWER_WITHIN_MS / 1000} s`];
  const expected = EXPECTED[refusal];
  const problems: string[] = [];
  if (!expected.statuses.includes(answer.status)) problems.push(`HTTP ${answer.status}, expected ${expected.statuses.join(' or ')}`);
  if (answer.body?.data !== undefined && answer.body.data !== null) problems.push(`data: ${JSON.stringify(answer.body.data).slice(0, 200)}`);
  if (expected.codes) {
    const codes = (answer.body?.errors ?? []).map((error) => error.extensions?.code);
    if (!codes.length || codes.some((code) => !expected.codes!.includes(code!))) problems.push(`codes ${JSON.stringify(codes)}, expected only ${expected.codes.join(' or ')}: ${answer.text.slice(0, 300)}`);
  }
  return problems;
}

describe('a good token, the control', () => {
  it('gets the customer query its data and runs SQL, with "Bearer" in any letter case', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const before = sqlStatements();
      const answer = await send([`Authorization: ${scheme} ${await signed(goodClaims())}`], { query: executing[0]!.query, variables: executing[0]!.variables() });
      expect(answer).not.toBe('timeout');
      const { status, body } = answer as Answer;
      expect(status).toBe(200);
      expect(body?.errors).toBeUndefined();
      expect(body?.data).toMatchObject({ customer: { legalName: stack.world.sales.customers[0]!.legalName } });
      expect(sqlStatements()).toBeGreaterThan(before);
    }
  });

  it('is let through to every operation of the API (no 401 or 403 for a token with every role)', async () => {
    const token = await signed(goodClaims());
    for (const operation of operations.filter((candidate) => candidate.name !== 'createCustomer')) {
      const answer = await send([bearer(token)], { query: operation.query, variables: operation.variables() });
      expect(answer, operation.name).not.toBe('timeout');
      const { status, body } = answer as Answer;
      expect([401, 403], `${operation.name}: ${JSON.stringify(body?.errors)}`).not.toContain(status);
      expect((body?.errors ?? []).map((error) => error.extensions?.code), operation.name).not.toContainEqual(expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/));
    }
  }, 60_000);
});

describe('a bad credential', () => {
  it('gets no data and runs nothing, on any operation: 401, or 403 for a token whose roles open nothing', async () => {
    const kindsSent = new Set<string>();
    await fc.assert(
      fc.asyncProperty(badCredentials, fc.constantFrom(...operations), async (bad, operation) => {
        kindsSent.add(bad.kind.replace(/ \(\d+ characters\)$/, ''));
        const headerLines = await bad.headerLines();
        const before = sqlStatements();
        const answer = await send(headerLines, { query: operation.query, variables: operation.variables() });
        const problems = problemsOf(answer, bad.refusal);
        const statements = sqlStatements() - before;
        if (statements) problems.push(`${statements} SQL statements ran`);
        if (problems.length) throw new Error(`${bad.kind} on ${operation.name}: ${problems.join('; ')}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The draw reached every way of being wrong (a change of seed or weights could starve one).
    expect([...kindsSent]).toEqual(expect.arrayContaining(KINDS_THAT_MUST_BE_SENT));
  }, 60_000);
});
