import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { BookingRef } from '../models.js';
import type { BridgeReservation as BridgeReservationRow, Conference as ConferenceRow, ParticipantLeg as ParticipantLegRow } from './prisma/client.js';
import type { ConferencingContext } from '../context.js';
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
  /** The bridge reserved for this booking; null while none is, or when conferencing cannot be reached. */
  bridge?: Maybe<BridgeReservation>;
  /** Conferences held on the booking's bridge, oldest first. Null only when conferencing cannot be reached. */
  conferences?: Maybe<Array<Conference>>;
  id: Scalars['ID']['output'];
};

export type BridgeReservation = {
  __typename?: 'BridgeReservation';
  accessCode: Scalars['String']['output'];
  booking: Booking;
  dialInNumber: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /**
   * The most participants connected at once: those the booking expects plus a margin
   * (BRIDGE_PARTICIPANT_MARGIN_PERCENT, at least 2); a join beyond it is refused (CONFERENCE_FULL).
   */
  maxParticipants: Scalars['Int']['output'];
  moderatorPin: Scalars['String']['output'];
  status: ReservationStatus;
  tollFreeNumber?: Maybe<Scalars['String']['output']>;
  /** The bridge accepts the access code from here: 15 minutes before the booked start. */
  validFrom: Scalars['DateTime']['output'];
  /** Until here: 30 minutes after the booked end, so an overrunning call is not cut off. */
  validUntil: Scalars['DateTime']['output'];
};

export type Conference = {
  __typename?: 'Conference';
  booking: Booking;
  /** Null while the conference is still running. */
  durationSeconds?: Maybe<Scalars['Int']['output']>;
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The legs in the order they joined, a page at a time: `first` 1 to 1,000 (default 100), after skipping `offset`. */
  legs: Array<ParticipantLeg>;
  startedAt: Scalars['DateTime']['output'];
};


export type ConferenceLegsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
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

/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Ends the conference, also one whose booking was cancelled while it ran: every leg still
   * connected leaves at `at`, and the conference's call records go to billing, which charges
   * them, and to bookings, which marks a confirmed booking COMPLETED (event conference.ended).
   * Ending it twice is refused with CONFLICT.
   */
  endConference: Conference;
  /**
   * A participant joins from `phoneNumber` (E.164: + then 8 to 15 digits; spaces, dots, dashes
   * and brackets are ignored), on the toll-free number when `tollFree`. Refused with CONFLICT when
   * the conference has ended, its reservation was released (the booking was cancelled while the
   * call was running; reason RESERVATION_RELEASED), `at` is past the reservation's window,
   * `tollFree` is asked of a reservation with no toll-free number, or the reservation's
   * `maxParticipants` are already connected (reason CONFERENCE_FULL).
   */
  joinConference: ParticipantLeg;
  /**
   * The participant hangs up, also on a call whose booking was cancelled meanwhile. A leg that
   * has already left is refused with CONFLICT.
   */
  leaveConference: ParticipantLeg;
  /**
   * Replays a PARKED integration event of this subgraph once its cause is fixed: a sent one is
   * delivered again (PENDING), a received one is applied again now (APPLIED, or still PARKED with
   * the new error). NOT_FOUND for an unknown id, CONFLICT for an event that is not PARKED.
   */
  replayConferencingIntegrationEvent: IntegrationEventRecord;
  /**
   * Starts the conference on the reservation with this access code; `at` may lie in the past,
   * within the reservation's window. Refused with NOT_FOUND for an unknown code, CONFLICT when
   * the reservation is released, `at` lies outside its window (validFrom to validUntil), or a
   * conference is already running on it. After too many unknown codes in a short time
   * (BRIDGE_MAX_FAILED_CODES per BRIDGE_FAILED_CODE_WINDOW_MS) every start is refused with
   * TOO_MANY_REQUESTS, with `retryAfterSeconds`, until the window has passed.
   */
  startConference: Conference;
};


/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type MutationEndConferenceArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  conferenceId: Scalars['ID']['input'];
};


