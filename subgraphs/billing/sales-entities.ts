/**
 * Billing's service-to-service reads of sales: one `_entities` request for many customers, with
 * billing's own credentials (sales answers only a service that proves who it is). A failure to
 * get an answer is a SalesUnavailableError whose message says why, for the caller to pass on.
 */
import { fetch, type Dispatcher } from 'undici';
import type { ServiceCredentials } from '../shared/identity/service-credentials.js';
import { createSubgraphAgent, describeFailure, isConnectionReset, requestDeadlineMs } from '../shared/subgraph-client.js';
import { withRequestContext } from '../shared/observability/outgoing-headers.js';

export class SalesUnavailableError extends Error {}

export interface SalesClientOptions {
  /** Billing's own credentials: sales answers only a service that proves who it is. */
  credentials: Pick<ServiceCredentials, 'bearerFor'>;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/**
 * Asks sales `query` (which takes `$representations`) for the customers `ids`, in one request:
 * each answer in the order of `ids`, null for a customer sales does not know.
 */
export function salesCustomerEntities<Entity>(salesUrl: string, { credentials, timeoutMs = 5000, dispatcher = createSubgraphAgent({ answerTimeoutMs: timeoutMs }) }: SalesClientOptions, query: string) {
  return async (ids: string[]): Promise<(Entity | null)[]> => {
    const ask = async () =>
      fetch(salesUrl, {
        method: 'POST',
        headers: withRequestContext({ 'content-type': 'application/json', authorization: `Bearer ${await credentials.bearerFor()}` }),
        body: JSON.stringify({ query, variables: { representations: ids.map((id) => ({ __typename: 'Customer', id })) } }),
        dispatcher,
        signal: AbortSignal.timeout(requestDeadlineMs(timeoutMs)),
      });
    let body: { data?: { _entities: (Entity | null)[] }; errors?: { message: string }[] } | null;
    try {
      const response = await ask().catch((error: unknown) => (isConnectionReset(error) ? ask() : Promise.reject(error)));
      body = (await response.json().catch(() => null)) as typeof body;
      if (!response.ok || !body?.data) throw new SalesUnavailableError(`sales answered HTTP ${response.status}${body?.errors?.[0] ? `: ${body.errors[0].message}` : ''}`);
    } catch (error) {
      if (error instanceof SalesUnavailableError) throw error;
      throw new SalesUnavailableError(`sales cannot be reached: ${describeFailure(error, timeoutMs)}`);
    }
    return body.data._entities;
  };
}
