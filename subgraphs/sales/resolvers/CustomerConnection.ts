import type { CustomerConnectionResolvers } from '../generated/graphql.js';

export const CustomerConnection: CustomerConnectionResolvers = {
  totalCount: ({ where }, _args, { prisma }) => prisma.customer.count({ where }),
};
