/**
 * The rules the schemas declare: every field has one (its own or its type's), the supergraph
 * keeps each subgraph's, and the decisions the roles were made for hold. The servers' enforcement
 * of them is role-matrix.test.ts; README's table of them is printed from the same reading.
 */
import { getNamedType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderRoleTable, roleTableIsCurrent } from '../../scripts/lib/role-table.js';
import {
  everySubgraphAccess,
  isForeignKeyField,
  normalizedRule,
  ROOT_TYPES,
  rolesAdmitted,
  supergraphAccess,
  type Step,
} from '../../scripts/lib/schema-access.js';
import { satisfies } from '../../subgraphs/shared/identity/access-rules.js';
import { identityOf, ROLES, type Role } from '../../subgraphs/shared/identity/roles.js';

const subgraphs = everySubgraphAccess();
const supergraph = supergraphAccess();

function objectType(name: string): GraphQLObjectType {
  const type = supergraph.apiSchema.getType(name);
  if (!type || !('getFields' in type)) throw new Error(`${name} is not an object type of the public API`);
  return type as GraphQLObjectType;
}

function fieldStep(coordinate: string): Step {
  const [parent, field] = coordinate.split('.') as [string, string];
  const definition = objectType(parent).getFields()[field];
  if (!definition) throw new Error(`${coordinate} is not in the public API`);
  return { parent, field, returns: getNamedType(definition.type).name };
}

/** Who may select `coordinate` through the gateway: a root field, `Type.field` reached on its type, or a `Type`. */
function whoMay(coordinate: string): Role[] {
  if (!coordinate.includes('.')) return rolesAdmitted(supergraph.rules, [{ fragmentOn: coordinate }]);
  const parent = coordinate.split('.')[0]!;
  const steps: Step[] = (ROOT_TYPES as readonly string[]).includes(parent) ? [fieldStep(coordinate)] : [{ fragmentOn: parent }, fieldStep(coordinate)];
  return rolesAdmitted(supergraph.rules, steps);
}

const rootFields = (root: (typeof ROOT_TYPES)[number]) => Object.keys(objectType(root).getFields()).map((field) => `${root}.${field}`);

