import type { MutationResolvers } from '../generated/graphql.js';
import { addContact, createCustomer, removeContact, updateCustomer } from '../domain/customers.js';
import { activateContract, addContractRate, createContract, terminateContract, updateContractCodes } from '../domain/contracts.js';

export const Mutation: MutationResolvers = {
  createCustomer: (_parent, { input }, { prisma }) => createCustomer(prisma, input),
  updateCustomer: (_parent, { id, input }, { prisma }) => updateCustomer(prisma, id, input),
  addContact: (_parent, { customerId, input }, { prisma }) => addContact(prisma, customerId, input),
  removeContact: (_parent, { id }, { prisma }) => removeContact(prisma, id),
  createContract: (_parent, { input }, { prisma }) => createContract(prisma, input),
  activateContract: (_parent, { id }, { prisma }) => activateContract(prisma, id),
  terminateContract: (_parent, { id, endsOn }, { prisma, requestedAt }) => terminateContract(prisma, id, endsOn, requestedAt),
  addContractRate: (_parent, { contractId, input }, { prisma, requestedAt }) => addContractRate(prisma, contractId, input, requestedAt),
  updateContractCodes: (_parent, { id, input }, { prisma }) => updateContractCodes(prisma, id, input),
};
