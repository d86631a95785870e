/** Which customers a `customers(filter:)` query selects. */
import { badUserInput } from '../../shared/errors.js';
import type { CustomerFilter } from '../generated/graphql.js';
import type { Prisma } from '../generated/prisma/client.js';

// Longer than any legal name or VAT number; bounds the work one search can ask of the database.
export const MAX_SEARCH_LENGTH = 200;

/** Prisma's `contains` becomes LIKE, where % and _ are wildcards: a search means them literally. */
function literalPattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function customerFilterWhere(filter: CustomerFilter | null | undefined): Prisma.CustomerWhereInput {
  const raw = filter?.search;
  if (raw && raw.length > MAX_SEARCH_LENGTH) throw badUserInput('filter.search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  const search = raw?.trim();
  return {
    ...(filter?.segment ? { segment: filter.segment } : {}),
    ...(search
      ? {
          OR: [
            { legalName: { contains: literalPattern(search), mode: 'insensitive' } },
            { vatNumber: { contains: literalPattern(search.toUpperCase()) } },
          ],
        }
      : {}),
  };
}
