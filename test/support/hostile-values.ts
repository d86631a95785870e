/**
 * Variables for an operation's arguments, as a hostile client would send them: mostly
 * plausible values, with one (or a few) places replaced by something bad for its GraphQL
 * type. A single bad place among plausible ones is what gets past the first check and reaches
 * the domain code and the database, where the internal errors hide.
 *
 * The schema decides the places and the kinds of bad value; the caller's `ValueDomain` knows
 * what a plausible value is where the type says too little (an e-mail, a price, a real id).
 */
import fc from 'fast-check';
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import type { ArgumentSlot } from './api-operations.js';

/** One place a value goes: an argument, or a field somewhere inside an input argument. */
export interface Place {
  slot: ArgumentSlot;
  /** From the variable down: `['createContract_input', 'rates', 0, 'currency']`. */
  path: (string | number)[];
  /** The argument's or input field's name (`currency`). */
  name: string;
  /** The input type the field belongs to, or the root field for an argument (`ContractRateInput`). */
  owner: string;
  type: GraphQLInputType;
  /** For people: `createContract(input).rates.0.currency`. */
  label: string;
}

export interface ValueDomain {
  /** A plausible non-null value for this place, when its type alone says too little. */
  plausible(place: Place): fc.Arbitrary<unknown> | undefined;
  /** Real ids of records of another kind than the place expects. */
  idsOfOtherEntities(place: Place): string[];
}

export interface FuzzCase {
  variables: Record<string, unknown>;
  /** What was made bad and how; empty when every value is plausible. */
  hostile: { place: string; kind: string }[];
}

interface Hostile {
  kind: string;
  value: unknown;
}

/** Marks a value to leave out, so a required field or argument is missing. */
const MISSING = Symbol('missing');

const KB = 1024;
const HUGE_LENGTHS = [100 * KB, KB * KB] as const;

function sizeLabel(length: number): string {
  return length >= KB * KB ? `${length / (KB * KB)} MB` : `${length / KB} KB`;
}

// ——— places ———

function placesUnder(slot: ArgumentSlot, type: GraphQLInputType, path: (string | number)[], name: string, owner: string, label: string, into: Place[]): void {
  into.push({ slot, path, name, owner, type, label });
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    placesUnder(slot, nullable.ofType, [...path, 0], name, owner, `${label}.0`, into);
  } else if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      placesUnder(slot, field.type, [...path, field.name], field.name, nullable.name, `${label}.${field.name}`, into);
    }
  }
}

export function placesOf(slots: ArgumentSlot[]): Place[] {
  const places: Place[] = [];
  for (const slot of slots) placesUnder(slot, slot.type, [slot.variable], slot.name, slot.field.name, slot.argument, places);
  return places;
}

/** The place of a list's element or an input object's field. */
export function childPlace(place: Place, key: string | number, type: GraphQLInputType, name = place.name, owner = place.owner): Place {
  return { ...place, path: [...place.path, key], type, name, owner, label: `${place.label}.${key}` };
}

// ——— plausible values ———

/**
 * A plausible value. Never null: an optional place is left out now and then instead, and an
 * explicit null is one of the hostile values, so that a problem it causes is named as such.
 */
export function plausible(place: Place, domain: ValueDomain): fc.Arbitrary<unknown> {
  const hinted = domain.plausible(place);
  if (hinted) return hinted;
  const type = getNullableType(place.type);
  if (isListType(type)) return fc.array(plausible(childPlace(place, 0, type.ofType), domain), { minLength: 1, maxLength: 3 });
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.record(
      Object.fromEntries(fields.map((field) => [field.name, plausible(childPlace(place, field.name, field.type, field.name, type.name), domain)])),
      { requiredKeys: fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined).map((field) => field.name) },
    );
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  switch (type.name) {
    case 'ID':
      return fc.uuid();
    case 'Int':
      return fc.integer({ min: 1, max: 100 });
    case 'Float':
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.integer({ min: 1, max: 90 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString());
    case 'Date':
      return fc.integer({ min: 1, max: 90 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));
    default:
      return fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim().length > 0);
  }
}

function plausibleVariables(slots: ArgumentSlot[], domain: ValueDomain): fc.Arbitrary<Record<string, unknown>> {
  const root = placesOf(slots).filter((place) => place.path.length === 1);
  return fc.record(Object.fromEntries(root.map((place) => [place.slot.variable, plausible(place, domain)])), {
    requiredKeys: root.filter((place) => isNonNullType(place.type)).map((place) => place.slot.variable),
  });
}

// ——— hostile values ———

const labelled = (kind: string, value: unknown): fc.Arbitrary<Hostile> => fc.constant({ kind, value });

