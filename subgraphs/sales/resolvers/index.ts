import { dateScalars } from '../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { Contract } from './Contract.js';
import { ContractRate } from './ContractRate.js';
import { Customer } from './Customer.js';
import { CustomerConnection } from './CustomerConnection.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { ...dateScalars, Query, Mutation, Customer, CustomerConnection, Contract, ContractRate };
