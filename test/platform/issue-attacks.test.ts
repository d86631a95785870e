/**
 * The attacks the issue "Identity, roles and trust" reported, one by one, as they were sent:
 * anonymously they are 401 at the gateway, and with a token of a role that has no business there
 * they are 403 FORBIDDEN; either way nothing is read or written (the subgraphs' SQL counters do
 * not move). The role that does the job still can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/catalog.js';
import { postGraphQL, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ customers: 3, deliverEvents: false, mailings: { leaseMs: 24 * 3600_000 } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const statements = () => SUBGRAPHS.reduce((total, { name }) => total + stack.queries(name).total, 0);

interface Attack {
  what: string;
  query: string;
  variables?: () => Record<string, unknown>;
  /** A role that must be refused, and the role whose job it is. */
  wrongRole: string;
  rightRole: string;
}

const someBooking = () => String(stack.world.bookings.bookings[0]!.id);
const someConference = () => stack.world.conferencing.conferences[0]!.id;
const someCustomer = () => stack.world.sales.customers[0]!.id;
const someInvoice = () => stack.world.billing.invoices[0]!.id;

const ATTACKS: Attack[] = [
  { what: 'access codes with their moderator PINs', query: 'query ($id: ID!) { booking(id: $id) { bridge { accessCode moderatorPin } } }', variables: () => ({ id: someBooking() }), wrongRole: 'billing-specialist', rightRole: 'conference-operator' },
  { what: "a conference's participants' phone numbers", query: 'query ($id: ID!) { conference(id: $id) { legs { phoneNumber } } }', variables: () => ({ id: someConference() }), wrongRole: 'salesperson', rightRole: 'conference-operator' },
  { what: 'joining a call', query: 'mutation { joinConference(conferenceId: "00000000-0000-4000-8000-000000000000", phoneNumber: "+390212345678") { id } }', wrongRole: 'mailing-clerk', rightRole: 'bridge' },
  { what: 'ending a call', query: 'mutation { endConference(conferenceId: "00000000-0000-4000-8000-000000000000") { id } }', wrongRole: 'salesperson', rightRole: 'bridge' },
  { what: "conferencing's events with their payloads (phone numbers)", query: '{ conferencingIntegrationEvents(first: 5) { payload } }', wrongRole: 'conference-operator', rightRole: 'administrator' },
  { what: 'closing a billing period (issuing an invoice)', query: 'mutation ($id: ID!) { closeBillingPeriod(customerId: $id) { invoice { id } } }', variables: () => ({ id: someCustomer() }), wrongRole: 'salesperson', rightRole: 'billing-specialist' },
  { what: 'issuing a credit note', query: 'mutation ($id: ID!) { issueCreditNote(input: { invoiceId: $id, reason: "x", lines: [{ invoiceLineId: "00000000-0000-4000-8000-000000000000", amount: "1.00" }] }) { id } }', variables: () => ({ id: someInvoice() }), wrongRole: 'salesperson', rightRole: 'billing-specialist' },
  { what: "a letter preview with a customer's billing figures", query: 'query ($id: ID!) { letterPreview(templateId: "00000000-0000-4000-8000-000000000000", customerId: $id) { body } }', variables: () => ({ id: someCustomer() }), wrongRole: 'conference-operator', rightRole: 'mailing-clerk' },
  { what: "a campaign's files (the notice list's link)", query: '{ mailingCampaigns { files { name url } } }', wrongRole: 'salesperson', rightRole: 'mailing-clerk' },
  { what: 'contract rates', query: 'query ($id: ID!) { customer(id: $id) { contractRates { unitPrice { amount } } } }', variables: () => ({ id: someCustomer() }), wrongRole: 'mailing-clerk', rightRole: 'salesperson' },
  { what: 'invoices', query: 'query ($id: ID!) { customer(id: $id) { invoices { number total { amount } } } }', variables: () => ({ id: someCustomer() }), wrongRole: 'mailing-clerk', rightRole: 'billing-specialist' },
];

describe.each(ATTACKS)('$what', (attack) => {
  it('anonymously: 401 UNAUTHENTICATED, nothing read or written', async () => {
    const before = statements();
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: attack.query, variables: attack.variables?.() ?? {} }) });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(statements()).toBe(before);
  });

  it(`as ${attack.wrongRole}: 403 FORBIDDEN naming what is missing, nothing read or written`, async () => {
    const before = statements();
    const result = await postGraphQL(stack.gatewayUrl, attack.query, attack.variables?.() ?? {}, await stack.token([attack.wrongRole]));
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', missing: expect.arrayContaining([expect.objectContaining({ anyOf: expect.arrayContaining([expect.arrayContaining([attack.rightRole])]) })]) });
    expect(result.errors![0]!.message).toMatch(new RegExp(`Your roles: ${attack.wrongRole}`));
    expect(statements()).toBe(before);
  });

  it(`as ${attack.rightRole}: allowed (whatever the data then says)`, async () => {
    const result = await postGraphQL(stack.gatewayUrl, attack.query, attack.variables?.() ?? {}, await stack.token([attack.rightRole]));
    const codes = (result.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).not.toContain('FORBIDDEN');
    expect(codes).not.toContain('UNAUTHENTICATED');
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  });
});
