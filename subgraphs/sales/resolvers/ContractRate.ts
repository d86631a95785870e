import { priceMoney } from '../../shared/money.js';
import type { ContractRateResolvers } from '../generated/graphql.js';

export const ContractRate: ContractRateResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.contractRate.load(id),

  contract: async (rate, _args, { loaders }) => {
    const contract = await loaders.contract.load(rate.contractId);
    if (!contract) throw new Error(`Rate ${rate.id} refers to missing contract ${rate.contractId}`);
    return contract;
  },

  unitPrice: (rate) => priceMoney(rate.unitPrice, rate.currency),
};
