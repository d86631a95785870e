/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation BookConference($input: CreateBookingInput!) {\n  createBooking(input: $input) {\n    id\n    status\n    scheduledStart\n    customer {\n      id\n      legalName\n    }\n  }\n}": typeof types.BookConferenceDocument,
    "query CustomerOverview($id: ID!) {\n  customer(id: $id) {\n    id\n    legalName\n    contractRates {\n      service\n      unit\n      unitPrice {\n        amount\n        currency\n      }\n      billingIncrementSeconds\n    }\n    currentBilling {\n      startsOn\n      endsOn\n      period {\n        startsOn\n        endsOn\n        status\n      }\n      calls\n      billedMinutes\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n    billingAwaitingInvoice {\n      startsOn\n      endsOn\n      calls\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n  }\n}": typeof types.CustomerOverviewDocument,
    "query CustomersPage($first: Int, $after: String) {\n  customers(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        legalName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CustomersPageDocument,
    "query InvoiceWithRates($id: ID!) {\n  invoice(id: $id) {\n    number\n    status\n    total {\n      amount\n      currency\n    }\n    lines {\n      description\n      quantity\n      unit\n      amount {\n        amount\n        currency\n      }\n    }\n    customer {\n      legalName\n      contractRates {\n        service\n        unitPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": typeof types.InvoiceWithRatesDocument,
};
const documents: Documents = {
    "mutation BookConference($input: CreateBookingInput!) {\n  createBooking(input: $input) {\n    id\n    status\n    scheduledStart\n    customer {\n      id\n      legalName\n    }\n  }\n}": types.BookConferenceDocument,
    "query CustomerOverview($id: ID!) {\n  customer(id: $id) {\n    id\n    legalName\n    contractRates {\n      service\n      unit\n      unitPrice {\n        amount\n        currency\n      }\n      billingIncrementSeconds\n    }\n    currentBilling {\n      startsOn\n      endsOn\n      period {\n        startsOn\n        endsOn\n        status\n      }\n      calls\n      billedMinutes\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n    billingAwaitingInvoice {\n      startsOn\n      endsOn\n      calls\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n  }\n}": types.CustomerOverviewDocument,
    "query CustomersPage($first: Int, $after: String) {\n  customers(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        legalName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CustomersPageDocument,
    "query InvoiceWithRates($id: ID!) {\n  invoice(id: $id) {\n    number\n    status\n    total {\n      amount\n      currency\n    }\n    lines {\n      description\n      quantity\n      unit\n      amount {\n        amount\n        currency\n      }\n    }\n    customer {\n      legalName\n      contractRates {\n        service\n        unitPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": types.InvoiceWithRatesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BookConference($input: CreateBookingInput!) {\n  createBooking(input: $input) {\n    id\n    status\n    scheduledStart\n    customer {\n      id\n      legalName\n    }\n  }\n}"): (typeof documents)["mutation BookConference($input: CreateBookingInput!) {\n  createBooking(input: $input) {\n    id\n    status\n    scheduledStart\n    customer {\n      id\n      legalName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerOverview($id: ID!) {\n  customer(id: $id) {\n    id\n    legalName\n    contractRates {\n      service\n      unit\n      unitPrice {\n        amount\n        currency\n      }\n      billingIncrementSeconds\n    }\n    currentBilling {\n      startsOn\n      endsOn\n      period {\n        startsOn\n        endsOn\n        status\n      }\n      calls\n      billedMinutes\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n    billingAwaitingInvoice {\n      startsOn\n      endsOn\n      calls\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n  }\n}"): (typeof documents)["query CustomerOverview($id: ID!) {\n  customer(id: $id) {\n    id\n    legalName\n    contractRates {\n      service\n      unit\n      unitPrice {\n        amount\n        currency\n      }\n      billingIncrementSeconds\n    }\n    currentBilling {\n      startsOn\n      endsOn\n      period {\n        startsOn\n        endsOn\n        status\n      }\n      calls\n      billedMinutes\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n    billingAwaitingInvoice {\n      startsOn\n      endsOn\n      calls\n      chargesToDate {\n        amount\n        currency\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomersPage($first: Int, $after: String) {\n  customers(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        legalName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query CustomersPage($first: Int, $after: String) {\n  customers(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        legalName\n        segment\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InvoiceWithRates($id: ID!) {\n  invoice(id: $id) {\n    number\n    status\n    total {\n      amount\n      currency\n    }\n    lines {\n      description\n      quantity\n      unit\n      amount {\n        amount\n        currency\n      }\n    }\n    customer {\n      legalName\n      contractRates {\n        service\n        unitPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query InvoiceWithRates($id: ID!) {\n  invoice(id: $id) {\n    number\n    status\n    total {\n      amount\n      currency\n    }\n    lines {\n      description\n      quantity\n      unit\n      amount {\n        amount\n        currency\n      }\n    }\n    customer {\n      legalName\n      contractRates {\n        service\n        unitPrice {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;