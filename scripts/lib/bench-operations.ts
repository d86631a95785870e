/**
 * The operations `npm run bench` drives through every gateway: each a GraphQL document, the roles
 * its caller needs, how each request's variables are chosen (a different customer each request,
 * cycling through the data set, or all clients the same one), and whether the subgraph that alone
 * answers it is also a target, called directly.
 */
import type { SubgraphName } from '../../subgraphs/catalog.js';
import { encodeCursor } from '../../subgraphs/sales/pagination.js';
import type { DataSet } from './bench-data-set.js';

export interface BenchOperation {
  name: string;
  roles: string[];
  /** The body of the next request. */
  nextBody(): string;
  /** Where the operation can also be sent as it is, without a gateway. */
  direct?: SubgraphName;
}

const CUSTOMER_FIELDS = `legalName email
  contractRates { service unit unitPrice { amount currency } billingIncrementSeconds }
  currentBilling { period { startsOn endsOn } calls billedMinutes chargesToDate { amount currency } }
  bookings { title scheduledStart durationMinutes status }`;

/** The README's customer query (customer-query.ts) with the customer's e-mail and bookings: a salesperson's 360° view. */
const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`;
const PAGE_OF_100 = `query CustomerPage($after: String) { customers(first: 100, after: $after) { edges { node { ${CUSTOMER_FIELDS} } } } }`;
const INVOICE = `query InvoiceWithRates($id: ID!) { invoice(id: $id) { number total { amount currency } lines { description amount { amount currency } }
  customer { legalName contractRates { service unitPrice { amount currency } } } } }`;
const LEGAL_NAME = `query LegalName($id: ID!) { customer(id: $id) { legalName } }`;
/** Sets a customer's legal name to the one it has: safe to repeat, the same answer every time. */
const RENAME_TO_SAME = `mutation SameLegalName($id: ID!, $legalName: String!) { updateCustomer(id: $id, input: { legalName: $legalName }) { id legalName } }`;

function cycling<T>(items: readonly T[], body: (item: T) => unknown): () => string {
  if (items.length === 0) throw new Error('the data set has nothing to cycle through');
  let next = 0;
  return () => JSON.stringify(body(items[next++ % items.length]!));
}

/** Where each full page of 100 starts (sales pages by id): none for the first, then the cursor of each page's last customer. */
function pageStarts(customers: readonly { id: string }[]): (string | null)[] {
  const starts: (string | null)[] = [null];
  for (let last = 99; last + 100 < customers.length; last += 100) starts.push(encodeCursor(customers[last]!.id));
  return starts;
}

export function benchOperations({ customers, invoiceIds }: Pick<DataSet, 'customers' | 'invoiceIds'>): BenchOperation[] {
  const salesAndBookings = ['salesperson', 'conference-operator'];
  return [
    { name: 'customer-360, varied ids', roles: salesAndBookings, nextBody: cycling(customers, ({ id }) => ({ query: CUSTOMER_360, variables: { id } })) },
    { name: 'customer-360, hot key', roles: salesAndBookings, nextBody: cycling(customers.slice(0, 1), ({ id }) => ({ query: CUSTOMER_360, variables: { id } })) },
    { name: 'page of 100 customers, varied pages', roles: salesAndBookings, nextBody: cycling(pageStarts(customers), (after) => ({ query: PAGE_OF_100, variables: { after } })) },
    { name: 'invoice → customer → rates', roles: ['billing-specialist'], nextBody: cycling(invoiceIds, (id) => ({ query: INVOICE, variables: { id } })) },
    { name: 'one field, one subgraph', roles: ['salesperson'], direct: 'sales', nextBody: cycling(customers, ({ id }) => ({ query: LEGAL_NAME, variables: { id } })) },
    { name: 'mutation (same legal name)', roles: ['salesperson'], direct: 'sales', nextBody: cycling(customers, ({ id, legalName }) => ({ query: RENAME_TO_SAME, variables: { id, legalName } })) },
  ];
}
