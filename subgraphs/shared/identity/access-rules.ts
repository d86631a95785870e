/**
 * Who may select what, read from a schema's own Federation directives: `@authenticated` and
 * `@requiresScopes(scopes: [["a", "b"], ["c"]])` (a or-list of and-lists; Integra's scopes are
 * its roles). The gateway reads them from the composed supergraph, each subgraph from its own
 * schema, and both refuse an operation that selects anything the caller's roles do not open,
 * before anything runs: nothing is read, nothing is written, and the error names what is missing.
 *
 * A rule on a type applies wherever the type is reached (a field returning it, a fragment on
 * it), as in Federation; a rule on a field applies to that field; both must hold.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Identity } from './roles.js';
import { OperationMemo } from '../operation-memo.js';

export interface AccessRule {
  /** Any verified identity. */
  authenticated: boolean;
  /** One of these sets of roles, all of a set (empty: no role needed). */
  anyOf: string[][];
}

export interface AccessRules {
  types: Map<string, AccessRule>;
  /** By `Type.field`. */
  fields: Map<string, AccessRule>;
}

function directiveKind(name: string): 'authenticated' | 'requiresScopes' | null {
  // Imported under its own name in a subgraph, or qualified (federation__requiresScopes), or as the supergraph links it.
  const bare = name.replace(/^federation__/, '');
  if (bare === 'authenticated') return 'authenticated';
  if (bare === 'requiresScopes') return 'requiresScopes';
  return null;
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): AccessRule | null {
  let rule: AccessRule | null = null;
  for (const directive of directives ?? []) {
    const kind = directiveKind(directive.name.value);
    if (!kind) continue;
    rule ??= { authenticated: false, anyOf: [] };
    if (kind === 'authenticated') {
      rule.authenticated = true;
      continue;
    }
    const scopes = directive.arguments?.find((argument) => argument.name.value === 'scopes')?.value;
    if (scopes?.kind !== Kind.LIST) throw new Error(`@${directive.name.value} needs scopes: [[String!]!]!`);
    const sets = scopes.values.map((set) => {
      if (set.kind !== Kind.LIST) throw new Error(`@${directive.name.value}(scopes:) takes a list of lists of role names`);
      return set.values.map((scope) => {
        if (scope.kind !== Kind.STRING) throw new Error(`@${directive.name.value}(scopes:) takes role names as strings`);
        return scope.value;
      });
    });
    // Several @requiresScopes on one element (a supergraph merging subgraphs) must all hold: combine as and.
    rule.anyOf = rule.anyOf.length === 0 ? sets : rule.anyOf.flatMap((left) => sets.map((right) => [...new Set([...left, ...right])]));
  }
  return rule;
}

/** The rules written in a schema document (a subgraph's schema.graphql, or the supergraph). */
export function accessRulesOf(document: DocumentNode): AccessRules {
  const rules: AccessRules = { types: new Map(), fields: new Map() };
  const merge = (map: Map<string, AccessRule>, key: string, rule: AccessRule | null) => {
    if (!rule) return;
    const known = map.get(key);
    map.set(key, known ? { authenticated: known.authenticated || rule.authenticated, anyOf: combine(known.anyOf, rule.anyOf) } : rule);
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('fields' in definition)) continue;
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) continue;
    const typeName = definition.name.value;
    merge(rules.types, typeName, ruleOf(definition.directives));
    for (const field of definition.fields ?? []) merge(rules.fields, `${typeName}.${field.name.value}`, ruleOf(field.directives as readonly ConstDirectiveNode[]));
  }
  return rules;
}

function combine(left: string[][], right: string[][]): string[][] {
  if (left.length === 0) return right;
  if (right.length === 0) return left;
  return left.flatMap((a) => right.map((b) => [...new Set([...a, ...b])]));
}

export function satisfies(rule: AccessRule, identity: Identity | undefined): boolean {
  if (!identity) return false;
  return rule.anyOf.length === 0 || rule.anyOf.some((set) => set.every((role) => identity.roles.has(role)));
}

