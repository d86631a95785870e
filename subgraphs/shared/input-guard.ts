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

export interface InputGuardOptions {
  maxStringLength?: number;
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

function checkArguments(args: readonly ArgumentNode[] | undefined, walk: Walk): UnsafeString | null {
  for (const argument of args ?? []) {
    const found = checkValue(argument.value, argument.name.value, walk);
    if (found) return found;
  }
  return null;
}

function checkSelections(selectionSet: SelectionSetNode | undefined, walk: Walk): UnsafeString | null {
  for (const selection of selectionSet?.selections ?? []) {
    const found =
      checkArguments(selection.directives?.flatMap((directive) => directive.arguments ?? []), walk) ??
      (selection.kind === Kind.FIELD
        ? checkArguments(selection.arguments, walk) ?? checkSelections(selection.selectionSet, walk)
        : selection.kind === Kind.INLINE_FRAGMENT
          ? checkSelections(selection.selectionSet, walk)
          : checkFragment(selection.name.value, walk));
    if (found) return found;
  }
  return null;
}

function checkFragment(name: string, walk: Walk): UnsafeString | null {
  if (walk.visitedFragments.has(name)) return null;
  walk.visitedFragments.add(name);
  return checkSelections(walk.fragments.get(name)?.selectionSet, walk);
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
): UnsafeString | null {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { variables, defaults, fragments, visitedFragments: new Set(), maxLength };
  return (
    checkArguments(operation.directives?.flatMap((directive) => directive.arguments ?? []), walk) ??
    checkSelections(operation.selectionSet, walk)
  );
}

/** Refuses the request with BAD_USER_INPUT naming the argument, before any resolver runs. */
export function inputGuardPlugin<Context extends BaseContext>(options: InputGuardOptions = {}): ApolloServerPlugin<Context> {
  const maxLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const unsafe = findUnsafeString(operation, document, request.variables ?? {}, maxLength);
          if (!unsafe) return;
          // Apollo Server takes `http` out of the extensions and uses it as the response's status.
          throw badUserInput(unsafe.field, unsafe.problem, { http: { status: 400 } });
        },
      };
    },
  };
}