/**
 * The kinds every place is tried with once before the random runs (the classics of bad
 * input), so that none of them depends on the draw; the other kinds come up at random.
 */
const CORE = new WeakSet<fc.Arbitrary<Hostile>>();

function core(arbitrary: fc.Arbitrary<Hostile>): fc.Arbitrary<Hostile> {
  CORE.add(arbitrary);
  return arbitrary;
}

const CORE_FRAGMENTS = new Set(['NUL character', 'control characters', 'right-to-left override']);

const HOSTILE_FRAGMENTS: [string, string][] = [
  ['NUL character', '\u0000'],
  ['control characters', '\u0001\u0007\b\u001b[31m\u007f'],
  ['line breaks and tabs', '\r\n\t\v\f'],
  ['right-to-left override', '\u202egnp.exe\u202c'],
  ['zero-width and BOM characters', '\u200b\u200d\ufeff'],
  ['lone surrogate', '\ud800'],
  ['SQL metacharacters', `' OR '1'='1' --; DROP TABLE "Customer"; \\`],
  ['LIKE wildcards', '%_%'],
];

function hostileStrings(place: Place, domain: ValueDomain): fc.Arbitrary<Hostile>[] {
  const base = plausible(place, domain).map((value) => (typeof value === 'string' ? value : String(value)));
  return [
    ...HOSTILE_FRAGMENTS.map(([kind, fragment]) => {
      const inside = fc.tuple(base, fc.nat()).map(([text, at]) => {
        const cut = text.length ? at % (text.length + 1) : 0;
        return { kind: `${kind} inside a plausible value`, value: text.slice(0, cut) + fragment + text.slice(cut) };
      });
      return CORE_FRAGMENTS.has(kind) ? core(inside) : inside;
    }),
    ...HOSTILE_FRAGMENTS.map(([kind, fragment]) => labelled(`only ${kind}`, fragment)),
    core(labelled('empty string', '')),
    core(labelled('whitespace only', ' \t\u00a0\u3000 ')),
    ...HUGE_LENGTHS.map((length) => {
      const huge = base.map((text) => ({ kind: `${sizeLabel(length)} string`, value: 'a'.repeat(length) + text }));
      return length < KB * KB ? core(huge) : huge;
    }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((value) => ({ kind: 'random code points', value })),
    core(labelled('number for a string', 42)),
    labelled('boolean for a string', true),
    labelled('object for a string', { value: 'x' }),
    labelled('list for a string', ['x']),
  ];
}

function hostileIds(place: Place, domain: ValueDomain): fc.Arbitrary<Hostile>[] {
  const real = plausible(place, domain).map(String);
  const others = domain.idsOfOtherEntities(place);
  return [
    core(fc.constantFrom('1', 'abc', 'null', 'undefined', '0x10', 'customer:1', '../../etc/passwd').map((value) => ({ kind: 'not a UUID', value }))),
    core(real.map((id) => ({ kind: 'upper-case UUID', value: id.toUpperCase() }))),
    real.map((id) => ({ kind: 'UUID with surrounding spaces', value: ` ${id}\n` })),
    real.map((id) => ({ kind: 'UUID in braces', value: `{${id}}` })),
    real.map((id) => ({ kind: 'UUID without dashes', value: id.replaceAll('-', '') })),
    real.map((id) => ({ kind: 'UUID with a NUL', value: `${id}\u0000` })),
    ...(others.length ? [core(fc.constantFrom(...others).map((value) => ({ kind: 'UUID of another entity', value })))] : []),
    core(fc.uuid().map((value) => ({ kind: 'unknown UUID', value }))),
    labelled('nil UUID', '00000000-0000-0000-0000-000000000000'),
    labelled('max UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    labelled('integer id', 12345),
    core(labelled('1 MB id', 'a'.repeat(KB * KB))),
    labelled('empty string', ''),
    labelled('boolean for an id', false),
    labelled('object for an id', { id: 'x' }),
  ];
}

/** [kind, value, tried on every place] */
const BAD_DATE_TIMES: [string, unknown, boolean?][] = [
  ['word', 'yesterday', true],
  ['month 13, day 45', '2026-13-45T10:00:00Z', true],
  ['30 February', '2026-02-30T10:00:00Z', true],
  ['hour 25', '2026-11-27T25:00:00Z'],
  ['no offset', '2026-11-27T09:30:00', true],
  ['offset +25:00', '2026-11-27T09:30:00+25:00'],
  ['date only', '2026-11-27'],
  ['year 0', '0000-01-01T00:00:00Z', true],
  ['year 99999', '+099999-01-01T00:00:00Z', true],
  ['year -1', '-000001-01-01T00:00:00Z'],
  ['year 1900', '1900-01-01T00:00:00Z'],
  ['year 9999', '9999-12-31T23:59:59.999Z'],
  ['nanoseconds', '2026-11-27T09:30:00.123456789Z'],
  ['epoch milliseconds', 1_764_236_400_000],
  ['empty string', ''],
  ['NUL inside', '2026-11-27T09:30:00Z\u0000'],
];

const BAD_DATES: [string, unknown, boolean?][] = [
  ['word', 'yesterday', true],
  ['month 13, day 45', '2026-13-45', true],
  ['30 February', '2026-02-30', true],
  ['29 February of a common year', '2027-02-29'],
  ['no zero padding', '2026-1-1'],
  ['date-time', '2026-11-27T10:00:00Z'],
  ['year 0', '0000-01-01', true],
  ['year 99999', '99999-01-01', true],
  ['year 1900', '1900-01-01'],
  ['year 9999', '9999-12-31'],
  ['number', 20_261_127],
  ['empty string', ''],
  ['NUL inside', '2026-11-27\u0000'],
];

function hostileTemporal(bad: [string, unknown, boolean?][], what: string): fc.Arbitrary<Hostile>[] {
  return [
    ...bad.map(([kind, value, tried]) => {
      const arbitrary = labelled(`${what}: ${kind}`, value);
      return tried ? core(arbitrary) : arbitrary;
    }),
    core(labelled(`object for a ${what}`, {})),
  ];
}

function hostileInts(): fc.Arbitrary<Hostile>[] {
  const tried = new Set(['2^31', '-2^31', '0', '-1']);
  return [
    ...(
      [
        ['2^31', 2 ** 31],
        ['2^31 - 1', 2 ** 31 - 1],
        ['-2^31', -(2 ** 31)],
        ['-2^31 - 1', -(2 ** 31) - 1],
        ['0', 0],
        ['-1', -1],
        ['fraction', 1.5],
        ['1e300', 1e300],
        ['2^53 + 2', 2 ** 53 + 2],
      ] as const
    ).map(([kind, value]) => (tried.has(kind) ? core : (arbitrary: fc.Arbitrary<Hostile>) => arbitrary)(labelled(`Int ${kind}`, value))),
    labelled('numeric string for an Int', '42'),
    labelled('boolean for an Int', true),
  ];
}

function hostileFloats(): fc.Arbitrary<Hostile>[] {
  return [
    fc
      .constantFrom<[string, unknown]>(['1e308', 1e308], ['-1e308', -1e308], ['5e-324', 5e-324], ['-0', -0], ['2^53 + 2', 2 ** 53 + 2])
      .map(([kind, value]) => ({ kind: `Float ${kind}`, value })),
    core(labelled('Float 1e308', 1e308)),
    labelled('string "NaN" for a Float', 'NaN'),
  ];
}

function hostileEnums(values: string[]): fc.Arbitrary<Hostile>[] {
  const first = values[0] ?? 'X';
  return [
    core(labelled('unknown enum value', 'NOT_A_VALUE')),
    labelled('lower-case enum value', first.toLowerCase()),
    labelled('enum value with a NUL', `${first}\u0000`),
    labelled('empty string for an enum', ''),
    labelled('number for an enum', 0),
  ];
}

function hostileNamed(place: Place, domain: ValueDomain): fc.Arbitrary<Hostile>[] {
  const type = getNullableType(place.type);
  if (isListType(type)) {
    return [
      core(labelled('object for a list', {})),
      labelled('list of null', [null]),
      labelled('empty list', []),
      core(fc.array(plausible(childPlace(place, 0, type.ofType), domain), { minLength: 51, maxLength: 120 }).map((value) => ({ kind: 'more than 50 elements', value }))),
    ];
  }
  if (isInputObjectType(type)) {
    return [
      core(labelled('string for an object', 'x')),
      labelled('list for an object', []),
      labelled('number for an object', 7),
      core(labelled('empty object', {})),
      labelled('__proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')),
    ];
  }
  if (isEnumType(type)) return hostileEnums(type.getValues().map((value) => value.name));
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return hostileIds(place, domain);
      case 'Int':
        return hostileInts();
      case 'Float':
        return hostileFloats();
      case 'Boolean':
        return [core(labelled('string for a Boolean', 'true')), labelled('number for a Boolean', 1)];
      case 'DateTime':
        return hostileTemporal(BAD_DATE_TIMES, 'DateTime');
      case 'Date':
        return hostileTemporal(BAD_DATES, 'Date');
      default:
        return hostileStrings(place, domain);
    }
  }
  return [];
}

