import { columnsAskedFor, columnSelect, type RowColumns } from '../../shared/batching.js';
import { customerFilterWhere } from '../domain/customer-search.js';
import { Prisma, type Customer } from '../generated/prisma/client.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';

/** What Customer's fields read, as far as a page of customers needs to know (resolvers/Customer.ts): any other field reads every column. */
const CUSTOMER_COLUMNS: RowColumns = {
  columns: Object.values(Prisma.CustomerScalarFieldEnum),
  computed: { contractRates: [], contracts: [], contacts: [] },
  always: ['id'],
};

export const Query: QueryResolvers = {
  customer: (_parent, { id }, { loaders }) => loaders.customer.load(id),

  contract: (_parent, { id }, { loaders }) => loaders.contract.load(id),

  customers: async (_parent, { first, after, filter }, { prisma }, info) => {
    const pageSize = checkPageSize(first ?? 20);
    const where = customerFilterWhere(filter);
    // One row more than asked tells whether another page exists, without a count.
    // The rows carry only the columns the page's fields read.
    const rows = (await prisma.customer.findMany({
      where: after ? { AND: [where, { id: { gt: decodeCursor(after) } }] } : where,
      orderBy: { id: 'asc' },
      take: pageSize + 1,
      select: columnSelect(columnsAskedFor(info, CUSTOMER_COLUMNS, ['edges', 'node'])),
    })) as Customer[];
    const edges = rows.slice(0, pageSize).map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > pageSize, endCursor: edges.at(-1)?.cursor ?? null },
      where,
    };
  },
};
