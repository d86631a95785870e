import type { ContractResolvers } from '../generated/graphql.js';

export const Contract: ContractResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.contract.load(id),

  customer: async (contract, _args, { loaders }) => {
    const customer = await loaders.customer.load(contract.customerId);
    if (!customer) throw new Error(`Contract ${contract.id} refers to missing customer ${contract.customerId}`);
    return customer;
  },

  rates: (contract, _args, { loaders }) => loaders.ratesOfContract.load(contract.id),
};
