import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Customer as CustomerRow, Contact as ContactRow, Contract as ContractRow, ContractRate as ContractRateRow } from './prisma/client.js';
import type { CustomerEdgeParent, CustomerConnectionParent } from '../pagination.js';
import type { SalesContext } from '../context.js';
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

export type BillableService =
  | 'CONFERENCE_DIAL_IN'
  | 'CONFERENCE_RECORDING'
  | 'CONFERENCE_TOLL_FREE';

export type Contact = {
  __typename?: 'Contact';
  email?: Maybe<Scalars['String']['output']>;
  fullName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  role?: Maybe<Scalars['String']['output']>;
};

export type ContactInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  fullName: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
  role?: InputMaybe<Scalars['String']['input']>;
};

export type Contract = {
  __typename?: 'Contract';
  /** Codice Identificativo di Gara, on contracts with public bodies: 10 letters or digits. */
  cig?: Maybe<Scalars['String']['output']>;
  /** The contract is exempt from CIG tracing, so a public body's invoices carry no CIG. */
  cigExempt: Scalars['Boolean']['output'];
  /** Codice Unico di Progetto, where the public body gave one: 15 letters or digits. */
  cup?: Maybe<Scalars['String']['output']>;
  customer: Customer;
  /** The last day the contract applies (inclusive), a day in Europe/Rome: until the next midnight there. Null for no end. */
  endsOn?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  number: Scalars['String']['output'];
  rates: Array<ContractRate>;
  /** The first day the contract applies, a day in the company's time zone (Europe/Rome): from its midnight there. */
  startsOn: Scalars['Date']['output'];
  status: ContractStatus;
};

export type ContractCodesInput = {
  /** Codice Identificativo di Gara: 10 letters or digits. */
  cig?: InputMaybe<Scalars['String']['input']>;
  cigExempt?: InputMaybe<Scalars['Boolean']['input']>;
  /** Codice Unico di Progetto: 15 letters or digits. */
  cup?: InputMaybe<Scalars['String']['input']>;
};

export type ContractRate = {
  __typename?: 'ContractRate';
  /** Connection time is rounded up to a multiple of this many seconds before pricing. */
  billingIncrementSeconds: Scalars['Int']['output'];
  contract: Contract;
  effectiveFrom: Scalars['DateTime']['output'];
  effectiveTo?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  service: BillableService;
  unit: RateUnit;
  /** Price per unit, up to 6 decimals. */
  unitPrice: Money;
};

export type ContractRateInput = {
  billingIncrementSeconds: Scalars['Int']['input'];
  /** ISO 4217 code, such as EUR. All the rates of a contract are in one currency. */
  currency: Scalars['String']['input'];
  /**
   * Within the contract's term: not before `startsOn` begins in Europe/Rome (2026-01-01 begins at
   * 2026-01-01T00:00:00+01:00), not after `endsOn` ends there. For addContractRate, not
   * before now: a price changes only from now on (a correction is a credit or debit note).
   */
  effectiveFrom: Scalars['DateTime']['input'];
  effectiveTo?: InputMaybe<Scalars['DateTime']['input']>;
  service: BillableService;
  unit: RateUnit;
  /** Decimal string, at most 6 decimals, not negative. */
  unitPrice: Scalars['String']['input'];
};

export type ContractStatus =
  | 'ACTIVE'
  | 'DRAFT'
  | 'TERMINATED';

export type CreateContractInput = {
  /** Codice Identificativo di Gara: 10 letters or digits. A contract with a public body needs one unless cigExempt. */
  cig?: InputMaybe<Scalars['String']['input']>;
  /** The contract is exempt from CIG tracing (default false). */
  cigExempt?: InputMaybe<Scalars['Boolean']['input']>;
  /** Codice Unico di Progetto: 15 letters or digits. */
  cup?: InputMaybe<Scalars['String']['input']>;
  customerId: Scalars['ID']['input'];
  /** The last day the contract applies (inclusive, in Europe/Rome); null for no end. */
  endsOn?: InputMaybe<Scalars['Date']['input']>;
  number: Scalars['String']['input'];
  rates: Array<ContractRateInput>;
  /** Between 2000-01-01 and 2099-12-31, as are all contract and rate dates. Contract days are days in Europe/Rome. */
  startsOn: Scalars['Date']['input'];
};