/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type MutationJoinConferenceArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  conferenceId: Scalars['ID']['input'];
  phoneNumber: Scalars['String']['input'];
  tollFree?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type MutationLeaveConferenceArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  legId: Scalars['ID']['input'];
};


/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type MutationReplayConferencingIntegrationEventArgs = {
  id: Scalars['ID']['input'];
};


/**
 * What the bridge hardware reports, through this API: a conference starts on a reservation's
 * access code, participants join and leave on their phone numbers, and the conference ends.
 * `at` is the bridge's own clock for the step (default: now): not before the step it follows,
 * and at most 30 seconds ahead of conferencing's clock. A join, a leave and an end are reported
 * as they happen: their `at` is also at most 30 seconds behind conferencing's clock.
 */
export type MutationStartConferenceArgs = {
  accessCode: Scalars['String']['input'];
  at?: InputMaybe<Scalars['DateTime']['input']>;
};

/** One participant's connection to a conference: the call record billing rates. */
export type ParticipantLeg = {
  __typename?: 'ParticipantLeg';
  conference: Conference;
  id: Scalars['ID']['output'];
  joinedAt: Scalars['DateTime']['output'];
  leftAt?: Maybe<Scalars['DateTime']['output']>;
  phoneNumber: Scalars['String']['output'];
  seconds?: Maybe<Scalars['Int']['output']>;
  tollFree: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The conference with this id, or null if there is none. */
  conference?: Maybe<Conference>;
  /** How many of this subgraph's integration events are in each direction and status. */
  conferencingIntegrationEventCounts: Array<IntegrationEventCount>;
  /**
   * This subgraph's integration events, newest first: those it sent and received, or of one
   * direction or status (PARKED: the ones waiting for a person, with their error). first: 1 to 500.
   */
  conferencingIntegrationEvents: Array<IntegrationEventRecord>;
};


export type QueryConferenceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConferencingIntegrationEventsArgs = {
  direction?: InputMaybe<IntegrationEventDirection>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<IntegrationEventStatus>;
};

