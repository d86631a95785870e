/**
 * Bookings stores a customer only as an id, so before booking it asks sales, which owns
 * customers, whether the id is one. Asked at booking time rather than copied, so a customer
 * sales has just created can book at once and no customer list goes stale here.
 */
import { GraphQLError } from 'graphql';
import { fetch, type Dispatcher } from 'undici';
import { createSubgraphAgent, describeFailure, isConnectionReset, requestDeadlineMs } from '../shared/subgraph-client.js';

export interface CustomerDirectory {
  exists(customerId: string): Promise<boolean>;
}

const CUSTOMER_EXISTS = 'query CustomerExists($id: ID!) { customer(id: $id) { id } }';

/**
 * Half the gateway's default SUBGRAPH_TIMEOUT_MS: bookings must give up on a frozen sales and
 * answer (naming sales) before the gateway gives up on bookings and names the wrong service.
 */
export const SALES_CHECK_TIMEOUT_MS = 2500;

export interface SalesCustomerDirectoryOptions {
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  log?: (message: string) => void;
}

export function salesCustomerDirectory(
  salesUrl: string,
  { timeoutMs = SALES_CHECK_TIMEOUT_MS, dispatcher = createSubgraphAgent({ answerTimeoutMs: timeoutMs }), log = console.warn }: SalesCustomerDirectoryOptions = {},
): CustomerDirectory {
  // The README's code for a missing subgraph, naming sales: the gateway keeps this serviceName.
  const unavailable = (customerId: string, cause: string) => {
    log(`bookings: the sales subgraph is unavailable: ${cause}`);
    return new GraphQLError(`Sales cannot confirm customer ${customerId} right now; nothing was booked, try again.`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' },
    });
  };
  const ask = (customerId: string) =>
    fetch(salesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CUSTOMER_EXISTS, variables: { id: customerId } }),
      dispatcher,
      signal: AbortSignal.timeout(requestDeadlineMs(timeoutMs)),
    });
  return {
    async exists(customerId) {
      let body: { data?: { customer: { id: string } | null } } | null;
      try {
        // A read: safe to send once more when a pooled connection broke under it.
        const response = await ask(customerId).catch((error: unknown) => (isConnectionReset(error) ? ask(customerId) : Promise.reject(error)));
        body = (await response.json().catch(() => null)) as typeof body;
        if (!response.ok || !body?.data) throw unavailable(customerId, `answered HTTP ${response.status}`);
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        throw unavailable(customerId, describeFailure(error, timeoutMs));
      }
      return body.data.customer !== null;
    },
  };
}