export type CreateCustomerInput = {
  /** Default true. */
  acceptsEmailNotices?: InputMaybe<Scalars['Boolean']['input']>;
  address: PostalAddressInput;
  email: Scalars['String']['input'];
  /**
   * Default: from the VAT number's prefix (IT: ITALIAN_BUSINESS, another EU state's: EU_BUSINESS,
   * any other: NON_EU_BUSINESS). A public body or a private person is named explicitly.
   */
  fiscalCategory?: InputMaybe<FiscalCategory>;
  /** 16 characters for a person, 11 digits for a company or public body; checked with its check character. */
  fiscalCode?: InputMaybe<Scalars['String']['input']>;
  /** At most 80 characters, all in Latin-1 (ISO-8859-1), as FatturaPA's Denominazione. */
  legalName: Scalars['String']['input'];
  mailingAddress?: InputMaybe<PostalAddressInput>;
  /** Certified e-mail (PEC) for invoices; sets sdiRecipientCode to 0000000 when that is not given. */
  pecAddress?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  /** 7 characters; 6 (the office code) for a public body; 0000000 with a PEC; set to XXXXXXX for a customer abroad. */
  sdiRecipientCode?: InputMaybe<Scalars['String']['input']>;
  segment: CustomerSegment;
  /** With its country prefix. Required but for a private person (who has none) and a public body with only a codice fiscale. */
  vatNumber?: InputMaybe<Scalars['String']['input']>;
};

export type Customer = {
  __typename?: 'Customer';
  /** Whether the customer accepts service notices (such as 'a letter is on its way') by e-mail. */
  acceptsEmailNotices: Scalars['Boolean']['output'];
  /** The legal address. */
  address: PostalAddress;
  contacts: Array<Contact>;
  /**
   * The rates in force at `at` (default: now) from the customer's contracts that cover that
   * instant and are not drafts: the latest rates extended to the customer.
   */
  contractRates: Array<ContractRate>;
  contracts: Array<Contract>;
  createdAt: Scalars['DateTime']['output'];
  /** Whether an invoice to this customer can be made into a FatturaPA file today, and what is missing if not. */
  eInvoiceReadiness: EInvoiceReadiness;
  email: Scalars['String']['output'];
  /** Who the customer is for Italian invoicing; see FiscalCategory. */
  fiscalCategory: FiscalCategory;
  /** Codice fiscale: 16 characters for a person, 11 digits for a company or public body. */
  fiscalCode?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  legalName: Scalars['String']['output'];
  /** Where letters go instead of the legal address; null when they go to the legal address. */
  mailingAddress?: Maybe<PostalAddress>;
  /** The contact who receives service notices; null when they go to the customer's e-mail. */
  noticeContact?: Maybe<Contact>;
  /** Where service notices go: the notice contact's e-mail, or the customer's. Null when the notice contact has none. */
  noticeEmail?: Maybe<Scalars['String']['output']>;
  /** The certified e-mail (PEC) SdI delivers invoices to, with sdiRecipientCode 0000000. */
  pecAddress?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  /**
   * The address a letter is printed with: the mailing address if there is one, else the legal
   * address, with `recipient` filled in (the legal name when none is set). Null when that
   * address does not fit a window envelope (a line over 40 characters, as addresses entered
   * before the envelope rules may have): give the customer a mailing address.
   */
  postalAddress?: Maybe<PostalAddress>;
  /**
   * Where SdI delivers the customer's invoices (CodiceDestinatario): a 7-character code, a public
   * body's 6-character office code (CodiceUnivocoUfficio), 0000000 when they go to `pecAddress` or
   * to the Agenzia's reserved area, XXXXXXX for a customer abroad.
   */
  sdiRecipientCode?: Maybe<Scalars['String']['output']>;
  segment: CustomerSegment;
  /** With its country prefix (IT01234567897). Null only for a private person, and a public body that has only a codice fiscale. */
  vatNumber?: Maybe<Scalars['String']['output']>;
};


export type CustomerContractRatesArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
};


