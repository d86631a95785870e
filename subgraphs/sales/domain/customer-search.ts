/** Which customers a `customers(filter:)` query selects. */
import countries from 'i18n-iso-countries';
import { isUuid } from '../../shared/batching.js';
import { badUserInput } from '../../shared/errors.js';
import type { CustomerFilter } from '../generated/graphql.js';
import type { Prisma } from '../generated/prisma/client.js';

// Longer than any legal name or VAT number; bounds the work one search can ask of the database.
export const MAX_SEARCH_LENGTH = 200;

/** Prisma's `contains` becomes LIKE, where % and _ are wildcards: a search means them literally. */
function literalPattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

// A mailing to an explicit list of customers names them all in one filter.
export const MAX_FILTER_IDS = 10_000;

function idsWhere(ids: readonly string[] | null | undefined): Prisma.CustomerWhereInput {
  if (!ids) return {};
  if (ids.length > MAX_FILTER_IDS) throw badUserInput('filter.ids', `must list at most ${MAX_FILTER_IDS} ids`);
  const bad = ids.findIndex((id) => !isUuid(id));
  if (bad >= 0) throw badUserInput(`filter.ids.${bad}`, 'must be an id returned by this API');
  return { id: { in: ids.map((id) => id.toLowerCase()) } };
}

function countryWhere(country: string | null | undefined): Prisma.CustomerWhereInput {
  if (country === null || country === undefined) return {};
  const code = country.trim().toUpperCase();
  if (!countries.isValid(code) || !/^[A-Z]{2}$/.test(code)) throw badUserInput('filter.country', 'is not an ISO 3166-1 alpha-2 country code (such as IT, DE, FR)');
  return { addressCountry: code };
}

export function customerFilterWhere(filter: CustomerFilter | null | undefined): Prisma.CustomerWhereInput {
  const raw = filter?.search;
  if (raw && raw.length > MAX_SEARCH_LENGTH) throw badUserInput('filter.search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  const search = raw?.trim();
  const activeContract: Prisma.ContractListRelationFilter = { some: { status: 'ACTIVE' } };
  return {
    ...(filter?.segment ? { segment: filter.segment } : {}),
    ...countryWhere(filter?.country),
    ...idsWhere(filter?.ids),
    ...(typeof filter?.hasActiveContract === 'boolean'
      ? { contracts: filter.hasActiveContract ? activeContract : { none: { status: 'ACTIVE' } } }
      : {}),
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
