import { dateTimeScalars } from '../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { Booking } from './Booking.js';
import { Customer } from './Customer.js';
import { Mutation } from './Mutation.js';
import { Organiser } from './Organiser.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { ...dateTimeScalars, Query, Mutation, Customer, Booking, Organiser };
