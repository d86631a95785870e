import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { LetterTemplate as LetterTemplateRow, Campaign as CampaignRow } from './prisma/client.js';
import type { CampaignReportParent } from '../models.js';
import type { MailingsContext } from '../context.js';
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
  /** A calendar date, ISO 8601 (2026-11-27). */
  Date: { input: Date; output: Date | string; }
  /** An instant in time, ISO 8601 with offset (2026-11-27T09:30:00Z). */
  DateTime: { input: Date; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** DIN 5008 address field: form B 45 mm from the top of the page (the usual), form A 27 mm. */
export type AddressPosition =
  | 'DIN_5008_A'
  | 'DIN_5008_B';

export type CampaignFile = {
  __typename?: 'CampaignFile';
  bytes: Scalars['Int']['output'];
  /** When url stops working. */
  expiresAt: Scalars['DateTime']['output'];
  kind: CampaignFileKind;
  name: Scalars['String']['output'];
  /**
   * Where to download it (HTTP GET), served by the mailings service: a link signed for you (the
   * subject and the mailing-clerk role of your token) that works until expiresAt
   * (MAILINGS_DOWNLOAD_LINK_MINUTES, 15 by default); ask again for a fresh one. Every download is
   * recorded with the subject the link was issued to (MailingCampaign.downloads), so do not pass
   * it on. An expired, altered or unsigned link answers 403 with a JSON error saying which.
   */
  url: Scalars['String']['output'];
};

/** A campaign file served through a download link. */
export type CampaignFileDownload = {
  __typename?: 'CampaignFileDownload';
  downloadedAt: Scalars['DateTime']['output'];
  /** The subject of the token the link was issued to (a clerk's user id). */
  downloadedBy: Scalars['String']['output'];
  /** When the link used stopped working. */
  linkExpiresAt: Scalars['DateTime']['output'];
  name: Scalars['String']['output'];
  /** The role the link was issued for: mailing-clerk. */
  role: Scalars['String']['output'];
};

export type CampaignFileKind =
  /** Every customer who got no letter or no e-mail, with the reason (CSV). */
  | 'EXCEPTIONS'
  /** The notice list: CSV (RFC 4180, UTF-8) of the customers told by e-mail. */
  | 'NOTICE_LIST'
  /** A print-ready PDF of letters (A4). */
  | 'PRINT_FILE'
  /** The print shop's manifest (JSON): every print file with its letters, pages and SHA-256. */
  | 'PRINT_MANIFEST';

export type CampaignProgress = {
  __typename?: 'CampaignProgress';
  /** Items of the current stage done: customers read, letters printed, notices sent. */
  processed: Scalars['Int']['output'];
  stage?: Maybe<CampaignStage>;
  /** Items of the current stage in all; null until known. */
  total?: Maybe<Scalars['Int']['output']>;
};

/**
 * What a campaign did, counted from its recipients: printed + skipped = audience, and
 * emailed + listedWithoutEmail = printed once the campaign has completed.
 */
export type CampaignReport = {
  __typename?: 'CampaignReport';
  audience: Scalars['Int']['output'];
  emailed: Scalars['Int']['output'];
  /** Customers who got no letter or no e-mail, with the reason, in audience order. */
  exceptions: Array<MailingException>;
  listedWithoutEmail: Scalars['Int']['output'];
  printed: Scalars['Int']['output'];
  skipped: Scalars['Int']['output'];
};


/**
 * What a campaign did, counted from its recipients: printed + skipped = audience, and
 * emailed + listedWithoutEmail = printed once the campaign has completed.
 */
export type CampaignReportExceptionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};

export type CampaignStage =
  /** Reading the audience from sales, a page at a time, and writing each letter. */
  | 'COLLECTING'
  | 'DONE'
  /** Writing the notice list and sending the notice e-mails. */
  | 'NOTIFYING'
  /** Writing the print files. */
  | 'PRINTING';

export type CampaignStatus =
  | 'COMPLETED'
  | 'DRAFT'
  /**
   * Stopped by an error (see `failure`), by its template failing for letter after letter, or
   * after its run was interrupted by crashes several times; running it again continues where it
   * stopped.
   */
  | 'FAILED'
  | 'RUNNING';

