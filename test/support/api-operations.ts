/**
 * Operations derived from the public API schema rather than listed by hand, so that a new
 * mutation, query or argument is exercised by the tests that use them without anyone
 * remembering to add it. Every argument is passed as a variable, so a test can send any JSON.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

export interface ArgumentSlot {
  /** The variable name in the document. */
  variable: string;
  /** Where the argument is, as a client reads it: `customer.contractRates(at)`. */
  argument: string;
  /** The argument's own name (`at`), the field that takes it and that field's type (`Customer`). */
  name: string;
  field: GraphQLField<unknown, unknown>;
  parent: string;
  type: GraphQLInputType;
}

export interface ApiOperation {
  kind: 'query' | 'mutation';
  /** The root field, and the type it returns. */
  name: string;
  returns: string;
  document: string;
  slots: ArgumentSlot[];
}

export function loadApiSchema(path = new URL('../../gateway/api-schema.graphql', import.meta.url)): GraphQLSchema {
  return buildSchema(readFileSync(path, 'utf8'));
}

/** Leaves that make an answer meaningful without making it large: the id and a couple more. */
const LEAVES_PER_TYPE = 3;

/**
 * How many fields without arguments a query may go through to reach one that has them
 * (`customers` → `edges` → `node` → `contractRates(at)`).
 */
const MAX_DEPTH = 3;

interface Selection {
  text: string;
  slots: ArgumentSlot[];
}

function selectionOf(type: GraphQLObjectType, path: string[], depth: number, onPath: Set<string>, followArguments: boolean): Selection {
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)) && field.args.every((arg) => !isNonNullType(arg.type)));
  const chosenLeaves = [...leaves.filter((field) => field.name === 'id'), ...leaves.filter((field) => field.name !== 'id')].slice(0, LEAVES_PER_TYPE);
  const parts = chosenLeaves.map((field) => field.name);
  const slots: ArgumentSlot[] = [];
  if (followArguments) {
    for (const field of fields) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || onPath.has(target.name)) continue;
      if (!field.args.length && depth >= MAX_DEPTH) continue;
      const inner = selectionOf(target, [...path, field.name], depth + 1, new Set([...onPath, target.name]), true);
      // A field without arguments is worth selecting only as the way to one that has them.
      if (!field.args.length && !inner.slots.length) continue;
      const own = argumentSlots(type.name, field, [...path, field.name]);
      parts.push(`${field.name}${argumentList(own)} ${inner.text}`);
      slots.push(...own, ...inner.slots);
    }
  }
  return { text: `{ ${parts.length ? parts.join(' ') : '__typename'} }`, slots };
}

function argumentSlots(parent: string, field: GraphQLField<unknown, unknown>, path: string[]): ArgumentSlot[] {
  return field.args.map((arg) => ({
    parent,
    variable: [...path, arg.name].join('_'),
    argument: `${path.join('.')}(${arg.name})`,
    name: arg.name,
    field,
    type: arg.type,
  }));
}

function argumentList(slots: ArgumentSlot[]): string {
  return slots.length ? `(${slots.map((slot) => `${slot.name}: $${slot.variable}`).join(', ')})` : '';
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): ApiOperation {
  const own = argumentSlots(kind === 'query' ? 'Query' : 'Mutation', field, [field.name]);
  const target = getNamedType(field.type);
  // A mutation's input is what is under test; nested query arguments are covered by the queries.
  const inner = isObjectType(target) ? selectionOf(target, [field.name], 1, new Set([target.name]), kind === 'query') : { text: '', slots: [] };
  const slots = [...own, ...inner.slots];
  const declarations = slots.length ? `(${slots.map((slot) => `$${slot.variable}: ${slot.type.toString()}`).join(', ')})` : '';
  const operationName = `Fuzz_${field.name}`;
  return {
    kind,
    name: field.name,
    returns: target.name,
    document: `${kind} ${operationName}${declarations} { ${field.name}${argumentList(own)} ${inner.text} }`,
    slots,
  };
}

/** Every mutation, and every query that takes an argument anywhere in what it selects. */
export function apiOperations(schema: GraphQLSchema): ApiOperation[] {
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {})
    .map((field) => operationFor('query', field))
    .filter((operation) => operation.slots.length > 0);
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => operationFor('mutation', field));
  return [...queries, ...mutations];
}
