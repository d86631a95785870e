import { dateTimeScalars } from '../../shared/scalars.js';
import type { Resolvers } from '../generated/graphql.js';
import { Booking } from './Booking.js';
import { BridgeReservation } from './BridgeReservation.js';
import { Conference } from './Conference.js';
import { Mutation } from './Mutation.js';
import { ParticipantLeg } from './ParticipantLeg.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { ...dateTimeScalars, Query, Mutation, Booking, BridgeReservation, Conference, ParticipantLeg };