export type CreateMailingCampaignInput = {
  addressPosition?: InputMaybe<AddressPosition>;
  audience: MailingAudienceInput;
  /** When the letters are expected to arrive: told to customers in the notice e-mail. Today or later. */
  expectedDeliveryOn: Scalars['Date']['input'];
  /** Letters per print file, 1 to 10,000. */
  lettersPerFile?: InputMaybe<Scalars['Int']['input']>;
  /** At most 200 characters. */
  name: Scalars['String']['input'];
  templateId: Scalars['ID']['input'];
  window?: InputMaybe<EnvelopeWindow>;
};

export type CustomerSegment =
  | 'ENTERPRISE'
  | 'PUBLIC_SECTOR'
  | 'SMALL_BUSINESS';

/** Where the window of the envelope is; the address is placed to show through it. */
export type EnvelopeWindow =
  | 'LEFT'
  | 'RIGHT';

export type LetterPreview = {
  __typename?: 'LetterPreview';
  /** The address as it shows in the envelope window. */
  addressLines: Array<Scalars['String']['output']>;
  body: Scalars['String']['output'];
  customerId: Scalars['ID']['output'];
  /** Why this customer would get no letter or no e-mail from a campaign; null when both would go. */
  skipReasons: Array<SkipReason>;
  subject: Scalars['String']['output'];
};

export type LetterTemplate = {
  __typename?: 'LetterTemplate';
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The fields the template names. */
  fields: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  subject: Scalars['String']['output'];
};

export type LetterTemplateInput = {
  /** The letter's text (Liquid), at most 20,000 characters. A blank line starts a paragraph. */
  body: Scalars['String']['input'];
  /** Unique, at most 200 characters. */
  name: Scalars['String']['input'];
  /** The letter's subject line (Liquid), at most 500 characters. */
  subject: Scalars['String']['input'];
};

export type MailingAudience = {
  __typename?: 'MailingAudience';
  country?: Maybe<Scalars['String']['output']>;
  customerIds?: Maybe<Array<Scalars['ID']['output']>>;
  hasActiveContract?: Maybe<Scalars['Boolean']['output']>;
  segment?: Maybe<CustomerSegment>;
};

export type MailingAudienceInput = {
  /** ISO 3166-1 alpha-2 code of the customer's legal address. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Only these customers (at most 10,000). */
  customerIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** true: customers with an ACTIVE contract only; false: those without one. */
  hasActiveContract?: InputMaybe<Scalars['Boolean']['input']>;
  segment?: InputMaybe<CustomerSegment>;
};

export type MailingCampaign = {
  __typename?: 'MailingCampaign';
  addressPosition: AddressPosition;
  audience: MailingAudience;
  createdAt: Scalars['DateTime']['output'];
  /** The downloads of its files, newest first: which file, when, and whom its link was issued to. */
  downloads: Array<CampaignFileDownload>;
  expectedDeliveryOn: Scalars['Date']['output'];
  /** Why the last run stopped, when it failed. */
  failure?: Maybe<Scalars['String']['output']>;
  /** The files made so far. */
  files: Array<CampaignFile>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lettersPerFile: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  progress: CampaignProgress;
  report: CampaignReport;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: CampaignStatus;
  template: LetterTemplate;
  window: EnvelopeWindow;
};


export type MailingCampaignDownloadsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};