export type CustomerContractsArgs = {
  status?: InputMaybe<ContractStatus>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
  /** All customers matching the filter (one extra query; ask only when needed). */
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type CustomerFilter = {
  /** ISO 3166-1 alpha-2 code of the legal address's country. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** true: only customers with an ACTIVE contract; false: only those without one. */
  hasActiveContract?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only these customers (at most 10,000 ids). */
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Case-insensitive match on the legal name or the VAT number; % and _ match themselves. At most 200 characters. */
  search?: InputMaybe<Scalars['String']['input']>;
  segment?: InputMaybe<CustomerSegment>;
};

export type CustomerSegment =
  | 'ENTERPRISE'
  | 'PUBLIC_SECTOR'
  | 'SMALL_BUSINESS';

/** What an invoice to a customer still needs before it can become a FatturaPA file. */
export type EInvoiceReadiness = {
  __typename?: 'EInvoiceReadiness';
  /** The fields to fill in or correct, as named in the input (`fiscalCode`, `address.postalCode`, `contracts.CTR-2025-000003.cig`). */
  missing: Array<Scalars['String']['output']>;
  ready: Scalars['Boolean']['output'];
};

/**
 * Who a customer is for Italian e-invoicing. It decides which codes are needed (see the README,
 * "Business rules"), the FatturaPA format (FPA12 for a public body, FPR12 otherwise) and, in
 * billing, the VAT treatment (split payment, reverse charge, ...).
 */
export type FiscalCategory =
  /** Registered for VAT in another EU member state: VAT number with that state's prefix. */
  | 'EU_BUSINESS'
  /** Registered for VAT in Italy: an IT VAT number with a valid check digit. */
  | 'ITALIAN_BUSINESS'
  /** An Italian public administration: invoiced in FPA12 through its 6-character office code. */
  | 'ITALIAN_PUBLIC_BODY'
  /** A business outside the EU. */
  | 'NON_EU_BUSINESS'
  /** A person who is not acting as a business: no VAT number; in Italy, a codice fiscale. */
  | 'PRIVATE_PERSON';

/** An amount of money as a decimal string (never a float) in an ISO 4217 currency. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Puts a DRAFT contract in force. Refused (CONFLICT) while another contract of the customer
   * that is in force prices one of the same services for part of the same time.
   */
  activateContract: Contract;
  addContact: Contact;
  /**
   * Adds a rate to a contract. A new price for a service is a new rate with a later
   * `effectiveFrom`: the rate it replaces is ended at that instant, so history is kept.
   * The rate is in the contract's currency, starts within the contract's term and not before now.
   */
  addContractRate: ContractRate;
  /** A new contract starts as DRAFT with the rates given; it has no effect until activated. */
  createContract: Contract;
  createCustomer: Customer;
  removeContact: Contact;
  /**
   * Ends the contract after `endsOn`, its last day: today (in Europe/Rome) at the earliest, and never
   * later than its current `endsOn` (terminating only shortens a contract). Its rates stop applying
   * at the end of that day in Europe/Rome.
   */
  terminateContract: Contract;
  /**
   * Sets what a public body's invoices quote for this contract, in any status: fields left out are
   * kept, null clears `cig` or `cup`. A contract with a public body keeps a CIG unless `cigExempt`.
   * Invoices already issued keep the codes they were issued with.
   */
  updateContractCodes: Contract;
  /**
   * Changes only the fields given. Only `phone`, `mailingAddress`, `noticeContactId` and the fiscal
   * codes (`vatNumber`, `fiscalCode`, `sdiRecipientCode`, `pecAddress`) can be cleared (given as
   * null); null for any other field is refused. An empty input returns the customer unchanged.
   */
  updateCustomer: Customer;
};


export type MutationActivateContractArgs = {
  id: Scalars['ID']['input'];
};


export type MutationAddContactArgs = {
  customerId: Scalars['ID']['input'];
  input: ContactInput;
};


export type MutationAddContractRateArgs = {
  contractId: Scalars['ID']['input'];
  input: ContractRateInput;
};


export type MutationCreateContractArgs = {
  input: CreateContractInput;
};


export type MutationCreateCustomerArgs = {
  input: CreateCustomerInput;
};


export type MutationRemoveContactArgs = {
  id: Scalars['ID']['input'];
};


export type MutationTerminateContractArgs = {
  endsOn: Scalars['Date']['input'];
  id: Scalars['ID']['input'];
};


export type MutationUpdateContractCodesArgs = {
  id: Scalars['ID']['input'];
  input: ContractCodesInput;
};


