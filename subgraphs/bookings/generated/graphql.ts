import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CustomerRef } from '../models.js';
import type { Booking as BookingRow } from './prisma/client.js';
import type { BookingsContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, ISO 8601 with offset (2026-11-27T09:30:00Z). */
  DateTime: { input: Date; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Booking = {
  __typename?: 'Booking';
  createdAt: Scalars['DateTime']['output'];
  customer: Customer;
  durationMinutes: Scalars['Int']['output'];
  expectedParticipants: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  options: BookingOptions;
  organiser: Organiser;
  scheduledStart: Scalars['DateTime']['output'];
  status: BookingStatus;
  title: Scalars['String']['output'];
};

export type BookingOptions = {
  __typename?: 'BookingOptions';
  recording: Scalars['Boolean']['output'];
  /** Participants may dial a toll-free number (billed to the customer). */
  tollFree: Scalars['Boolean']['output'];
};

export type BookingStatus =
  /** Cancelled by cancelBooking; its bridge reservation is released. */
  | 'CANCELLED'
  /** Its call has taken place: a conference on its bridge ended (conference.ended). It can no longer be changed or cancelled. */
  | 'COMPLETED'
  /** Booked; it can still be moved, resized or cancelled. */
  | 'CONFIRMED';

/**
 * Texts are single lines: control characters (NUL, tab, line breaks) and bidirectional override
 * or isolate characters (U+202A-U+202E, U+2066-U+2069) are refused.
 */
export type CreateBookingInput = {
  customerId: Scalars['ID']['input'];
  /** 1 to 1440. */
  durationMinutes: Scalars['Int']['input'];
  /** 1 to 500. */
  expectedParticipants: Scalars['Int']['input'];
  /** At most 254 characters. */
  organiserEmail: Scalars['String']['input'];
  /** 1 to 200 characters. */
  organiserName: Scalars['String']['input'];
  recording?: InputMaybe<Scalars['Boolean']['input']>;
  /** In the future, and at most 2 years ahead. */
  scheduledStart: Scalars['DateTime']['input'];
  /** 1 to 200 characters. */
  title: Scalars['String']['input'];
  tollFree?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Customer = {
  __typename?: 'Customer';
  /** Bookings by scheduled start, newest first. Null only when bookings cannot be reached. */
  bookings?: Maybe<Array<Booking>>;
  id: Scalars['ID']['output'];
};


export type CustomerBookingsArgs = {
  status?: InputMaybe<BookingStatus>;
};

/** How many of a subgraph's integration events are in one direction and status. */
export type IntegrationEventCount = {
  __typename?: 'IntegrationEventCount';
  count: Scalars['Int']['output'];
  direction: IntegrationEventDirection;
  status: IntegrationEventStatus;
};

/** Which way an integration event went: SENT from this subgraph's outbox, or RECEIVED into its inbox. */
export type IntegrationEventDirection =
  | 'RECEIVED'
  | 'SENT';

/** An event between subgraphs (subgraphs/shared/events/contract.ts) as one subgraph holds it. */
export type IntegrationEventRecord = {
  __typename?: 'IntegrationEventRecord';
  /** Delivery attempts (sent) or times it was applied or replayed (received). */
  attempts: Scalars['Int']['output'];
  /** When it was delivered (sent) or applied (received). */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  direction: IntegrationEventDirection;
  /** Why the last attempt failed; for a PARKED event, what must be fixed before replaying it. */
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** When the next delivery attempt of a PENDING sent event is due. */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the event happened (sent) or arrived (received). */
  occurredAt: Scalars['DateTime']['output'];
  /** The event's payload, as JSON text. */
  payload: Scalars['String']['output'];
  /** The subgraph that recorded the event. */
  source: Scalars['String']['output'];
  status: IntegrationEventStatus;
  /** The booking, conference ... the event is about. */
  subject: Scalars['String']['output'];
  /** booking.scheduled, booking.cancelled, conference.ended */
  type: Scalars['String']['output'];
};

/**
 * Where an integration event stands. Sent: PENDING (waiting for its next delivery attempt),
 * DELIVERED, or PARKED (delivery kept failing; see error, then replay it). Received: APPLIED,
 * or PARKED (it could not be applied as it stands, such as a call without a rate; see error).
 */
export type IntegrationEventStatus =
  | 'APPLIED'
  | 'DELIVERED'
  | 'PARKED'
  | 'PENDING';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Cancels a CONFIRMED booking and releases its bridge: no conference starts and nobody joins on
   * it any more, while a call already running goes on until it ends and is billed. One already
   * cancelled or completed is refused with CONFLICT.
   */
  cancelBooking: Booking;
  /**
   * Books a conference call for a customer; it is confirmed at once. The customer needs a
   * contract in force (sales) on the day of the call: refused with CONFLICT otherwise, NOT_FOUND
   * for a customer sales does not know.
   */
  createBooking: Booking;
  /**
   * Replays a PARKED integration event of this subgraph once its cause is fixed: a sent one is
   * delivered again (PENDING), a received one is applied again now (APPLIED, or still PARKED with
   * the new error). NOT_FOUND for an unknown id, CONFLICT for an event that is not PARKED.
   */
  replayBookingsIntegrationEvent: IntegrationEventRecord;
  /**
   * Moves a confirmed booking or changes its size or options. Fields left out or null stay as
   * they are; with nothing to change, the booking is returned as it is (whatever its status).
   * A change to a booking no longer CONFIRMED (cancelled, or COMPLETED once its conference has
   * ended) is refused with CONFLICT, as is a move to a day on which the customer has no
   * contract in force.
   */
  updateBooking: Booking;
};


export type MutationCancelBookingArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateBookingArgs = {
  input: CreateBookingInput;
};


export type MutationReplayBookingsIntegrationEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateBookingArgs = {
  id: Scalars['ID']['input'];
  input: UpdateBookingInput;
};

export type Organiser = {
  __typename?: 'Organiser';
  email: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The booking with this id, or null if there is none. */
  booking?: Maybe<Booking>;
  /** How many of this subgraph's integration events are in each direction and status. */
  bookingsIntegrationEventCounts: Array<IntegrationEventCount>;
  /**
   * This subgraph's integration events, newest first: those it sent and received, or of one
   * direction or status (PARKED: the ones waiting for a person, with their error). first: 1 to 500.
   */
  bookingsIntegrationEvents: Array<IntegrationEventRecord>;
};


export type QueryBookingArgs = {
  id: Scalars['ID']['input'];
};


export type QueryBookingsIntegrationEventsArgs = {
  direction?: InputMaybe<IntegrationEventDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<IntegrationEventStatus>;
};

/** The same rules as in CreateBookingInput; a field left out or null stays as it is. */
export type UpdateBookingInput = {
  /** 1 to 1440. */
  durationMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** 1 to 500. */
  expectedParticipants?: InputMaybe<Scalars['Int']['input']>;
  recording?: InputMaybe<Scalars['Boolean']['input']>;
  /** In the future, and at most 2 years ahead. */
  scheduledStart?: InputMaybe<Scalars['DateTime']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  tollFree?: InputMaybe<Scalars['Boolean']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Booking: Booking;
  Customer: Customer;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Booking:
    ( { __typename: 'Booking' }
    & GraphQLRecursivePick<FederationTypes['Booking'], {"id":true}> );
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Booking: ResolverTypeWrapper<BookingRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  BookingOptions: ResolverTypeWrapper<BookingRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BookingStatus: BookingStatus;
  CreateBookingInput: CreateBookingInput;
  Customer: ResolverTypeWrapper<CustomerRef>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  IntegrationEventCount: ResolverTypeWrapper<IntegrationEventCount>;
  IntegrationEventDirection: IntegrationEventDirection;
  IntegrationEventRecord: ResolverTypeWrapper<IntegrationEventRecord>;
  IntegrationEventStatus: IntegrationEventStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Organiser: ResolverTypeWrapper<BookingRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateBookingInput: UpdateBookingInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Booking: BookingRow;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  BookingOptions: BookingRow;
  Boolean: Scalars['Boolean']['output'];
  CreateBookingInput: CreateBookingInput;
  Customer: CustomerRef;
  DateTime: Scalars['DateTime']['output'];
  IntegrationEventCount: IntegrationEventCount;
  IntegrationEventRecord: IntegrationEventRecord;
  Mutation: Record<PropertyKey, never>;
  Organiser: BookingRow;
  Query: Record<PropertyKey, never>;
  UpdateBookingInput: UpdateBookingInput;
}>;

export type BookingResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['Booking'] = ResolversParentTypes['Booking'], FederationReferenceType extends FederationReferenceTypes['Booking'] = FederationReferenceTypes['Booking']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Booking']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  durationMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedParticipants?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  options?: Resolver<ResolversTypes['BookingOptions'], ParentType, ContextType>;
  organiser?: Resolver<ResolversTypes['Organiser'], ParentType, ContextType>;
  scheduledStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BookingStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type BookingOptionsResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['BookingOptions'] = ResolversParentTypes['BookingOptions']> = ResolversObject<{
  recording?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  tollFree?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  bookings?: Resolver<Maybe<Array<ResolversTypes['Booking']>>, ParentType, ContextType, Partial<CustomerBookingsArgs>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type IntegrationEventCountResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['IntegrationEventCount'] = ResolversParentTypes['IntegrationEventCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IntegrationEventDirection'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationEventStatus'], ParentType, ContextType>;
}>;

export type IntegrationEventRecordResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['IntegrationEventRecord'] = ResolversParentTypes['IntegrationEventRecord']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IntegrationEventDirection'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationEventStatus'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelBooking?: Resolver<ResolversTypes['Booking'], ParentType, ContextType, RequireFields<MutationCancelBookingArgs, 'id'>>;
  createBooking?: Resolver<ResolversTypes['Booking'], ParentType, ContextType, RequireFields<MutationCreateBookingArgs, 'input'>>;
  replayBookingsIntegrationEvent?: Resolver<ResolversTypes['IntegrationEventRecord'], ParentType, ContextType, RequireFields<MutationReplayBookingsIntegrationEventArgs, 'id'>>;
  updateBooking?: Resolver<ResolversTypes['Booking'], ParentType, ContextType, RequireFields<MutationUpdateBookingArgs, 'id' | 'input'>>;
}>;

export type OrganiserResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['Organiser'] = ResolversParentTypes['Organiser']> = ResolversObject<{
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = BookingsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  booking?: Resolver<Maybe<ResolversTypes['Booking']>, ParentType, ContextType, RequireFields<QueryBookingArgs, 'id'>>;
  bookingsIntegrationEventCounts?: Resolver<Array<ResolversTypes['IntegrationEventCount']>, ParentType, ContextType>;
  bookingsIntegrationEvents?: Resolver<Array<ResolversTypes['IntegrationEventRecord']>, ParentType, ContextType, RequireFields<QueryBookingsIntegrationEventsArgs, 'first'>>;
}>;

export type Resolvers<ContextType = BookingsContext> = ResolversObject<{
  Booking?: BookingResolvers<ContextType>;
  BookingOptions?: BookingOptionsResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  IntegrationEventCount?: IntegrationEventCountResolvers<ContextType>;
  IntegrationEventRecord?: IntegrationEventRecordResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Organiser?: OrganiserResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