export type MailingException = {
  __typename?: 'MailingException';
  customerId: Scalars['ID']['output'];
  /** For TEMPLATE_FAILED, why: "rendering took longer than 1 s", "the output exceeds the limit of 30,000 characters"... */
  detail?: Maybe<Scalars['String']['output']>;
  letterPrinted: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  reason: SkipReason;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Saves a letter template written in Liquid (https://shopify.github.io/liquid/). A template that
   * names a field not in `letterTemplateFields`, or a filter Liquid does not have, is refused
   * (BAD_USER_INPUT naming it); so is one that, tried on a sample customer, exceeds the template
   * limits (time, memory, output length), with the reason.
   */
  createLetterTemplate: LetterTemplate;
  createMailingCampaign: MailingCampaign;
  /**
   * Starts the campaign in the background and returns at once; follow `progress`. Running a
   * campaign that is running or completed changes nothing; one that failed or was interrupted
   * continues where it stopped. No customer ever gets a second letter or e-mail from one campaign.
   */
  runMailingCampaign: MailingCampaign;
};


export type MutationCreateLetterTemplateArgs = {
  input: LetterTemplateInput;
};


export type MutationCreateMailingCampaignArgs = {
  input: CreateMailingCampaignInput;
};


export type MutationRunMailingCampaignArgs = {
  id: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** One customer's letter as the template renders it (data read live from sales and billing); nothing is stored. */
  letterPreview: LetterPreview;
  letterTemplate?: Maybe<LetterTemplate>;
  /** Every field a letter template may name, such as `customer.name` or `billing.charges_to_date`. */
  letterTemplateFields: Array<Scalars['String']['output']>;
  /** Templates, newest first. */
  letterTemplates: Array<LetterTemplate>;
  mailingCampaign?: Maybe<MailingCampaign>;
  /** Campaigns, newest first. */
  mailingCampaigns: Array<MailingCampaign>;
};


export type QueryLetterPreviewArgs = {
  customerId: Scalars['ID']['input'];
  templateId: Scalars['ID']['input'];
};


export type QueryLetterTemplateArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMailingCampaignArgs = {
  id: Scalars['ID']['input'];
};

export type SkipReason =
  /** Printed, but the customer declined notices by e-mail. */
  | 'DECLINED_EMAIL_NOTICES'
  /** Printed, but there is no e-mail address to tell the customer. */
  | 'NO_EMAIL'
  /** No address that fits a window envelope: no letter is printed. */
  | 'NO_POSTAL_ADDRESS'
  /** The template could not make this customer's letter within the template limits (see `detail`): no letter is printed. */
  | 'TEMPLATE_FAILED';

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
  LetterTemplate: LetterTemplate;
  MailingCampaign: MailingCampaign;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  LetterTemplate:
    ( { __typename: 'LetterTemplate' }
    & GraphQLRecursivePick<FederationTypes['LetterTemplate'], {"id":true}> );
  MailingCampaign:
    ( { __typename: 'MailingCampaign' }
    & GraphQLRecursivePick<FederationTypes['MailingCampaign'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AddressPosition: AddressPosition;
  CampaignFile: ResolverTypeWrapper<CampaignFile>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CampaignFileDownload: ResolverTypeWrapper<CampaignFileDownload>;
  CampaignFileKind: CampaignFileKind;
  CampaignProgress: ResolverTypeWrapper<CampaignProgress>;
  CampaignReport: ResolverTypeWrapper<CampaignReportParent>;
  CampaignStage: CampaignStage;
  CampaignStatus: CampaignStatus;
  CreateMailingCampaignInput: CreateMailingCampaignInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CustomerSegment: CustomerSegment;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EnvelopeWindow: EnvelopeWindow;
  LetterPreview: ResolverTypeWrapper<LetterPreview>;
  LetterTemplate: ResolverTypeWrapper<LetterTemplateRow>;
  LetterTemplateInput: LetterTemplateInput;
  MailingAudience: ResolverTypeWrapper<MailingAudience>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  MailingAudienceInput: MailingAudienceInput;
  MailingCampaign: ResolverTypeWrapper<CampaignRow>;
  MailingException: ResolverTypeWrapper<MailingException>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SkipReason: SkipReason;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CampaignFile: CampaignFile;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  CampaignFileDownload: CampaignFileDownload;
  CampaignProgress: CampaignProgress;
  CampaignReport: CampaignReportParent;
  CreateMailingCampaignInput: CreateMailingCampaignInput;
  ID: Scalars['ID']['output'];
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  LetterPreview: LetterPreview;
  LetterTemplate: LetterTemplateRow;
  LetterTemplateInput: LetterTemplateInput;
  MailingAudience: MailingAudience;
  Boolean: Scalars['Boolean']['output'];
  MailingAudienceInput: MailingAudienceInput;
  MailingCampaign: CampaignRow;
  MailingException: MailingException;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
}>;

export type CampaignFileResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['CampaignFile'] = ResolversParentTypes['CampaignFile']> = ResolversObject<{
  bytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['CampaignFileKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CampaignFileDownloadResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['CampaignFileDownload'] = ResolversParentTypes['CampaignFileDownload']> = ResolversObject<{
  downloadedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  downloadedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  linkExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CampaignProgressResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['CampaignProgress'] = ResolversParentTypes['CampaignProgress']> = ResolversObject<{
  processed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['CampaignStage']>, ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CampaignReportResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['CampaignReport'] = ResolversParentTypes['CampaignReport']> = ResolversObject<{
  audience?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  emailed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  exceptions?: Resolver<Array<ResolversTypes['MailingException']>, ParentType, ContextType, RequireFields<CampaignReportExceptionsArgs, 'first' | 'offset'>>;
  listedWithoutEmail?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  printed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  skipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LetterPreviewResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['LetterPreview'] = ResolversParentTypes['LetterPreview']> = ResolversObject<{
  addressLines?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  skipReasons?: Resolver<Array<ResolversTypes['SkipReason']>, ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LetterTemplateResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['LetterTemplate'] = ResolversParentTypes['LetterTemplate'], FederationReferenceType extends FederationReferenceTypes['LetterTemplate'] = FederationReferenceTypes['LetterTemplate']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['LetterTemplate']> | FederationReferenceType, FederationReferenceType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MailingAudienceResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['MailingAudience'] = ResolversParentTypes['MailingAudience']> = ResolversObject<{
  country?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customerIds?: Resolver<Maybe<Array<ResolversTypes['ID']>>, ParentType, ContextType>;
  hasActiveContract?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['CustomerSegment']>, ParentType, ContextType>;
}>;

export type MailingCampaignResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['MailingCampaign'] = ResolversParentTypes['MailingCampaign'], FederationReferenceType extends FederationReferenceTypes['MailingCampaign'] = FederationReferenceTypes['MailingCampaign']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MailingCampaign']> | FederationReferenceType, FederationReferenceType, ContextType>;
  addressPosition?: Resolver<ResolversTypes['AddressPosition'], ParentType, ContextType>;
  audience?: Resolver<ResolversTypes['MailingAudience'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  downloads?: Resolver<Array<ResolversTypes['CampaignFileDownload']>, ParentType, ContextType, RequireFields<MailingCampaignDownloadsArgs, 'first' | 'offset'>>;
  expectedDeliveryOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  failure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  files?: Resolver<Array<ResolversTypes['CampaignFile']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lettersPerFile?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['CampaignProgress'], ParentType, ContextType>;
  report?: Resolver<ResolversTypes['CampaignReport'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CampaignStatus'], ParentType, ContextType>;
  template?: Resolver<ResolversTypes['LetterTemplate'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['EnvelopeWindow'], ParentType, ContextType>;
}>;

export type MailingExceptionResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['MailingException'] = ResolversParentTypes['MailingException']> = ResolversObject<{
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  detail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  letterPrinted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['SkipReason'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createLetterTemplate?: Resolver<ResolversTypes['LetterTemplate'], ParentType, ContextType, RequireFields<MutationCreateLetterTemplateArgs, 'input'>>;
  createMailingCampaign?: Resolver<ResolversTypes['MailingCampaign'], ParentType, ContextType, RequireFields<MutationCreateMailingCampaignArgs, 'input'>>;
  runMailingCampaign?: Resolver<ResolversTypes['MailingCampaign'], ParentType, ContextType, RequireFields<MutationRunMailingCampaignArgs, 'id'>>;
}>;

export type QueryResolvers<ContextType = MailingsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  letterPreview?: Resolver<ResolversTypes['LetterPreview'], ParentType, ContextType, RequireFields<QueryLetterPreviewArgs, 'customerId' | 'templateId'>>;
  letterTemplate?: Resolver<Maybe<ResolversTypes['LetterTemplate']>, ParentType, ContextType, RequireFields<QueryLetterTemplateArgs, 'id'>>;
  letterTemplateFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  letterTemplates?: Resolver<Array<ResolversTypes['LetterTemplate']>, ParentType, ContextType>;
  mailingCampaign?: Resolver<Maybe<ResolversTypes['MailingCampaign']>, ParentType, ContextType, RequireFields<QueryMailingCampaignArgs, 'id'>>;
  mailingCampaigns?: Resolver<Array<ResolversTypes['MailingCampaign']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = MailingsContext> = ResolversObject<{
  CampaignFile?: CampaignFileResolvers<ContextType>;
  CampaignFileDownload?: CampaignFileDownloadResolvers<ContextType>;
  CampaignProgress?: CampaignProgressResolvers<ContextType>;
  CampaignReport?: CampaignReportResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  LetterPreview?: LetterPreviewResolvers<ContextType>;
  LetterTemplate?: LetterTemplateResolvers<ContextType>;
  MailingAudience?: MailingAudienceResolvers<ContextType>;
  MailingCampaign?: MailingCampaignResolvers<ContextType>;
  MailingException?: MailingExceptionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