export type MutationUpdateCustomerArgs = {
  id: Scalars['ID']['input'];
  input: UpdateCustomerInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * An address as printed on an envelope, a line per field. Every line of a mailing address has at
 * most 40 characters, the postcode at most 10: what fits the 85 mm window of a DIN 5008 envelope.
 */
export type PostalAddress = {
  __typename?: 'PostalAddress';
  /** For the attention of: 'c/o ...' or a contact person. */
  attention?: Maybe<Scalars['String']['output']>;
  city: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2 country code. */
  country: Scalars['String']['output'];
  postalCode: Scalars['String']['output'];
  province?: Maybe<Scalars['String']['output']>;
  /** First line: who the letter is for. Null on a stored address means the customer's legal name. */
  recipient?: Maybe<Scalars['String']['output']>;
  street: Scalars['String']['output'];
  /** A second street line (building, floor, PO box). */
  street2?: Maybe<Scalars['String']['output']>;
};

export type PostalAddressInput = {
  /** At most 40 characters. */
  attention?: InputMaybe<Scalars['String']['input']>;
  city: Scalars['String']['input'];
  country: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
  province?: InputMaybe<Scalars['String']['input']>;
  /** At most 40 characters; leave out to print the legal name. */
  recipient?: InputMaybe<Scalars['String']['input']>;
  /** At most 40 characters in a mailing address (200 in the legal address, which also goes on invoices). */
  street: Scalars['String']['input'];
  /** At most 40 characters. */
  street2?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** The contract with this id, or null if there is none. */
  contract?: Maybe<Contract>;
  /** The customer with this id, or null if there is none. */
  customer?: Maybe<Customer>;
  /** Customers ordered by id, a page at a time. `first` is 1 to 500 (default 20). */
  customers: CustomerConnection;
};


export type QueryContractArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RateUnit =
  /** Price per conference, whatever its length. */
  | 'CALL'
  /** Price per minute of connection, counted in billing increments. */
  | 'MINUTE';

export type UpdateCustomerInput = {
  acceptsEmailNotices?: InputMaybe<Scalars['Boolean']['input']>;
  address?: InputMaybe<PostalAddressInput>;
  email?: InputMaybe<Scalars['String']['input']>;
  fiscalCategory?: InputMaybe<FiscalCategory>;
  /** null removes it. */
  fiscalCode?: InputMaybe<Scalars['String']['input']>;
  legalName?: InputMaybe<Scalars['String']['input']>;
  /** null removes the mailing address: letters go to the legal address. */
  mailingAddress?: InputMaybe<PostalAddressInput>;
  /** One of the customer's contacts; null sends notices to the customer's e-mail. */
  noticeContactId?: InputMaybe<Scalars['ID']['input']>;
  /** null removes it. */
  pecAddress?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  /** null removes it. */
  sdiRecipientCode?: InputMaybe<Scalars['String']['input']>;
  segment?: InputMaybe<CustomerSegment>;
  /** null removes it (a private person, a public body with only a codice fiscale). */
  vatNumber?: InputMaybe<Scalars['String']['input']>;
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
  Contract: Contract;
  ContractRate: ContractRate;
  Customer: Customer;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Contract:
    ( { __typename: 'Contract' }
    & GraphQLRecursivePick<FederationTypes['Contract'], {"id":true}> );
  ContractRate:
    ( { __typename: 'ContractRate' }
    & GraphQLRecursivePick<FederationTypes['ContractRate'], {"id":true}> );
  Customer:
    ( { __typename: 'Customer' }
    & GraphQLRecursivePick<FederationTypes['Customer'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BillableService: BillableService;
  Contact: ResolverTypeWrapper<ContactRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ContactInput: ContactInput;
  Contract: ResolverTypeWrapper<ContractRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ContractCodesInput: ContractCodesInput;
  ContractRate: ResolverTypeWrapper<ContractRateRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ContractRateInput: ContractRateInput;
  ContractStatus: ContractStatus;
  CreateContractInput: CreateContractInput;
  CreateCustomerInput: CreateCustomerInput;
  Customer: ResolverTypeWrapper<CustomerRow>;
  CustomerConnection: ResolverTypeWrapper<CustomerConnectionParent>;
  CustomerEdge: ResolverTypeWrapper<CustomerEdgeParent>;
  CustomerFilter: CustomerFilter;
  CustomerSegment: CustomerSegment;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EInvoiceReadiness: ResolverTypeWrapper<EInvoiceReadiness>;
  FiscalCategory: FiscalCategory;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PostalAddress: ResolverTypeWrapper<PostalAddress>;
  PostalAddressInput: PostalAddressInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateUnit: RateUnit;
  UpdateCustomerInput: UpdateCustomerInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Contact: ContactRow;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  ContactInput: ContactInput;
  Contract: ContractRow;
  Boolean: Scalars['Boolean']['output'];
  ContractCodesInput: ContractCodesInput;
  ContractRate: ContractRateRow;
  Int: Scalars['Int']['output'];
  ContractRateInput: ContractRateInput;
  CreateContractInput: CreateContractInput;
  CreateCustomerInput: CreateCustomerInput;
  Customer: CustomerRow;
  CustomerConnection: CustomerConnectionParent;
  CustomerEdge: CustomerEdgeParent;
  CustomerFilter: CustomerFilter;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  EInvoiceReadiness: EInvoiceReadiness;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PostalAddress: PostalAddress;
  PostalAddressInput: PostalAddressInput;
  Query: Record<PropertyKey, never>;
  UpdateCustomerInput: UpdateCustomerInput;
}>;

export type ContactResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact']> = ResolversObject<{
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fullName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ContractResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Contract'] = ResolversParentTypes['Contract'], FederationReferenceType extends FederationReferenceTypes['Contract'] = FederationReferenceTypes['Contract']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Contract']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cig?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cigExempt?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  cup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  endsOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rates?: Resolver<Array<ResolversTypes['ContractRate']>, ParentType, ContextType>;
  startsOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ContractStatus'], ParentType, ContextType>;
}>;

export type ContractRateResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['ContractRate'] = ResolversParentTypes['ContractRate'], FederationReferenceType extends FederationReferenceTypes['ContractRate'] = FederationReferenceTypes['ContractRate']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ContractRate']> | FederationReferenceType, FederationReferenceType, ContextType>;
  billingIncrementSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  contract?: Resolver<ResolversTypes['Contract'], ParentType, ContextType>;
  effectiveFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  effectiveTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['BillableService'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['RateUnit'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type CustomerResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'], FederationReferenceType extends FederationReferenceTypes['Customer'] = FederationReferenceTypes['Customer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Customer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  acceptsEmailNotices?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  address?: Resolver<ResolversTypes['PostalAddress'], ParentType, ContextType>;
  contacts?: Resolver<Array<ResolversTypes['Contact']>, ParentType, ContextType>;
  contractRates?: Resolver<Array<ResolversTypes['ContractRate']>, ParentType, ContextType, Partial<CustomerContractRatesArgs>>;
  contracts?: Resolver<Array<ResolversTypes['Contract']>, ParentType, ContextType, Partial<CustomerContractsArgs>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  eInvoiceReadiness?: Resolver<ResolversTypes['EInvoiceReadiness'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fiscalCategory?: Resolver<ResolversTypes['FiscalCategory'], ParentType, ContextType>;
  fiscalCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  legalName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  mailingAddress?: Resolver<Maybe<ResolversTypes['PostalAddress']>, ParentType, ContextType>;
  noticeContact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  noticeEmail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pecAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalAddress?: Resolver<Maybe<ResolversTypes['PostalAddress']>, ParentType, ContextType>;
  sdiRecipientCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  segment?: Resolver<ResolversTypes['CustomerSegment'], ParentType, ContextType>;
  vatNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CustomerConnectionResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CustomerEdgeResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EInvoiceReadinessResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['EInvoiceReadiness'] = ResolversParentTypes['EInvoiceReadiness']> = ResolversObject<{
  missing?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  activateContract?: Resolver<ResolversTypes['Contract'], ParentType, ContextType, RequireFields<MutationActivateContractArgs, 'id'>>;
  addContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationAddContactArgs, 'customerId' | 'input'>>;
  addContractRate?: Resolver<ResolversTypes['ContractRate'], ParentType, ContextType, RequireFields<MutationAddContractRateArgs, 'contractId' | 'input'>>;
  createContract?: Resolver<ResolversTypes['Contract'], ParentType, ContextType, RequireFields<MutationCreateContractArgs, 'input'>>;
  createCustomer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationCreateCustomerArgs, 'input'>>;
  removeContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationRemoveContactArgs, 'id'>>;
  terminateContract?: Resolver<ResolversTypes['Contract'], ParentType, ContextType, RequireFields<MutationTerminateContractArgs, 'endsOn' | 'id'>>;
  updateContractCodes?: Resolver<ResolversTypes['Contract'], ParentType, ContextType, RequireFields<MutationUpdateContractCodesArgs, 'id' | 'input'>>;
  updateCustomer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationUpdateCustomerArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PostalAddressResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['PostalAddress'] = ResolversParentTypes['PostalAddress']> = ResolversObject<{
  attention?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  province?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  street?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SalesContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  contract?: Resolver<Maybe<ResolversTypes['Contract']>, ParentType, ContextType, RequireFields<QueryContractArgs, 'id'>>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'id'>>;
  customers?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, RequireFields<QueryCustomersArgs, 'first'>>;
}>;

export type Resolvers<ContextType = SalesContext> = ResolversObject<{
  Contact?: ContactResolvers<ContextType>;
  Contract?: ContractResolvers<ContextType>;
  ContractRate?: ContractRateResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  EInvoiceReadiness?: EInvoiceReadinessResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PostalAddress?: PostalAddressResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

