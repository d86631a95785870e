/**
 * A guard every server runs before any resolver: no string argument may carry a NUL character
 * or be absurdly long. PostgreSQL cannot store NUL in text at all, and a resolver that forgets
 * to validate one argument would otherwise answer with a database error; a megabyte-long id or
 * lookup key would travel to the database for nothing. The domain rules (zod) remain the place
 * for each field's real limits; this is the net under every argument, including those no rule
 * looks at (ids, lookup keys, `_entities` representations).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  Kind,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { badUserInput } from './errors.js';

/** Far above any field's own limit, so it only ever refuses what no field could want. */
export const DEFAULT_MAX_STRING_LENGTH = 10_000;

/**
 * The few root-field arguments that legitimately carry a whole file, each with its own bound
 * (under the 1 MB request body limit); every other string keeps the default. The gateway and the
 * subgraphs apply the same list.
 */
export const LONG_STRING_ARGUMENTS: readonly LongStringArgument[] = [
  // An SdI notification as SdI wrote it: billing's parser refuses more than 512 KiB (MAX_NOTIFICATION_BYTES).
  { operation: 'mutation', field: 'importSdiNotification', argument: 'xml', maxLength: 512 * 1024 },
];

export interface LongStringArgument {
  operation: 'query' | 'mutation';
  /** A root field of that operation (by name, whatever its alias). */
  field: string;
  argument: string;
  maxLength: number;
}

export interface InputGuardOptions {
  maxStringLength?: number;
  longStringArguments?: readonly LongStringArgument[];
}

export interface UnsafeString {
  /** The argument path, as in BAD_USER_INPUT's `field`: `filter.search`, `representations.0.id`. */
  field: string;
  problem: string;
}

type Variables = Readonly<Record<string, unknown>>;

function checkString(value: string, field: string, maxLength: number): UnsafeString | null {
  // Length first: a NUL search over a huge string is exactly the work the limit saves.
  if (value.length > maxLength) return { field, problem: `must be at most ${maxLength} characters` };
  if (value.includes('\u0000')) return { field, problem: 'must not contain the NUL character (\\u0000)' };
  return null;
}

/** A variable's value as the client sent it (JSON): strings anywhere inside, object keys included. */
function checkJson(value: unknown, field: string, maxLength: number): UnsafeString | null {
  if (typeof value === 'string') return checkString(value, field, maxLength);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = checkJson(item, `${field}.${index}`, maxLength);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = checkString(key, `${field}.${key}`, maxLength) ?? checkJson(item, `${field}.${key}`, maxLength);
      if (found) return found;
    }
  }
  return null;
}

interface Walk {
  variables: Variables;
  defaults: ReadonlyMap<string, ValueNode>;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  visitedFragments: Set<string>;
  maxLength: number;
  /** Root field name -> argument name -> its own limit, for this operation's type. */
  rootLimits: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

function checkValue(node: ValueNode, field: string, walk: Walk): UnsafeString | null {
  switch (node.kind) {
    case Kind.STRING:
      return checkString(node.value, field, walk.maxLength);
    case Kind.VARIABLE: {
      const name = node.name.value;
      if (Object.hasOwn(walk.variables, name)) return checkJson(walk.variables[name], field, walk.maxLength);
      const fallback = walk.defaults.get(name);
      return fallback ? checkValue(fallback, field, walk) : null;
    }
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = checkValue(item, `${field}.${index}`, walk);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const member of node.fields) {
        const found = checkValue(member.value, `${field}.${member.name.value}`, walk);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

function checkArguments(args: readonly ArgumentNode[] | undefined, walk: Walk, limits?: ReadonlyMap<string, number>): UnsafeString | null {
  for (const argument of args ?? []) {
    const maxLength = limits?.get(argument.name.value);
    const found = checkValue(argument.value, argument.name.value, maxLength === undefined ? walk : { ...walk, maxLength });
    if (found) return found;
  }
  return null;
}

/** `atRoot`: the selections are the operation's root fields (directly, or through fragments on the root type). */
function checkSelections(selectionSet: SelectionSetNode | undefined, walk: Walk, atRoot = false): UnsafeString | null {
  for (const selection of selectionSet?.selections ?? []) {
    const found =
      checkArguments(selection.directives?.flatMap((directive) => directive.arguments ?? []), walk) ??
      (selection.kind === Kind.FIELD
        ? checkArguments(selection.arguments, walk, atRoot ? walk.rootLimits.get(selection.name.value) : undefined) ?? checkSelections(selection.selectionSet, walk)
        : selection.kind === Kind.INLINE_FRAGMENT
          ? checkSelections(selection.selectionSet, walk, atRoot)
          : checkFragment(selection.name.value, walk, atRoot));
    if (found) return found;
  }
  return null;
}

function checkFragment(name: string, walk: Walk, atRoot: boolean): UnsafeString | null {
  // A fragment spread at the root and elsewhere is checked in both places: the root's limits differ.
  const key = atRoot ? `root:${name}` : name;
  if (walk.visitedFragments.has(key)) return null;
  walk.visitedFragments.add(key);
  return checkSelections(walk.fragments.get(name)?.selectionSet, walk, atRoot);
}

function rootLimitsOf(operation: OperationDefinitionNode, longStringArguments: readonly LongStringArgument[]): Map<string, Map<string, number>> {
  const limits = new Map<string, Map<string, number>>();
  for (const { operation: type, field, argument, maxLength } of longStringArguments) {
    if (type !== operation.operation) continue;
    if (!limits.has(field)) limits.set(field, new Map());
    limits.get(field)!.set(argument, maxLength);
  }
  return limits;
}

/**
 * The first string argument of the operation (inline, from a variable, or a variable's
 * default) that contains NUL or exceeds the length limit; null when all are safe.
 */
export function findUnsafeString(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Variables = {},
  maxLength = DEFAULT_MAX_STRING_LENGTH,
  longStringArguments: readonly LongStringArgument[] = LONG_STRING_ARGUMENTS,
): UnsafeString | null {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { variables, defaults, fragments, visitedFragments: new Set(), maxLength, rootLimits: rootLimitsOf(operation, longStringArguments) };
  return (
    checkArguments(operation.directives?.flatMap((directive) => directive.arguments ?? []), walk) ??
    checkSelections(operation.selectionSet, walk, true)
  );
}

/** Refuses the request with BAD_USER_INPUT naming the argument, before any resolver runs. */
export function inputGuardPlugin<Context extends BaseContext>(options: InputGuardOptions = {}): ApolloServerPlugin<Context> {
  const maxLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  const longStringArguments = options.longStringArguments ?? LONG_STRING_ARGUMENTS;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const unsafe = findUnsafeString(operation, document, request.variables ?? {}, maxLength, longStringArguments);
          if (!unsafe) return;
          // Apollo Server takes `http` out of the extensions and uses it as the response's status.
          throw badUserInput(unsafe.field, unsafe.problem, { http: { status: 400 } });
        },
      };
    },
  };
}