export function describeRule(rule: AccessRule): string {
  if (rule.anyOf.length === 0) return 'a verified identity';
  const sets = rule.anyOf.map((set) => set.join(' and '));
  return `the role ${sets.length === 1 ? sets[0] : `${sets.slice(0, -1).join(', ')} or ${sets.at(-1)}`}`;
}

export interface Denial {
  /** `Type.field`, or `Type` for a fragment on a guarded type. */
  coordinate: string;
  needs: string[][];
}

/** Fields every caller with an identity may select: how GraphQL and Federation work, not data. */
const OPEN_FIELDS = new Set(['__typename', '__schema', '__type']);

/** A rule `operation` meets, where it first meets it. */
interface GuardedSelection {
  coordinate: string;
  rule: AccessRule;
}

/** Every guarded type and field `operation` (with the document's fragments) selects, once each, in document order. */
function guardedSelections(schema: GraphQLSchema, rules: AccessRules, document: DocumentNode, operation: OperationDefinitionNode): GuardedSelection[] {
  const guarded = new Map<string, GuardedSelection>();
  const meet = (coordinate: string, rule: AccessRule | undefined) => {
    if (rule && !guarded.has(coordinate)) guarded.set(coordinate, { coordinate, rule });
  };
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent || OPEN_FIELDS.has(node.name.value)) return;
      meet(`${parent.name}.${node.name.value}`, rules.fields.get(`${parent.name}.${node.name.value}`));
      const returned = typeInfo.getType();
      if (returned) {
        const named = getNamedType(returned).name;
        meet(named, rules.types.get(named));
      }
    },
    InlineFragment(node) {
      if (node.typeCondition) meet(node.typeCondition.name.value, rules.types.get(node.typeCondition.name.value));
    },
    FragmentDefinition(node) {
      meet(node.typeCondition.name.value, rules.types.get(node.typeCondition.name.value));
    },
  });
  visit(operation, visitor);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, visitor);
  return [...guarded.values()];
}

function denialsAmong(guarded: readonly GuardedSelection[], identity: Identity | undefined): Denial[] {
  return guarded.filter(({ rule }) => !satisfies(rule, identity)).map(({ coordinate, rule }) => ({ coordinate, needs: rule.anyOf }));
}

/** What `operation` (with the fragments it spreads) selects that `identity` may not. */
export function deniedSelections(schema: GraphQLSchema, rules: AccessRules, document: DocumentNode, operation: OperationDefinitionNode, identity: Identity | undefined): Denial[] {
  return denialsAmong(guardedSelections(schema, rules, document, operation), identity);
}

export function forbidden(denials: Denial[], identity: Identity | undefined): GraphQLError {
  const shown = denials.slice(0, 5).map((denial) => `${denial.coordinate} needs ${describeRule({ authenticated: true, anyOf: denial.needs })}`);
  const more = denials.length > shown.length ? ` (and ${denials.length - shown.length} more)` : '';
  const held = identity && identity.roles.size ? [...identity.roles].sort().join(', ') : 'none';
  return new GraphQLError(`Not allowed: ${shown.join('; ')}${more}. Your roles: ${held}. Nothing was read or changed.`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 }, missing: denials.map(({ coordinate, needs }) => ({ coordinate, anyOf: needs })) },
  });
}

/** Refuses, before any resolver runs, an operation that selects what the caller may not. */
export function accessRulesPlugin<Context extends BaseContext & { identity?: Identity }>(rules: AccessRules): ApolloServerPlugin<Context> {
  // What an operation selects depends on its document and schema alone: walked once, not per request.
  const guardedSelectionsOf = new OperationMemo<GuardedSelection[]>();
  const guardedIn = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) =>
    guardedSelectionsOf.get(schema, operation) ?? guardedSelectionsOf.set(schema, operation, guardedSelections(schema, rules, document, operation));
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const denials = denialsAmong(guardedIn(schema, document, operation), contextValue.identity);
          if (denials.length) throw forbidden(denials, contextValue.identity);
        },
      };
    },
  };
}