function hostileKinds(place: Place, domain: ValueDomain): fc.Arbitrary<Hostile>[] {
  const absent = isNonNullType(place.type)
    ? [core(labelled('null for a required value', null)), core(labelled('required value missing', MISSING))]
    : [core(labelled('null', null)), labelled('left out', MISSING)];
  return [...absent, ...hostileNamed(place, domain)];
}

export function hostile(place: Place, domain: ValueDomain): fc.Arbitrary<Hostile> {
  return fc.oneof(...hostileKinds(place, domain));
}

// ——— cases ———

/**
 * The variables with the value at `path` replaced (or removed, for MISSING). Containers on
 * the way are created when absent, so a bad field can sit in an object the plausible value
 * left out; false when the way is blocked by a value that is not a container.
 */
function replaced(variables: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> | undefined {
  const copy = structuredClone(variables);
  let container: any = copy;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      if (value === MISSING) {
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key];
      } else {
        container[key] = value;
      }
      return copy;
    }
    const next = container[key];
    if (next === undefined || next === null) container[key] = typeof path[index + 1] === 'number' ? [] : {};
    else if (typeof next !== 'object') return undefined;
    else if (Array.isArray(next) !== (typeof path[index + 1] === 'number')) return undefined;
    container = container[key];
  }
  return copy;
}

