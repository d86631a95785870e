/**
 * Bookings stores a customer only as an id, so before booking it asks sales, which owns
 * customers, whether the id is one. Asked at booking time rather than copied, so a customer
 * sales has just created can book at once and no customer list goes stale here.
 */
import { GraphQLError } from 'graphql';

export interface CustomerDirectory {
  exists(customerId: string): Promise<boolean>;
}

const CUSTOMER_EXISTS = 'query CustomerExists($id: ID!) { customer(id: $id) { id } }';

export function salesCustomerDirectory(salesUrl: string, timeoutMs = 5000): CustomerDirectory {
  const unavailable = (customerId: string, reason: string) =>
    new GraphQLError(`Sales cannot confirm customer ${customerId} right now (${reason}); nothing was booked, try again.`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'sales' },
    });
  return {
    async exists(customerId) {
      let response: Response;
      try {
        response = await fetch(salesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: CUSTOMER_EXISTS, variables: { id: customerId } }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw unavailable(customerId, (error as Error).name === 'TimeoutError' ? 'no answer in time' : 'not reachable');
      }
      const body = (await response.json().catch(() => null)) as { data?: { customer: { id: string } | null } } | null;
      if (!response.ok || !body?.data) throw unavailable(customerId, `answered ${response.status}`);
      return body.data.customer !== null;
    },
  };
}
