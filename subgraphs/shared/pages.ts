/**
 * Offset pages of a child list (a conference's legs, an invoice line's charges, a customer's
 * invoices): the list a query may ask for is bounded, so its cost (`@listSize` on `first`) is too.
 */
import { badUserInput } from './errors.js';

export interface PageArguments {
  first?: number | null;
  offset?: number | null;
}

export interface Page {
  take: number;
  skip: number;
}

/** The page asked for, or BAD_USER_INPUT naming `first` or `offset`. */
export function checkedPage({ first, offset }: PageArguments, { defaultSize, maxSize }: { defaultSize: number; maxSize: number }): Page {
  const take = first ?? defaultSize;
  const skip = offset ?? 0;
  if (!Number.isInteger(take) || take < 1 || take > maxSize) throw badUserInput('first', `must be between 1 and ${maxSize}`);
  if (!Number.isInteger(skip) || skip < 0) throw badUserInput('offset', 'must be 0 or more');
  return { take, skip };
}

export function pageOf<Row>(rows: readonly Row[], { take, skip }: Page): Row[] {
  return rows.slice(skip, skip + take);
}
