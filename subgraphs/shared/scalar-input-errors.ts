/**
 * A refused scalar value (scalars.ts) is bad input whether it came as a variable or as a
 * literal in the document. graphql reports the first as a coercion error (Apollo Server:
 * BAD_USER_INPUT) but the second as a validation error (GRAPHQL_VALIDATION_FAILED), both
 * with messages that do not name the argument. This plugin gives both the house form:
 * BAD_USER_INPUT, `extensions.field`, and a message starting with the field.
 *
 * The gateway also uses `enforceStrictScalars`, so that it refuses such values itself before
 * planning, instead of forwarding them to a subgraph.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  isScalarType,
  Kind,
  valueFromASTUntyped,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { InvalidScalarValueError, INVALID_SCALAR_VALUE, StrictDate, StrictDateTime } from './scalars.js';

const STRICT_SCALARS: GraphQLScalarType[] = [StrictDateTime, StrictDate];

/**
 * The gateway's schema declares DateTime and Date as opaque scalars that accept anything.
 * Checks values there with the subgraphs' strict parsing, passing them on unchanged.
 */
export function enforceStrictScalars(schema: GraphQLSchema): void {
  for (const strict of STRICT_SCALARS) {
    const type = schema.getType(strict.name);
    if (!isScalarType(type)) continue;
    type.parseValue = (value) => {
      strict.parseValue(value);
      return value;
    };
    type.parseLiteral = (node, variables) => {
      strict.parseLiteral(node, variables);
      return valueFromASTUntyped(node, variables);
    };
  }
}

function refusedValue(error: unknown): InvalidScalarValueError | null {
  for (let current = error, depth = 0; current && depth < 5; current = (current as GraphQLError).originalError, depth++) {
    if (current instanceof InvalidScalarValueError) return current;
  }
  return null;
}

/** The argument or input field a literal value belongs to: `at`, `input.scheduledStart`. */
function fieldOfLiteral(document: DocumentNode | undefined, valueNode: ASTNode | undefined): string | null {
  if (!document || !valueNode?.loc) return null;
  let field: string | null = null;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (field !== null) return false;
      if (node.loc?.start !== valueNode.loc!.start || node.loc.end !== valueNode.loc!.end || node.kind !== valueNode.kind) return undefined;
      const names: string[] = [];
      for (const ancestor of [...ancestors, parent, node] as (ASTNode | readonly ASTNode[] | undefined)[]) {
        if (!ancestor) continue;
        if (!('kind' in ancestor)) continue;
        if (ancestor.kind === Kind.FIELD) names.length = 0;
        if (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD) names.push(ancestor.name.value);
      }
      field = names.join('.') || null;
      return false;
    },
  });
  return field;
}

/** From graphql's `Variable "$input" got invalid value "x" at "input.scheduledStart"; ...`. */
function fieldOfVariable(message: string): string | null {
  const match = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; /s.exec(message);
  return match ? (match[2] ?? match[1]!) : null;
}

export function scalarInputErrorsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      let rewrites: ((GraphQLFormattedError & { extensions: Record<string, unknown> }) | null)[] = [];
      return {
        async didEncounterErrors({ errors, document }) {
          rewrites = errors.map((error) => {
            const refused = refusedValue(error);
            if (!refused) return null;
            const field = fieldOfVariable(error.message) ?? fieldOfLiteral(document, error.nodes?.[0]) ?? 'input';
            return { message: `${field}: ${refused.message}`, extensions: { code: 'BAD_USER_INPUT', field } };
          });
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !rewrites.some(Boolean)) return;
          const formatted = response.body.singleResult.errors;
          if (!formatted || formatted.length !== rewrites.length) return;
          response.body.singleResult.errors = formatted.map((error, index) => {
            const rewrite = rewrites[index];
            if (!rewrite) return error;
            const { [INVALID_SCALAR_VALUE]: _marker, ...extensions } = error.extensions ?? {};
            return { ...error, message: rewrite.message, extensions: { ...extensions, ...rewrite.extensions } };
          });
        },
      };
    },
  };
}