export type ReservationStatus =
  | 'RELEASED'
  | 'RESERVED';

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
  BridgeReservation: BridgeReservation;
  Conference: Conference;
  ParticipantLeg: ParticipantLeg;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Booking:
    ( { __typename: 'Booking' }
    & GraphQLRecursivePick<FederationTypes['Booking'], {"id":true}> );
  BridgeReservation:
    ( { __typename: 'BridgeReservation' }
    & GraphQLRecursivePick<FederationTypes['BridgeReservation'], {"id":true}> );
  Conference:
    ( { __typename: 'Conference' }
    & GraphQLRecursivePick<FederationTypes['Conference'], {"id":true}> );
  ParticipantLeg:
    ( { __typename: 'ParticipantLeg' }
    & GraphQLRecursivePick<FederationTypes['ParticipantLeg'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Booking: ResolverTypeWrapper<BookingRef>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  BridgeReservation: ResolverTypeWrapper<BridgeReservationRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Conference: ResolverTypeWrapper<ConferenceRow>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  IntegrationEventCount: ResolverTypeWrapper<IntegrationEventCount>;
  IntegrationEventDirection: IntegrationEventDirection;
  IntegrationEventRecord: ResolverTypeWrapper<IntegrationEventRecord>;
  IntegrationEventStatus: IntegrationEventStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ParticipantLeg: ResolverTypeWrapper<ParticipantLegRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReservationStatus: ReservationStatus;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Booking: BookingRef;
  ID: Scalars['ID']['output'];
  BridgeReservation: BridgeReservationRow;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  Conference: ConferenceRow;
  DateTime: Scalars['DateTime']['output'];
  IntegrationEventCount: IntegrationEventCount;
  IntegrationEventRecord: IntegrationEventRecord;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  ParticipantLeg: ParticipantLegRow;
  Query: Record<PropertyKey, never>;
}>;

export type BookingResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['Booking'] = ResolversParentTypes['Booking'], FederationReferenceType extends FederationReferenceTypes['Booking'] = FederationReferenceTypes['Booking']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Booking']> | FederationReferenceType, FederationReferenceType, ContextType>;
  bridge?: Resolver<Maybe<ResolversTypes['BridgeReservation']>, ParentType, ContextType>;
  conferences?: Resolver<Maybe<Array<ResolversTypes['Conference']>>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type BridgeReservationResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['BridgeReservation'] = ResolversParentTypes['BridgeReservation'], FederationReferenceType extends FederationReferenceTypes['BridgeReservation'] = FederationReferenceTypes['BridgeReservation']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['BridgeReservation']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accessCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  booking?: Resolver<ResolversTypes['Booking'], ParentType, ContextType>;
  dialInNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  maxParticipants?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  moderatorPin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReservationStatus'], ParentType, ContextType>;
  tollFreeNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  validUntil?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ConferenceResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['Conference'] = ResolversParentTypes['Conference'], FederationReferenceType extends FederationReferenceTypes['Conference'] = FederationReferenceTypes['Conference']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Conference']> | FederationReferenceType, FederationReferenceType, ContextType>;
  booking?: Resolver<ResolversTypes['Booking'], ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  legs?: Resolver<Array<ResolversTypes['ParticipantLeg']>, ParentType, ContextType, RequireFields<ConferenceLegsArgs, 'first' | 'offset'>>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type IntegrationEventCountResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['IntegrationEventCount'] = ResolversParentTypes['IntegrationEventCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IntegrationEventDirection'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationEventStatus'], ParentType, ContextType>;
}>;

export type IntegrationEventRecordResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['IntegrationEventRecord'] = ResolversParentTypes['IntegrationEventRecord']> = ResolversObject<{
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

export type MutationResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  endConference?: Resolver<ResolversTypes['Conference'], ParentType, ContextType, RequireFields<MutationEndConferenceArgs, 'conferenceId'>>;
  joinConference?: Resolver<ResolversTypes['ParticipantLeg'], ParentType, ContextType, RequireFields<MutationJoinConferenceArgs, 'conferenceId' | 'phoneNumber' | 'tollFree'>>;
  leaveConference?: Resolver<ResolversTypes['ParticipantLeg'], ParentType, ContextType, RequireFields<MutationLeaveConferenceArgs, 'legId'>>;
  replayConferencingIntegrationEvent?: Resolver<ResolversTypes['IntegrationEventRecord'], ParentType, ContextType, RequireFields<MutationReplayConferencingIntegrationEventArgs, 'id'>>;
  startConference?: Resolver<ResolversTypes['Conference'], ParentType, ContextType, RequireFields<MutationStartConferenceArgs, 'accessCode'>>;
}>;

export type ParticipantLegResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['ParticipantLeg'] = ResolversParentTypes['ParticipantLeg'], FederationReferenceType extends FederationReferenceTypes['ParticipantLeg'] = FederationReferenceTypes['ParticipantLeg']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ParticipantLeg']> | FederationReferenceType, FederationReferenceType, ContextType>;
  conference?: Resolver<ResolversTypes['Conference'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  joinedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  leftAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  phoneNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  tollFree?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = ConferencingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  conference?: Resolver<Maybe<ResolversTypes['Conference']>, ParentType, ContextType, RequireFields<QueryConferenceArgs, 'id'>>;
  conferencingIntegrationEventCounts?: Resolver<Array<ResolversTypes['IntegrationEventCount']>, ParentType, ContextType>;
  conferencingIntegrationEvents?: Resolver<Array<ResolversTypes['IntegrationEventRecord']>, ParentType, ContextType, RequireFields<QueryConferencingIntegrationEventsArgs, 'first'>>;
}>;

export type Resolvers<ContextType = ConferencingContext> = ResolversObject<{
  Booking?: BookingResolvers<ContextType>;
  BridgeReservation?: BridgeReservationResolvers<ContextType>;
  Conference?: ConferenceResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  IntegrationEventCount?: IntegrationEventCountResolvers<ContextType>;
  IntegrationEventRecord?: IntegrationEventRecordResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  ParticipantLeg?: ParticipantLegResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

