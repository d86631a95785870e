/**
 * The access rules as the schemas declare them, read for people and for tests rather than for
 * enforcement: each subgraph's own schema and the composed supergraph, their rules
 * (access-rules.ts, the same reader the services enforce with), and which roles an operation
 * reaching a field along a path would be refused for. `npm run roles` prints README's role table
 * from this; the access-rule and role-matrix tests check the schemas and the servers against it.
 */
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSchema,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql';
import { composeSupergraph } from '../../gateway/composition.js';
import { SUBGRAPHS, schemaFileOf, type SubgraphName } from '../../subgraphs/catalog.js';
import { accessRulesOf, satisfies, type AccessRule, type AccessRules } from '../../subgraphs/shared/identity/access-rules.js';
import { identityOf, ROLES, type Role } from '../../subgraphs/shared/identity/roles.js';

export const ROOT_TYPES = ['Query', 'Mutation'] as const;

export interface ObjectTypeDeclaration {
  name: string;
  /** The type's own directives, over its definition and any extensions in the same document. */
  directives: readonly ConstDirectiveNode[];
  fields: readonly FieldDefinitionNode[];
}

export interface SubgraphAccess {
  name: SubgraphName;
  document: DocumentNode;
  /** The schema the subgraph serves, with Federation's _entities and _service. */
  schema: GraphQLSchema;
  rules: AccessRules;
  objectTypes: ReadonlyMap<string, ObjectTypeDeclaration>;
}

export interface SupergraphAccess {
  document: DocumentNode;
  /** The public API the gateway serves. */
  apiSchema: GraphQLSchema;
  rules: AccessRules;
}

/** Object types as one subgraph declares them (definitions and extensions merged). */
export function objectTypesOf(document: DocumentNode): Map<string, ObjectTypeDeclaration> {
  const types = new Map<string, ObjectTypeDeclaration>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const node = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const known = types.get(node.name.value);
    types.set(node.name.value, {
      name: node.name.value,
      directives: [...(known?.directives ?? []), ...(node.directives ?? [])],
      fields: [...(known?.fields ?? []), ...(node.fields ?? [])],
    });
  }
  return types;
}

export function subgraphAccess(name: SubgraphName, readSchema: (file: string) => string = (file) => readFileSync(file, 'utf8')): SubgraphAccess {
  const document = parse(readSchema(schemaFileOf(name)));
  return { name, document, schema: buildSubgraphSchema({ typeDefs: document }), rules: accessRulesOf(document), objectTypes: objectTypesOf(document) };
}

export function everySubgraphAccess(readSchema?: (file: string) => string): SubgraphAccess[] {
  return SUBGRAPHS.map(({ name }) => subgraphAccess(name, readSchema));
}

export function supergraphAccess(readSchema?: (file: string) => string): SupergraphAccess {
  const { supergraphSdl, apiSchemaSdl } = composeSupergraph(readSchema);
  const document = parse(supergraphSdl);
  return { document, apiSchema: buildSchema(apiSchemaSdl), rules: accessRulesOf(document) };
}

/** The field names a type's @key directives name (Integra's keys are plain field lists). */
export function keyFieldsOf(type: ObjectTypeDeclaration): Set<string> {
  const keys = new Set<string>();
  for (const directive of type.directives) {
    if (directive.name.value !== 'key') continue;
    const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
    if (fields?.kind === Kind.STRING) for (const field of fields.value.split(/\s+/).filter(Boolean)) keys.add(field);
  }
  return keys;
}

/** Whether `_entities` resolves the type here: it has a @key that is not `resolvable: false`. */
export function isResolvableEntity(type: ObjectTypeDeclaration): boolean {
  return type.directives.some(
    (directive) =>
      directive.name.value === 'key' &&
      !directive.arguments?.some((argument) => argument.name.value === 'resolvable' && argument.value.kind === Kind.BOOLEAN && !argument.value.value),
  );
}

/**
 * A key field of an entity another subgraph also declares (billing's `Customer.id`, its
 * `Contract` stub): the caller already holds its value, the representation it sent, so it
 * needs no rule of its own here; the entity's owner guards it in the supergraph.
 */
export function isForeignKeyField(subgraph: SubgraphAccess, others: readonly SubgraphAccess[], typeName: string, fieldName: string): boolean {
  const type = subgraph.objectTypes.get(typeName);
  if (!type || !keyFieldsOf(type).has(fieldName)) return false;
  return others.some((other) => other.name !== subgraph.name && other.objectTypes.get(typeName)?.fields.some((field) => field.name.value === fieldName));
}

/** One step of an operation's way to a field: a field selected on its parent, or a fragment on a type. */
export type Step = { parent: string; field: string; returns: string } | { fragmentOn: string };

/**
 * What an operation selecting along `steps` is refused for with these roles: each field's own
 * rule, the rule of the type it returns, and the rule of a fragment's type, as the services check them.
 */
export function deniedAlong(rules: AccessRules, steps: readonly Step[], roles: Iterable<string>): string[] {
  const identity = identityOf('rule-check', roles);
  const denied = new Set<string>();
  const check = (coordinate: string, rule: AccessRule | undefined) => {
    if (rule && !satisfies(rule, identity)) denied.add(coordinate);
  };
  for (const step of steps) {
    if ('fragmentOn' in step) {
      check(step.fragmentOn, rules.types.get(step.fragmentOn));
      continue;
    }
    check(`${step.parent}.${step.field}`, rules.fields.get(`${step.parent}.${step.field}`));
    check(step.returns, rules.types.get(step.returns));
  }
  return [...denied];
}

/** The roles that may each, on their own, select along `steps`. */
export function rolesAdmitted(rules: AccessRules, steps: readonly Step[]): Role[] {
  return ROLES.filter((role) => deniedAlong(rules, steps, [role]).length === 0);
}

/** A rule as one list of role sets, each sorted, for comparing rules read from different documents. */
export function normalizedRule(rule: AccessRule | undefined): string {
  if (!rule) return 'none';
  if (rule.anyOf.length === 0) return 'authenticated';
  return rule.anyOf.map((set) => [...set].sort().join('+')).sort().join(' | ');
}
