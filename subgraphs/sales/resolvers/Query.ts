import { customerFilterWhere } from '../domain/customer-search.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';

export const Query: QueryResolvers = {
  customer: (_parent, { id }, { loaders }) => loaders.customer.load(id),

  contract: (_parent, { id }, { loaders }) => loaders.contract.load(id),

  customers: async (_parent, { first, after, filter }, { prisma }) => {
    const pageSize = checkPageSize(first ?? 20);
    const where = customerFilterWhere(filter);
    // One row more than asked tells whether another page exists, without a count.
    const rows = await prisma.customer.findMany({
      where: after ? { AND: [where, { id: { gt: decodeCursor(after) } }] } : where,
      orderBy: { id: 'asc' },
      take: pageSize + 1,
    });
    const edges = rows.slice(0, pageSize).map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > pageSize, endCursor: edges.at(-1)?.cursor ?? null },
      where,
    };
  },
};
