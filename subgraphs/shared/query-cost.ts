/**
 * What an operation costs, estimated from the document alone before anything runs, with the
 * costs and list sizes the schema declares through Federation's `@cost` and `@listSize`
 * (https://specs.apollo.dev/cost/v0.1). The gateway prices a client's operation with the
 * supergraph's directives; each subgraph prices what it receives with its own schema's.
 *
 * The model is IBM's (as Apollo's demand control uses it): a field whose type is an object,
 * interface or union costs 1, a scalar or enum field 0, unless `@cost` on the field or on its
 * type says otherwise; a list field costs its size times (its own cost plus its selection's).
 * A list's size is, in order: the largest of its slicing arguments (`first`: the literal, the
 * variable's value or the argument's default), its `assumedSize`, or DEFAULT_LIST_SIZE. On
 * `@listSize(sizedFields: [...])` the size applies to those fields of the field's type (a
 * connection's `edges`). A subgraph's `_entities` is a list of as many entities as it is given
 * representations. Aliases, fragments and inline fragments count each time they select a field;
 * a selection on an interface or union costs what its most expensive possible type costs.
 * `@skip` and `@include` are not looked at: the estimate is an upper bound.
 */
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isCompositeType,
  isListType,
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The size of a list that declares none: documented in README (Configuration, MAX_QUERY_COST). */
export const DEFAULT_LIST_SIZE = 100;

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** The `@cost` and `@listSize` a schema declares, by `Type` and `Type.field`. */
export interface CostDirectives {
  typeWeights: Map<string, number>;
  fieldWeights: Map<string, number>;
  listSizes: Map<string, ListSize>;
}

// Imported into a schema they keep their names; left unimported they are namespaced by the spec's name.
const COST_NAMES = new Set(['cost', 'cost__cost']);
const LIST_SIZE_NAMES = new Set(['listSize', 'cost__listSize']);

function directiveArguments(directive: DirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)]));
}

/** Reads the directives from SDL: a subgraph's schema file or the composed supergraph. */
export function costDirectivesOf(sdl: DocumentNode): CostDirectives {
  const directives: CostDirectives = { typeWeights: new Map(), fieldWeights: new Map(), listSizes: new Map() };
  for (const definition of sdl.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    for (const directive of definition.directives ?? []) {
      if (COST_NAMES.has(directive.name.value)) directives.typeWeights.set(typeName, Number(directiveArguments(directive).weight));
    }
    if (!('fields' in definition)) continue;
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        if (COST_NAMES.has(directive.name.value)) directives.fieldWeights.set(key, Number(directiveArguments(directive).weight));
        if (LIST_SIZE_NAMES.has(directive.name.value)) {
          const { assumedSize, slicingArguments, sizedFields } = directiveArguments(directive) as Record<string, unknown>;
          directives.listSizes.set(key, {
            assumedSize: typeof assumedSize === 'number' ? assumedSize : undefined,
            slicingArguments: Array.isArray(slicingArguments) ? slicingArguments.map(String) : undefined,
            sizedFields: Array.isArray(sizedFields) ? sizedFields.map(String) : undefined,
          });
        }
      }
    }
  }
  return directives;
}

export interface OperationCostInput {
  schema: GraphQLSchema;
  directives: CostDirectives;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The variables as the client sent them. */
  variables?: Record<string, unknown>;
}

interface Pricing {
  schema: GraphQLSchema;
  directives: CostDirectives;
  fragments: Map<string, FragmentDefinitionNode>;
  /** A variable's value, its default applied: read only where a size comes from a variable. */
  variable(name: string): unknown;
  /** Fragments being priced, so a cycle (which validation refuses anyway) cannot recurse forever. */
  pricing: Set<string>;
}

export interface Price {
  cost: number;
  /** Whether a variable's value counted (a slicing argument or the representations given as one): if not, every request of the operation costs the same. */
  readVariables: boolean;
}

export function operationCost(input: OperationCostInput): number {
  return priceOperation(input).cost;
}

