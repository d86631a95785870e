/** The README's customer query, which the benchmarks drive: a customer's rates from sales and its current billing from billing. */
export const CUSTOMER_QUERY = `query ($id: ID!) { customer(id: $id) { legalName contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
    currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } } } }`;

/** The request body asking it for one customer. */
export function customerQueryBody(id: string): string {
  return JSON.stringify({ query: CUSTOMER_QUERY, variables: { id } });
}
