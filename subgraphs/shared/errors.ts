/** The errors a client can act on, each with a stable `extensions.code`. */
import { GraphQLError } from 'graphql';
import type { ZodError } from 'zod';

export function notFound(entity: string, id: string): GraphQLError {
  return new GraphQLError(`${entity} ${id} does not exist`, {
    extensions: { code: 'NOT_FOUND', entity, id },
  });
}

export function badUserInput(field: string, problem: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${field}: ${problem}`, {
    extensions: { code: 'BAD_USER_INPUT', field, ...details },
  });
}

/** A rule of the business refused the change (the input was well-formed). */
export function conflict(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...details } });
}

/**
 * Refused before any work because the caller has tried too often (wrong access codes): it may
 * try again after `retryAfterSeconds`.
 */
export function tooManyRequests(message: string, retryAfterSeconds: number, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds, ...details } });
}

/** Every problem zod found, the first one in the message, each with its field path. */
export function fromZodError(error: ZodError, root: string): GraphQLError {
  const issues = error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: 'is invalid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new GraphQLError(`${first.field}: ${first.message}${more}`, {
    extensions: { code: 'BAD_USER_INPUT', field: first.field, issues },
  });
}
