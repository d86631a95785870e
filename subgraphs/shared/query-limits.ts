/**
 * What one request may ask for, enforced alike by the gateway (on the client's operation, with
 * the supergraph) and by every subgraph (on what it receives, with its own schema), so that a
 * subgraph reached directly refuses what the gateway would. Each field costs real work, and each
 * list multiplies the work below it: without these limits `conference { legs { conference { legs
 * ... } } }` asks for millions of rows. Generous for real use: the deepest trace a client needs
 * (invoice line to booking) is under 10 levels.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import { OperationMemo } from './operation-memo.js';
import { costDirectivesOf, priceOperation, type OperationCostInput } from './query-cost.js';

export const QUERY_LIMITS = { maxDepth: 15, maxAliases: 30 };

/** The default of MAX_QUERY_COST: a page of 200 customers with their rates, figures, invoices and bookings fits. */
export const DEFAULT_MAX_QUERY_COST = 50_000;

export interface QueryShapeLimits {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/**
 * Depth and aliases, refused while the document is validated (GRAPHQL_VALIDATION_FAILED).
 * A subgraph counts depth without its inline fragments: the gateway asks for an entity's fields
 * as `_entities { ... on Customer { ... } }`, one fragment deeper than the client wrote them.
 */
export function queryShapeLimits({ production, countFragments }: { production: boolean; countFragments: boolean }): QueryShapeLimits {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: !countFragments },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    // Its parser answers a syntax error with a 500; the 1 MB body limit already bounds a document.
    maxTokens: { enabled: false },
    // Cost is ours (demandControlPlugin): graphql-armor's ignores list sizes.
    costLimit: { enabled: false },
    // "Did you mean ...?" helps a developer; in production it would map the schema for an attacker.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  // graphql-armor is typed against Apollo's CommonJS build, this file against its ESM one.
  return { validationRules: validationRules as ValidationRule[], plugins: plugins as unknown as ApolloServerPlugin[] };
}

export class CostLimitExceeded extends GraphQLError {
  constructor(cost: number, limit: number) {
    const figure = (value: number) => value.toLocaleString('en-US');
    super(
      `The operation costs ${figure(cost)}, over the limit of ${figure(limit)}: each list counts as many times as the items it may hold ` +
        '(its `first`, or its assumed size), so ask for smaller pages or fewer nested lists.',
      { extensions: { code: 'COST_LIMIT_EXCEEDED', cost, limit, http: { status: 400 } } },
    );
  }
}

/**
 * Prices the operation once it is parsed, validated and chosen, before anything is planned or
 * resolved, and refuses it over `maxCost`. `schemaSdl` is where the `@cost` and `@listSize`
 * directives are read from (the executable schema no longer has them: the gateway's API schema
 * drops them, and so may a built subgraph schema).
 */
export function demandControlPlugin<Context extends BaseContext>({ schemaSdl, maxCost }: { schemaSdl: DocumentNode; maxCost: number }): ApolloServerPlugin<Context> {
  const directives = costDirectivesOf(schemaSdl);
  // A price that read no variable is the operation's own: priced once, not on every request.
  const fixedCosts = new OperationMemo<number>();
  const costOf = (input: OperationCostInput & { operation: OperationDefinitionNode }) => {
    const fixed = fixedCosts.get(input.schema, input.operation);
    if (fixed !== undefined) return fixed;
    const { cost, readVariables } = priceOperation(input);
    if (!readVariables) fixedCosts.set(input.schema, input.operation, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = costOf({ schema, directives, document, operation, variables: request.variables ?? {} });
          if (cost > maxCost) throw new CostLimitExceeded(cost, maxCost);
        },
      };
    },
  };
}