describe('every field has a rule', () => {
  it('in every subgraph schema: its own @requiresScopes or @authenticated, or its type\'s (key fields of other subgraphs\' entities aside)', () => {
    const unguarded: string[] = [];
    for (const subgraph of subgraphs) {
      for (const type of subgraph.objectTypes.values()) {
        const typeRule = subgraph.rules.types.get(type.name);
        for (const field of type.fields) {
          const coordinate = `${type.name}.${field.name.value}`;
          if (typeRule || subgraph.rules.fields.has(coordinate) || isForeignKeyField(subgraph, subgraphs, type.name, field.name.value)) continue;
          unguarded.push(`${subgraph.name}: ${coordinate}`);
        }
      }
    }
    expect(unguarded, 'give these fields @requiresScopes (or their type one)').toEqual([]);
  });

  it('in the supergraph, also the key fields a subgraph leaves to the entity\'s owner', () => {
    const unguarded: string[] = [];
    for (const [name, type] of Object.entries(supergraph.apiSchema.getTypeMap())) {
      if (name.startsWith('__') || !('getFields' in type) || !('getInterfaces' in type)) continue;
      for (const field of Object.keys((type as GraphQLObjectType).getFields())) {
        if (!supergraph.rules.types.has(name) && !supergraph.rules.fields.has(`${name}.${field}`)) unguarded.push(`${name}.${field}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('and every role a Query or Mutation field admits may select what it returns', () => {
    const stranded: string[] = [];
    for (const coordinate of [...rootFields('Query'), ...rootFields('Mutation')]) {
      const rule = supergraph.rules.fields.get(coordinate);
      const byField = ROLES.filter((role) => rule && satisfies(rule, identityOf('rule-check', [role])));
      const withResult = whoMay(coordinate);
      for (const role of byField.filter((role) => !withResult.includes(role))) stranded.push(`${coordinate}: ${role}`);
    }
    expect(stranded).toEqual([]);
  });
});

describe('the supergraph keeps every subgraph\'s rules', () => {
  it('on fields and on types', () => {
    const changed: string[] = [];
    for (const subgraph of subgraphs) {
      for (const [coordinate, rule] of subgraph.rules.fields) {
        const composed = normalizedRule(supergraph.rules.fields.get(coordinate));
        if (composed !== normalizedRule(rule)) changed.push(`${subgraph.name} ${coordinate}: ${normalizedRule(rule)} became ${composed}`);
      }
      for (const [type, rule] of subgraph.rules.types) {
        const composed = normalizedRule(supergraph.rules.types.get(type));
        if (composed !== normalizedRule(rule)) changed.push(`${subgraph.name} ${type}: ${normalizedRule(rule)} became ${composed}`);
      }
    }
    expect(changed).toEqual([]);
  });
});

describe('the decisions the roles encode', () => {
  const cannot = (role: Role, coordinates: string[]) => coordinates.filter((coordinate) => whoMay(coordinate).includes(role));

  it('a salesperson cannot close billing periods, issue credit notes or read invoices', () => {
    expect(cannot('salesperson', ['Mutation.closeBillingPeriod', 'Mutation.closeBillingPeriods', 'Mutation.issueCreditNote', 'Query.invoice', 'Query.invoiceByNumber', 'Query.creditNote', 'Customer.invoices', 'Invoice', 'InvoiceLine', 'CreditNote'])).toEqual([]);
  });

  it('a mailing clerk cannot read contract rates or invoices', () => {
    expect(cannot('mailing-clerk', ['Customer.contractRates', 'Customer.contracts', 'Query.contract', 'Contract.rates', 'ContractRate', 'Customer.currentBilling', 'Customer.invoices', 'Query.invoice', 'Query.invoiceByNumber', 'Invoice'])).toEqual([]);
  });

  it('the bridge can only start, join, leave and end conferences', () => {
    const roots = [...rootFields('Query'), ...rootFields('Mutation')];
    expect(roots.filter((coordinate) => whoMay(coordinate).includes('bridge'))).toEqual([
      'Mutation.startConference',
      'Mutation.joinConference',
      'Mutation.leaveConference',
      'Mutation.endConference',
    ]);
  });

  it('an administrator reads every service\'s integration events and replays them everywhere', () => {
    const eventFields = [...rootFields('Query').filter((coordinate) => /IntegrationEvent(s|Counts)$/.test(coordinate)), ...rootFields('Mutation').filter((coordinate) => /^Mutation\.replay\w+IntegrationEvent$/.test(coordinate))];
    // Every service with an event outbox: billing, bookings and conferencing, a query, a count and a replay each.
    expect(eventFields).toHaveLength(9);
    expect(eventFields.filter((coordinate) => !whoMay(coordinate).includes('administrator'))).toEqual([]);
  });

  it('only a salesperson writes customers and contracts', () => {
    const salesMutations = subgraphs.find((subgraph) => subgraph.name === 'sales')!.objectTypes.get('Mutation')!.fields.map((field) => `Mutation.${field.name.value}`);
    expect(salesMutations.length).toBeGreaterThan(0);
    for (const coordinate of salesMutations) expect(whoMay(coordinate), coordinate).toEqual(['salesperson']);
  });

  it('a conference operator reads a reservation\'s access code and moderator PIN; a billing specialist cannot', () => {
    for (const coordinate of ['BridgeReservation.accessCode', 'BridgeReservation.moderatorPin', 'Booking.bridge']) {
      expect(whoMay(coordinate), coordinate).toContain('conference-operator');
      expect(whoMay(coordinate), coordinate).not.toContain('billing-specialist');
    }
  });
});

describe('README\'s role table', () => {
  it('is the one the schemas print (npm run roles -- --write, or npm run codegen)', () => {
    expect(roleTableIsCurrent(renderRoleTable(subgraphs, supergraph))).toBe(true);
  });
});
