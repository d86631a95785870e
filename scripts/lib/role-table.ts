/**
 * README's role table, printed from the schemas (npm run roles): for each subgraph, who may use
 * each Query and Mutation field, and who may read each guarded type, with the type's fields that
 * fewer roles may read. Admission is the supergraph's, as the gateway enforces it: a field's own
 * rule, its type's, and the rule of the type it returns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getNamedType, type GraphQLSchema } from 'graphql';
import { projectRoot } from '../../subgraphs/catalog.js';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '../../subgraphs/shared/identity/roles.js';
import {
  everySubgraphAccess,
  isForeignKeyField,
  ROOT_TYPES,
  rolesAdmitted,
  supergraphAccess,
  type Step,
  type SubgraphAccess,
  type SupergraphAccess,
} from './schema-access.js';

export const README_FILE = path.join(projectRoot, 'README.md');
export const ROLES_START = '<!-- roles:start -->';
export const ROLES_END = '<!-- roles:end -->';

const RULE_DIRECTIVES = new Set(['authenticated', 'requiresScopes']);

function returnedType(schema: GraphQLSchema, parent: string, field: string): string {
  const type = schema.getType(parent);
  if (!type || !('getFields' in type)) throw new Error(`${parent} is not an object type of the supergraph`);
  const definition = type.getFields()[field];
  if (!definition) throw new Error(`${parent}.${field} is not in the supergraph`);
  return getNamedType(definition.type).name;
}

const fieldStep = (supergraph: SupergraphAccess, parent: string, field: string): Step => ({ parent, field, returns: returnedType(supergraph.apiSchema, parent, field) });

function checkmarks(admitted: readonly Role[]): string {
  return ROLES.map((role) => (admitted.includes(role) ? '✓' : ' ')).join(' | ');
}

const header = (first: string, last: string[] = []) =>
  [`| ${[first, ...ROLES, ...last].join(' | ')} |`, `|${[first, ...ROLES, ...last].map(() => '---').join('|')}|`];

function rootRows(subgraph: SubgraphAccess, supergraph: SupergraphAccess): string[] {
  const rows: string[] = [];
  for (const root of ROOT_TYPES) {
    for (const field of subgraph.objectTypes.get(root)?.fields ?? []) {
      const admitted = rolesAdmitted(supergraph.rules, [fieldStep(supergraph, root, field.name.value)]);
      rows.push(`| \`${root}.${field.name.value}\` | ${checkmarks(admitted)} |`);
    }
  }
  return rows;
}

/** Fields admitting fewer roles than their type, grouped by who may read them. */
function narrowerFields(subgraph: SubgraphAccess, all: readonly SubgraphAccess[], supergraph: SupergraphAccess, typeName: string, typeRoles: readonly Role[]): string {
  const groups = new Map<string, string[]>();
  for (const field of subgraph.objectTypes.get(typeName)!.fields) {
    if (isForeignKeyField(subgraph, all, typeName, field.name.value)) continue;
    const admitted = rolesAdmitted(supergraph.rules, [{ fragmentOn: typeName }, fieldStep(supergraph, typeName, field.name.value)]);
    if (admitted.length === typeRoles.length) continue;
    const who = admitted.length ? admitted.join(', ') : 'nobody';
    groups.set(who, [...(groups.get(who) ?? []), `\`${field.name.value}\``]);
  }
  return [...groups].map(([who, fields]) => `${fields.join(', ')}: ${who}`).join('; ');
}

function typeSection(subgraph: SubgraphAccess, all: readonly SubgraphAccess[], supergraph: SupergraphAccess): string[] {
  const rows: string[] = [];
  const openToAnyone: string[] = [];
  for (const type of subgraph.objectTypes.values()) {
    if ((ROOT_TYPES as readonly string[]).includes(type.name)) continue;
    const ownFields = type.fields.filter((field) => !isForeignKeyField(subgraph, all, type.name, field.name.value));
    if (ownFields.length === 0) continue;
    const typeRoles = rolesAdmitted(supergraph.rules, [{ fragmentOn: type.name }]);
    const narrower = narrowerFields(subgraph, all, supergraph, type.name, typeRoles);
    if (typeRoles.length === ROLES.length && !narrower) {
      openToAnyone.push(`\`${type.name}\``);
      continue;
    }
    const declaresRule = type.directives.some((directive) => RULE_DIRECTIVES.has(directive.name.value));
    const owner = declaresRule ? undefined : all.find((other) => other.objectTypes.get(type.name)?.directives.some((directive) => RULE_DIRECTIVES.has(directive.name.value)));
    const label = owner ? `\`${type.name}\` (${owner.name}'s type; the fields ${subgraph.name} adds)` : `\`${type.name}\``;
    rows.push(`| ${label} | ${checkmarks(typeRoles)} | ${narrower} |`);
  }
  const lines = rows.length ? ['', ...header('Type', ['Fields fewer roles may read']), ...rows] : [];
  if (openToAnyone.length) lines.push('', `Any caller with a verified identity may read ${openToAnyone.join(', ')} where a field above leads to them.`);
  return lines;
}

/** The Markdown between README's role markers. */
export function renderRoleTable(all: readonly SubgraphAccess[] = everySubgraphAccess(), supergraph: SupergraphAccess = supergraphAccess()): string {
  const lines = [
    '| Role | For |',
    '|---|---|',
    ...ROLES.map((role) => `| \`${role}\` | ${ROLE_DESCRIPTIONS[role]} |`),
    '',
    'A ✓ means a token with that role alone may use the field or read the type (its own rule, its type\'s and the rule of the type it returns all admit the role).',
  ];
  for (const subgraph of all) {
    lines.push('', `### Roles in ${subgraph.name}`, '', ...header('Field'), ...rootRows(subgraph, supergraph), ...typeSection(subgraph, all, supergraph));
  }
  return `${lines.join('\n')}\n`;
}

export class RoleTableMarkersMissing extends Error {}

/** README.md with `table` between its role markers. */
export function withRoleTable(readme: string, table: string): string {
  const start = readme.indexOf(ROLES_START);
  const end = readme.indexOf(ROLES_END);
  if (start < 0 || end < start) throw new RoleTableMarkersMissing(`README.md needs the lines ${ROLES_START} and ${ROLES_END} where the role table goes`);
  return `${readme.slice(0, start + ROLES_START.length)}\n${table}${readme.slice(end)}`;
}

/** Whether README.md holds the current table. */
export function roleTableIsCurrent(table = renderRoleTable()): boolean {
  const readme = readFileSync(README_FILE, 'utf8');
  return withRoleTable(readme, table) === readme;
}

/** Writes the current table into README.md; true when it changed. */
export function writeRoleTable(table = renderRoleTable()): boolean {
  const readme = readFileSync(README_FILE, 'utf8');
  const updated = withRoleTable(readme, table);
  if (updated === readme) return false;
  writeFileSync(README_FILE, updated);
  return true;
}