function holds(variables: Record<string, unknown>, path: (string | number)[]): boolean {
  let container: unknown = variables;
  for (const key of path.slice(0, -1)) {
    if (typeof container !== 'object' || container === null) return false;
    container = (container as Record<string | number, unknown>)[key];
  }
  return typeof container === 'object' && container !== null;
}

function withHostility(variables: Record<string, unknown>, changes: { place: Place; bad: Hostile }[]): FuzzCase {
  let result = variables;
  const hostileList: FuzzCase['hostile'] = [];
  // Outer places first, so a bad field inside a bad object is applied, not overwritten.
  for (const { place, bad } of [...changes].sort((a, b) => a.place.path.length - b.place.path.length)) {
    const next = replaced(result, place.path, bad.value);
    if (!next) continue;
    result = next;
    hostileList.push({ place: place.label, kind: bad.kind });
  }
  return { variables: result, hostile: hostileList };
}

/**
 * Cases for one operation: all plausible now and then, mostly one bad place, sometimes
 * several at once.
 */
export function fuzzCases(slots: ArgumentSlot[], domain: ValueDomain): fc.Arbitrary<FuzzCase> {
  const places = placesOf(slots);
  const variables = plausibleVariables(slots, domain);
  const hostileAt = (place: Place) => hostile(place, domain).map((bad) => ({ place, bad }));
  const allPlausible = variables.map((values): FuzzCase => ({ variables: values, hostile: [] }));
  const oneBad = fc
    .tuple(variables, fc.constantFrom(...places))
    .chain(([values, place]) => hostileAt(place).map((change) => withHostility(values, [change])));
  const severalBad = fc
    .tuple(variables, fc.subarray(places, { minLength: Math.min(2, places.length), maxLength: Math.min(4, places.length) }))
    .chain(([values, chosen]) => fc.tuple(...chosen.map(hostileAt)).map((changes) => withHostility(values, changes)));
  return fc.oneof({ weight: 1, arbitrary: allPlausible }, { weight: 6, arbitrary: oneBad }, { weight: 2, arbitrary: severalBad });
}

/**
 * One case per place and core kind of bad value, the rest plausible: what the random runs
 * could miss by chance. `include` picks the places (a place shared by several operations
 * need not be tried by each).
 */
export function coreCases(slots: ArgumentSlot[], domain: ValueDomain, seed: number, include: (place: Place) => boolean = () => true): FuzzCase[] {
  const variables = plausibleVariables(slots, domain);
  const cases: FuzzCase[] = [];
  for (const place of placesOf(slots).filter(include)) {
    for (const kind of hostileKinds(place, domain).filter((arbitrary) => CORE.has(arbitrary))) {
      const draw = { seed: seed + cases.length, numRuns: 1 };
      // Plausible values that hold the place's object (an optional address, a first rate), so
      // the bad value sits among valid fields rather than in an object missing its required ones.
      const candidates = fc.sample(variables, { ...draw, numRuns: 20 });
      const values = candidates.find((candidate) => holds(candidate, place.path)) ?? candidates[0]!;
      cases.push(withHostility(values, [{ place, bad: fc.sample(kind, draw)[0]! }]));
    }
  }
  return cases;
}

/** JSON for a report line: long strings cut, control characters left visible by JSON escaping. */
export function abbreviated(value: unknown, maxString = 60, maxTotal = 600): string {
  const text = JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'string' && inner.length > maxString ? `${inner.slice(0, maxString)}…(${inner.length} chars)` : inner,
  );
  return text.length > maxTotal ? `${text.slice(0, maxTotal)}…` : text;
}
