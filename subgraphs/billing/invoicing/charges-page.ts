/** An invoice line's charges, a page at a time: a line of a large call holds thousands. */
export const CHARGES_PAGE = { defaultSize: 100, maxSize: 1000 };