export function priceOperation({ schema, directives, document, operation, variables = {} }: OperationCostInput): Price {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return { cost: 0, readVariables: false };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let coerced: Record<string, unknown> | undefined;
  const pricing: Pricing = {
    schema,
    directives,
    fragments,
    variable(name) {
      // Defaults of the operation's variables apply; values the schema would refuse are left as sent.
      coerced ??= getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced ?? variables;
      return coerced[name];
    },
    pricing: new Set(),
  };
  const cost = selectionSetCost(operation.selectionSet, rootType, pricing, undefined);
  return { cost: Number.isFinite(cost) ? Math.min(cost, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER, readVariables: coerced !== undefined };
}

function selectionSetCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, pricing: Pricing, sizedFields: Map<string, number> | undefined): number {
  if (!isAbstractType(type)) return objectSelectionCost(selectionSet, type, pricing, sizedFields);
  let highest = 0;
  for (const possibleType of pricing.schema.getPossibleTypes(type)) highest = Math.max(highest, objectSelectionCost(selectionSet, possibleType, pricing, sizedFields));
  return highest;
}

function appliesTo(typeCondition: string | undefined, type: GraphQLObjectType, schema: GraphQLSchema): boolean {
  if (!typeCondition || typeCondition === type.name) return true;
  const conditionType = schema.getType(typeCondition);
  return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
}

function objectSelectionCost(selectionSet: SelectionSetNode, type: GraphQLObjectType, pricing: Pricing, sizedFields: Map<string, number> | undefined): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(selection, type, pricing, sizedFields);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(selection.typeCondition?.name.value, type, pricing.schema)) total += objectSelectionCost(selection.selectionSet, type, pricing, sizedFields);
    } else {
      const name = selection.name.value;
      const fragment = pricing.fragments.get(name);
      if (!fragment || pricing.pricing.has(name) || !appliesTo(fragment.typeCondition.name.value, type, pricing.schema)) continue;
      pricing.pricing.add(name);
      total += objectSelectionCost(fragment.selectionSet, type, pricing, sizedFields);
      pricing.pricing.delete(name);
    }
  }
  return total;
}

function fieldCost(node: FieldNode, parentType: GraphQLObjectType, pricing: Pricing, sizedByParent: Map<string, number> | undefined): number {
  const name = node.name.value;
  // __typename and introspection cost nothing to answer.
  if (name.startsWith('__')) return 0;
  const field = parentType.getFields()[name];
  if (!field) return 0;
  const key = `${parentType.name}.${name}`;
  const namedType = getNamedType(field.type);
  const { directives } = pricing;
  const weight = directives.fieldWeights.get(key) ?? directives.typeWeights.get(namedType.name) ?? (isCompositeType(namedType) ? 1 : 0);
  const listSize = directives.listSizes.get(key);
  const sizedFields = listSize?.sizedFields?.length ? new Map(listSize.sizedFields.map((sized) => [sized, declaredSize(listSize, node, field, pricing)])) : undefined;
  const selectionCost = node.selectionSet && isCompositeType(namedType) ? selectionSetCost(node.selectionSet, namedType, pricing, sizedFields) : 0;
  if (!isListType(getNullableType(field.type))) return weight + selectionCost;
  const size =
    sizedByParent?.get(name) ??
    (parentType === pricing.schema.getQueryType() && name === '_entities' ? representationCount(node, pricing) : undefined) ??
    (listSize && !sizedFields ? declaredSize(listSize, node, field, pricing) : DEFAULT_LIST_SIZE);
  return size * (weight + selectionCost);
}

/** The largest slicing argument given (or defaulted), else the assumed size, else the default. */
function declaredSize(listSize: ListSize, node: FieldNode, field: GraphQLField<unknown, unknown>, pricing: Pricing): number {
  const sliced = (listSize.slicingArguments ?? [])
    .map(
      (argumentName) =>
        argumentValue(node.arguments?.find((argument) => argument.name.value === argumentName), pricing) ??
        // Left out, a slicing argument takes its default from the schema (`first: Int = 100`).
        field.args.find((argument) => argument.name === argumentName)?.defaultValue,
    )
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (sliced.length) return Math.max(0, ...sliced);
  return listSize.assumedSize ?? DEFAULT_LIST_SIZE;
}

function argumentValue(argument: ArgumentNode | undefined, pricing: Pricing): unknown {
  if (!argument) return undefined;
  if (argument.value.kind === Kind.VARIABLE) return pricing.variable(argument.value.name.value);
  return valueFromASTUntyped(argument.value);
}

function representationCount(node: FieldNode, pricing: Pricing): number | undefined {
  const representations = argumentValue(node.arguments?.find((argument) => argument.name.value === 'representations'), pricing);
  return Array.isArray(representations) ? representations.length : undefined;
}
