import { badUserInput } from '../../shared/errors.js';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.customer.load(id),

  address: (customer) => ({
    street: customer.addressStreet,
    postalCode: customer.addressPostalCode,
    city: customer.addressCity,
    province: customer.addressProvince,
    country: customer.addressCountry,
  }),

  contacts: (customer, _args, { loaders }) => loaders.contactsOfCustomer.load(customer.id),

  contracts: async (customer, { status }, { loaders }) => {
    const contracts = await loaders.contractsOfCustomer.load(customer.id);
    return status ? contracts.filter((contract) => contract.status === status) : contracts;
  },

  contractRates: (customer, { at }, { loaders, requestedAt }) => {
    const instant = at ?? requestedAt;
    if (Number.isNaN(instant.getTime())) throw badUserInput('at', 'must be a valid date-time');
    return loaders.ratesInForce(instant).load(customer.id);
  },
};
