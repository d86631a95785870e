import { badUserInput } from '../../shared/errors.js';
import { eInvoiceReadiness } from '../domain/fiscal-data.js';
import { legalAddressOf, mailingAddressOf, postalAddressOf } from '../domain/postal-address.js';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.customer.load(id),

  address: (customer) => legalAddressOf(customer),
  mailingAddress: (customer) => mailingAddressOf(customer),
  postalAddress: (customer) => postalAddressOf(customer),

  noticeContact: async (customer, _args, { loaders }) =>
    customer.noticeContactId ? ((await loaders.contactsOfCustomer.load(customer.id)).find((contact) => contact.id === customer.noticeContactId) ?? null) : null,

  noticeEmail: async (customer, _args, { loaders }) => {
    if (!customer.noticeContactId) return customer.email;
    const contact = (await loaders.contactsOfCustomer.load(customer.id)).find((row) => row.id === customer.noticeContactId);
    return contact ? contact.email : customer.email;
  },

  eInvoiceReadiness: async (customer, _args, { loaders }) => eInvoiceReadiness(customer, await loaders.contractsOfCustomer.load(customer.id)),

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
