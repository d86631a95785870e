/**
 * Cursor pagination over customers, ordered by id. The cursor is opaque to clients
 * (base64url of the last id) and checked when it comes back.
 */
import { badUserInput } from '../shared/errors.js';
import { isUuid } from '../shared/batching.js';
import type { Customer, Prisma } from './generated/prisma/client.js';

// Large enough for a screen of customers with their figures, small enough to bound one request.
export const MAX_PAGE_SIZE = 500;

export interface CustomerEdgeParent {
  cursor: string;
  node: Customer;
}

export interface CustomerConnectionParent {
  edges: CustomerEdgeParent[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  where: Prisma.CustomerWhereInput;
}

export function encodeCursor(id: string): string {
  return Buffer.from(`customer:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = decoded.startsWith('customer:') ? decoded.slice('customer:'.length) : '';
  if (!isUuid(id)) throw badUserInput('after', 'is not a cursor returned by this API (use pageInfo.endCursor)');
  return id;
}

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}
