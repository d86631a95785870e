/**
 * The date scalars every subgraph declares, and the gateway checks before planning: strict
 * ISO 8601 parsing from graphql-scalars (which already refuses 2026-02-30, 2026-13-45 and a
 * date-time without an offset), with errors a client can act on: BAD_USER_INPUT, saying
 * what the value should look like. scalar-input-errors.ts names the argument in the message.
 */
import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';
import { GraphQLScalarType, print, type ValueNode } from 'graphql';

/** Marks an error as a refused scalar value, so a literal's validation error becomes BAD_USER_INPUT. */
export const INVALID_SCALAR_VALUE = 'invalidScalarValue';

const EXPECTED: Record<string, string> = {
  DateTime: 'an ISO 8601 date and time with an offset in the years 0001 to 9999, such as "2026-03-01T09:30:00Z" or "2026-03-01T10:30:00+01:00"',
  Date: 'an existing calendar date as YYYY-MM-DD in the years 0001 to 9999, such as "2026-03-01"',
};

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A plain Error, not a GraphQLError: graphql then wraps it with the location of the value
 * (literal) or the variable's name, which scalar-input-errors.ts turns into the field name.
 * Its extensions become the wrapping error's.
 */
export class InvalidScalarValueError extends Error {
  readonly extensions: Record<string, unknown>;
  constructor(typeName: string, shown: string) {
    super(`${shown} is not a valid ${typeName}: expected ${EXPECTED[typeName]}`);
    this.extensions = { code: 'BAD_USER_INPUT', [INVALID_SCALAR_VALUE]: typeName };
  }
}

function refused(typeName: string, shown: string): InvalidScalarValueError {
  return new InvalidScalarValueError(typeName, shown);
}

/**
 * ISO 8601 allows year 0000 (1 BC) and graphql-scalars takes it, but PostgreSQL has no year 0
 * and refuses it with a database error: only years 0001 to 9999 are dates here.
 */
function withinStorableYears<T>(parsed: T): T {
  if (parsed instanceof Date) {
    const year = parsed.getUTCFullYear();
    if (!(year >= 1 && year <= 9999)) throw new RangeError('year out of range');
  }
  return parsed;
}

function strict<T, External>(scalar: GraphQLScalarType<T, External>): GraphQLScalarType<T, External> {
  const config = scalar.toConfig();
  return new GraphQLScalarType<T, External>({
    ...config,
    parseValue(value) {
      try {
        return withinStorableYears(config.parseValue!(value) as T);
      } catch {
        throw refused(config.name, describe(value));
      }
    },
    parseLiteral(node: ValueNode, variables) {
      try {
        return withinStorableYears(config.parseLiteral!(node, variables) as T);
      } catch {
        throw refused(config.name, print(node));
      }
    },
  });
}

export const StrictDateTime = strict(GraphQLDateTime);
export const StrictDate = strict(GraphQLDate);

export const dateTimeScalars = { DateTime: StrictDateTime };
export const dateScalars = { DateTime: StrictDateTime, Date: StrictDate };
