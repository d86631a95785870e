/**
 * Bookings stores a customer only as an id, so before booking it asks sales, which owns
 * customers and contracts, whether the id is one and whether a contract is in force on the
 * day of the call: a booked call is billed, and billing can only rate it under a contract.
 * Asked at booking time in one request rather than copied, so a customer or contract sales
 * has just created or activated counts at once and no customer list goes stale here.
 */
import { GraphQLError } from 'graphql';
import { COMPANY_TIME_ZONE, localDate } from '../shared/calendar.js';
import { fetch, type Dispatcher } from 'undici';
import type { ServiceCredentials } from '../shared/identity/service-credentials.js';
import { defaultLogger } from '../shared/observability/logger.js';
import { createSubgraphAgent, describeFailure, isConnectionReset, requestDeadlineMs } from '../shared/subgraph-client.js';
import { withRequestContext } from '../shared/observability/outgoing-headers.js';

/** What sales says about a customer and a day: unknown, known without a contract then, or covered. */
export type CustomerStanding = 'unknown' | 'no-contract' | 'under-contract';

export interface CustomerDirectory {
  /** Whether the customer exists and a contract of theirs is in force on `at`'s day (contractDay). */
  standing(customerId: string, at: Date): Promise<CustomerStanding>;
}

interface ContractTerm {
  status: 'DRAFT' | 'ACTIVE' | 'TERMINATED';
  startsOn: string;
  endsOn: string | null;
}

const CUSTOMER_CONTRACTS = 'query CustomerContracts($id: ID!) { customer(id: $id) { id contracts { status startsOn endsOn } } }';

/**
 * A contract runs from `startsOn` to the end of `endsOn`, days in the company's time zone
 * (sales' rule, subgraphs/sales/domain/contract-terms.ts). A TERMINATED
 * contract still covers the days up to its `endsOn`: terminating only shortens the term, and
 * the customer is still under contract until then. A DRAFT covers nothing.
 */
export function contractCovers(contract: ContractTerm, day: string): boolean {
  if (contract.status === 'DRAFT') return false;
  return contract.startsOn <= day && (contract.endsOn === null || day <= contract.endsOn);
}

/** The contract day an instant falls on: the company's (Europe/Rome) date, as sales and billing judge it. */
export function contractDay(at: Date): string {
  return localDate(at, COMPANY_TIME_ZONE);
}

/**
 * Half the gateway's default SUBGRAPH_TIMEOUT_MS: bookings must give up on a frozen sales and
 * answer (naming sales) before the gateway gives up on bookings and names the wrong service.
 */
export const SALES_CHECK_TIMEOUT_MS = 2500;

export interface SalesCustomerDirectoryOptions {
  /** Bookings' own credentials: sales answers only a service that proves who it is. */
  credentials: Pick<ServiceCredentials, 'bearerFor'>;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  log?: (message: string) => void;
}

export function salesCustomerDirectory(
  salesUrl: string,
  { credentials, timeoutMs = SALES_CHECK_TIMEOUT_MS, dispatcher = createSubgraphAgent({ answerTimeoutMs: timeoutMs }), log = (message) => defaultLogger().warn(message) }: SalesCustomerDirectoryOptions,
): CustomerDirectory {
  // The README's code for a missing subgraph, naming sales: the gateway keeps this serviceName.
  const unavailable = (customerId: string, cause: string) => {
    log(`bookings: the sales subgraph is unavailable: ${cause}`);
    return new GraphQLError(`Sales cannot confirm customer ${customerId} right now; nothing was booked, try again.`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' },
    });
  };
  const ask = async (customerId: string) =>
    fetch(salesUrl, {
      method: 'POST',
      headers: withRequestContext({ 'content-type': 'application/json', authorization: `Bearer ${await credentials.bearerFor()}` }),
      body: JSON.stringify({ query: CUSTOMER_CONTRACTS, variables: { id: customerId } }),
      dispatcher,
      signal: AbortSignal.timeout(requestDeadlineMs(timeoutMs)),
    });
  return {
    async standing(customerId, at) {
      let body: { data?: { customer: { id: string; contracts: ContractTerm[] } | null } } | null;
      try {
        // A read: safe to send once more when a pooled connection broke under it.
        const response = await ask(customerId).catch((error: unknown) => (isConnectionReset(error) ? ask(customerId) : Promise.reject(error)));
        body = (await response.json().catch(() => null)) as typeof body;
        if (!response.ok || !body?.data) throw unavailable(customerId, `answered HTTP ${response.status}`);
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        throw unavailable(customerId, describeFailure(error, timeoutMs));
      }
      const customer = body.data.customer;
      if (!customer) return 'unknown';
      const day = contractDay(at);
      return customer.contracts.some((contract) => contractCovers(contract, day)) ? 'under-contract' : 'no-contract';
    },
  };
}
