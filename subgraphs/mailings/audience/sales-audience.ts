/**
 * Reads a campaign's audience from sales, which owns customers, a page at a time (one request
 * per page of up to 500 customers, never one per customer), and, when a template asks for
 * figures, the customers' current billing from billing (one request per page, through
 * billing's entity resolver). Nothing read here is kept except what a letter prints.
 */
import { GraphQLError } from 'graphql';
import { fetch, type Dispatcher } from 'undici';
import type { ServiceCredentials } from '../../shared/identity/service-credentials.js';
import { createSubgraphAgent, describeFailure, isConnectionReset, requestDeadlineMs } from '../../shared/subgraph-client.js';
import { withRequestContext } from '../../shared/observability/outgoing-headers.js';

export interface AudiencePostalAddress {
  recipient: string | null;
  attention: string | null;
  street: string;
  street2: string | null;
  postalCode: string;
  city: string;
  province: string | null;
  country: string;
}

export interface AudienceCustomer {
  id: string;
  legalName: string;
  vatNumber: string | null;
  segment: string;
  acceptsEmailNotices: boolean;
  noticeEmail: string | null;
  noticeContact: { fullName: string } | null;
  postalAddress: AudiencePostalAddress | null;
  contracts: { number: string; startsOn: string; endsOn: string | null }[];
}

export interface BillingFigures {
  period: { startsOn: string; endsOn: string } | null;
  calls: number;
  billedMinutes: string;
  chargesToDate: { amount: string; currency: string };
}

export interface AudienceCriteria {
  segment?: string | null;
  country?: string | null;
  hasActiveContract?: boolean | null;
  ids?: string[] | null;
}

export interface AudiencePage {
  customers: AudienceCustomer[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number | null;
}

export interface CustomerSource {
  page(criteria: AudienceCriteria, after: string | null, first: number, withTotal: boolean): Promise<AudiencePage>;
  billing(customerIds: string[]): Promise<Map<string, BillingFigures | null>>;
}

/** What sales answers in one request, and the most a campaign asks for at once. */
export const AUDIENCE_PAGE_SIZE = 500;

const AUDIENCE_PAGE = `
  query MailingAudience($first: Int!, $after: String, $filter: CustomerFilter, $withTotal: Boolean!) {
    customers(first: $first, after: $after, filter: $filter) {
      totalCount @include(if: $withTotal)
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id legalName vatNumber segment acceptsEmailNotices noticeEmail
          noticeContact { fullName }
          postalAddress { recipient attention street street2 postalCode city province country }
          contracts(status: ACTIVE) { number startsOn endsOn }
        }
      }
    }
  }`;

const CURRENT_BILLING = `
  query MailingBilling($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } }
      }
    }
  }`;

/** A page of 500 customers with their contacts and contracts takes sales well under a second. */
export const AUDIENCE_TIMEOUT_MS = 30_000;

export interface SubgraphCustomerSourceOptions {
  /** Mailings' own credentials: sales and billing answer only a service that proves who it is. */
  credentials: Pick<ServiceCredentials, 'bearerFor'>;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export function subgraphCustomerSource(salesUrl: string, billingUrl: string, { credentials, timeoutMs = AUDIENCE_TIMEOUT_MS, dispatcher = createSubgraphAgent({ answerTimeoutMs: timeoutMs }) }: SubgraphCustomerSourceOptions): CustomerSource {
  async function ask<Data>(serviceName: 'sales' | 'billing', url: string, query: string, variables: Record<string, unknown>): Promise<Data> {
    const send = async () =>
      fetch(url, {
        method: 'POST',
        headers: withRequestContext({ 'content-type': 'application/json', authorization: `Bearer ${await credentials.bearerFor()}` }),
        body: JSON.stringify({ query, variables }),
        dispatcher,
        signal: AbortSignal.timeout(requestDeadlineMs(timeoutMs)),
      });
    let body: { data?: Data | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] } | null;
    try {
      // Reads only: safe to send once more when a pooled connection broke under it.
      const response = await send().catch((error: unknown) => (isConnectionReset(error) ? send() : Promise.reject(error)));
      body = (await response.json().catch(() => null)) as typeof body;
      if (!body || (!response.ok && !body.errors)) throw new Error(`answered HTTP ${response.status}`);
    } catch (error) {
      throw new GraphQLError(`${serviceName} cannot be reached (${describeFailure(error, timeoutMs)}); try again later.`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
      });
    }
    const refused = body.errors?.[0];
    if (refused) {
      // Sales refusing the criteria (a bad country code) is the caller's input problem.
      if (refused.extensions?.code === 'BAD_USER_INPUT') {
        throw new GraphQLError(`${serviceName} refused the audience: ${refused.message}`, { extensions: { code: 'BAD_USER_INPUT', field: refused.extensions.field } });
      }
      throw new GraphQLError(`${serviceName} failed to answer: ${refused.message}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName } });
    }
    return body.data as Data;
  }

  return {
    async page(criteria, after, first, withTotal) {
      const filter = {
        segment: criteria.segment ?? undefined,
        country: criteria.country ?? undefined,
        hasActiveContract: criteria.hasActiveContract ?? undefined,
        ids: criteria.ids?.length ? criteria.ids : undefined,
      };
      type Answer = {
        customers: { totalCount?: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: AudienceCustomer }[] };
      };
      const { customers } = await ask<Answer>('sales', salesUrl, AUDIENCE_PAGE, { first, after, filter, withTotal });
      return {
        customers: customers.edges.map((edge) => edge.node),
        endCursor: customers.pageInfo.endCursor,
        hasNextPage: customers.pageInfo.hasNextPage,
        totalCount: customers.totalCount ?? null,
      };
    },
    async billing(customerIds) {
      if (customerIds.length === 0) return new Map();
      type Answer = { _entities: ({ currentBilling: BillingFigures | null } | null)[] };
      const { _entities: entities } = await ask<Answer>('billing', billingUrl, CURRENT_BILLING, {
        representations: customerIds.map((id) => ({ __typename: 'Customer', id })),
      });
      return new Map(customerIds.map((id, index) => [id, entities[index]?.currentBilling ?? null]));
    },
  };
}
