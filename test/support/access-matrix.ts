/**
 * Operations generated from a schema, one per field: the least that selects it (its required
 * arguments filled with sample values that pass validation, `__typename` under an object), reached
 * from a root field or, in a subgraph, through `_entities`. The role-matrix test sends each of
 * them with every role and compares the answer with what the rules along its path admit.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Step } from '../../scripts/lib/schema-access.js';

/** The id every argument gets unless a real one is known: a valid UUID that names nothing. */
export const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** A literal per scalar the schemas use; a new scalar fails here until it has one. */
const SCALAR_SAMPLES: Record<string, string> = {
  ID: JSON.stringify(SAMPLE_ID),
  String: '"x"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  Date: '"2026-01-01"',
  DateTime: '"2026-01-01T00:00:00Z"',
};

/** A literal of `type` that passes validation: required input fields only, recursively; an enum's first value. */
export function sampleLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType);
  if (isListType(type)) return `[${sampleLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${fields.map((field) => `${field.name}: ${sampleLiteral(field.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    const sample = SCALAR_SAMPLES[type.name];
    if (!sample) throw new Error(`no sample value for the scalar ${type.name}: add one to SCALAR_SAMPLES`);
    return sample;
  }
  throw new Error(`no sample value for ${String(type)}`);
}

/** Ids of rows that exist, by type, so that reading follows real data into the other subgraphs. */
export type KnownIds = Partial<Record<string, string>>;

type Hop = { entity: string } | { parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> };

export interface MatrixOperation {
  /** `Type.field` the operation exists for. */
  coordinate: string;
  kind: 'query' | 'mutation';
  document: string;
  /** What the services check on the way, in order (see deniedAlong). */
  steps: Step[];
}

function argumentsOf(field: GraphQLField<unknown, unknown>, parent: GraphQLObjectType, known: KnownIds): string {
  const required = field.args.filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);
  if (required.length === 0) return '';
  const returned = getNamedType(field.type).name;
  const literal = (name: string, type: GraphQLInputType) =>
    // A Query field's own id: a real row, so the fields below it are resolved too. A mutation always gets the sample id.
    parent.name === 'Query' && name === 'id' && known[returned] ? JSON.stringify(known[returned]) : sampleLiteral(type);
  return `(${required.map((argument) => `${argument.name}: ${literal(argument.name, argument.type)}`).join(', ')})`;
}

function render(hops: Hop[], last: string, known: KnownIds): string {
  return hops.reduceRight((inner, hop) => {
    if ('entity' in hop) {
      const representation = `{ __typename: ${JSON.stringify(hop.entity)}, id: ${JSON.stringify(known[hop.entity] ?? SAMPLE_ID)} }`;
      return `_entities(representations: [${representation}]) { ... on ${hop.entity} { ${inner} } }`;
    }
    return `${hop.field.name}${argumentsOf(hop.field, hop.parent, known)} { ${inner} }`;
  }, last);
}

function stepsOf(hops: Hop[]): Step[] {
  return hops.flatMap((hop): Step[] =>
    'entity' in hop
      ? [{ parent: 'Query', field: '_entities', returns: '_Entity' }, { fragmentOn: hop.entity }]
      : [{ parent: hop.parent.name, field: hop.field.name, returns: getNamedType(hop.field.type).name }],
  );
}

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/**
 * The shortest way to each object type: through `_entities` for `entities`, else from a Query
 * field, and only from a Mutation field for what no query reaches.
 */
function waysToTypes(schema: GraphQLSchema, entities: readonly string[]): Map<string, Hop[]> {
  const ways = new Map<string, Hop[]>();
  const explore = (start: [string, Hop[]][]) => {
    const queue: [string, Hop[]][] = [];
    for (const [type, hops] of start) {
      if (ways.has(type)) continue;
      ways.set(type, hops);
      queue.push([type, hops]);
    }
    while (queue.length) {
      const [typeName, hops] = queue.shift()!;
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        const returned = getNamedType(field.type);
        if (!isObjectType(returned) || ways.has(returned.name)) continue;
        const way = [...hops, { parent: type, field }];
        ways.set(returned.name, way);
        queue.push([returned.name, way]);
      }
    }
  };
  const fromRoot = (root: GraphQLObjectType | null | undefined): [string, Hop[]][] =>
    Object.values(root?.getFields() ?? {})
      .filter((field) => !FEDERATION_FIELDS.has(field.name) && isObjectType(getNamedType(field.type)))
      .map((field) => [getNamedType(field.type).name, [{ parent: root!, field }]]);
  explore([...entities.map((entity): [string, Hop[]] => [entity, [{ entity }]]), ...fromRoot(schema.getQueryType())]);
  explore(fromRoot(schema.getMutationType()));
  return ways;
}

export interface MatrixOptions {
  /** Entity types `_entities` resolves (a subgraph reached directly); none for the gateway. */
  entities?: readonly string[];
  /** Fields that need no operation (a subgraph's key fields of other subgraphs' entities). */
  skip?: (typeName: string, fieldName: string) => boolean;
  known?: KnownIds;
}

/** One operation per field of every object type `schema` serves (Federation's own fields aside); throws naming a field no operation can reach. */
export function matrixOperations(schema: GraphQLSchema, { entities = [], skip = () => false, known = {} }: MatrixOptions = {}): MatrixOperation[] {
  const ways = waysToTypes(schema, entities);
  const rootNames = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  const operations: MatrixOperation[] = [];
  const unreachable: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service' || type === schema.getSubscriptionType()) continue;
    const isRoot = rootNames.has(type.name);
    const hops = isRoot ? [] : ways.get(type.name);
    for (const field of Object.values(type.getFields())) {
      if (FEDERATION_FIELDS.has(field.name) || skip(type.name, field.name)) continue;
      const coordinate = `${type.name}.${field.name}`;
      if (!hops) {
        unreachable.push(coordinate);
        continue;
      }
      const fieldHop: Hop = { parent: type, field };
      const path = [...hops, fieldHop];
      const document = isScalarOrEnum(field) ? render(hops, `${field.name}${argumentsOf(field, type, known)}`, known) : render(path, '__typename', known);
      const first = path[0]!;
      const kind = 'parent' in first && first.parent === schema.getMutationType() ? 'mutation' : 'query';
      operations.push({ coordinate, kind, document: `${kind} { ${document} }`, steps: stepsOf(path) });
    }
  }
  if (unreachable.length) throw new Error(`no operation reaches ${unreachable.join(', ')}`);
  return operations;
}

function isScalarOrEnum(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named);
}
