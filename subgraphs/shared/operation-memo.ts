/**
 * What a plugin learns of one parsed operation under one schema, kept while both live: Apollo
 * Server hands every request of one document the same parsed operation, so work that depends on
 * the document and schema alone is done once, not on every request.
 */
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';

export class OperationMemo<Value> {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Value>>();

  get(schema: GraphQLSchema, operation: OperationDefinitionNode): Value | undefined {
    return this.bySchema.get(schema)?.get(operation);
  }

  set(schema: GraphQLSchema, operation: OperationDefinitionNode, value: Value): Value {
    let byOperation = this.bySchema.get(schema);
    if (!byOperation) this.bySchema.set(schema, (byOperation = new WeakMap()));
    byOperation.set(operation, value);
    return value;
  }
}
