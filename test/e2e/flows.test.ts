/**
 * The first flow of DEVELOPERS.md through the gateway: a salesperson sees a customer's current
 * billing figures beside the contract rates; a billing specialist sees the latest rates
 * from an invoice. Nothing is copied: each figure comes from the subgraph that owns it.
 */
import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BookConferenceDocument,
  CustomerOverviewDocument,
  CustomersPageDocument,
  InvoiceWithRatesDocument,
} from '../client/generated/graphql.js';
import { groupCharges, invoiceLines, invoiceTotals } from '../../subgraphs/billing/invoicing/invoice-lines.js';
import { lineVatTermsOf, STANDARD_VAT } from '../../subgraphs/billing/invoicing/vat-treatment.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../subgraphs/billing/invoicing/periods.js';
import { rateInForce, salesRateHistory } from '../../subgraphs/billing/rating/rate-history.js';
import { startStack, type Stack } from '../support/stack.js';
import type { GraphQLResult } from '../support/graphql.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(() => stack?.stop());

/** A typed client call: what a team generating code from gateway/api-schema.graphql writes. */
async function run<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<GraphQLResult<Result>> {
  return stack.query<Result>(print(document), variables);
}

const firstCustomer = () => stack.world.sales.customers[0]!;

/** The demo world's OPEN period, and whether it is over at the stack's clock (the clock started in the first minutes of a month). */
function worldOpenPeriod() {
  const period = stack.world.billing.periods.find((candidate) => candidate.status === 'OPEN')!;
  const endsOn = (period.endsOn as Date).toISOString().slice(0, 10);
  const today = localDate(stack.clock.now(), DEFAULT_TIME_ZONE);
  return { period, over: today > endsOn };
}

describe('the README query', () => {
  it('returns contract rates and current billing figures in one response', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const query = /```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(query, 'README.md shows a ```graphql block').toBeDefined();
    expect(query).toContain(firstCustomer().id);

    type Figures = { chargesToDate: { amount: string } };
    const result = await stack.query<{ customer: { legalName: string; contractRates: unknown[]; currentBilling: Figures; billingAwaitingInvoice: Figures | null } }>(query!);

    expect(result.errors).toBeUndefined();
    expect(result.data!.customer.legalName).toBe(firstCustomer().legalName);
    expect(result.data!.customer.contractRates).toHaveLength(3);
    // The demo's open period has calls: current while it runs, awaiting its invoice once it is over.
    const { over } = worldOpenPeriod();
    const openFigures = over ? result.data!.customer.billingAwaitingInvoice : result.data!.customer.currentBilling;
    expect(Number(openFigures!.chargesToDate.amount)).toBeGreaterThan(0);
    if (!over) expect(result.data!.customer.billingAwaitingInvoice).toBeNull();
  });
});

describe('a salesperson on the customer profile', () => {
  it('sees the rates in force from sales and the open period figures from billing', async () => {
    const customer = firstCustomer();
    const { data, errors } = await run(CustomerOverviewDocument, { id: customer.id });

    expect(errors).toBeUndefined();
    const currentDialIn = stack.world.sales.rates.find(
      (rate) => rate.contractId === stack.world.sales.contracts[0]!.id && rate.service === 'CONFERENCE_DIAL_IN' && rate.effectiveTo === null,
    )!;
    expect(data!.customer!.contractRates.find((rate) => rate.service === 'CONFERENCE_DIAL_IN')!.unitPrice).toEqual({
      amount: currentDialIn.unitPrice,
      currency: 'EUR',
    });
    const { period: openPeriod, over } = worldOpenPeriod();
    const charges = stack.world.billing.charges.filter((charge) => charge.periodId === openPeriod.id);
    // What the invoice will say: one line per service and price, each rounded to the cent.
    const expectedCharges = invoiceTotals(invoiceLines(groupCharges(charges.map((charge) => ({ ...charge, unitPrice: charge.unitPrice.toString() }))), lineVatTermsOf(STANDARD_VAT)), 'EUR').netTotal;
    const startsOn = (openPeriod.startsOn as Date).toISOString().slice(0, 10);
    const { currentBilling, billingAwaitingInvoice } = data!.customer!;
    if (over) {
      // Between the period's end and its close: today's period is current (no call yet), the ended one awaits its invoice.
      expect(currentBilling).toMatchObject({ period: null, calls: 0, chargesToDate: { amount: '0.00', currency: 'EUR' } });
      expect(currentBilling!.startsOn! > startsOn).toBe(true);
      expect(billingAwaitingInvoice).toMatchObject({ startsOn, calls: new Set(charges.map((charge) => charge.conferenceId)).size, chargesToDate: { amount: expectedCharges } });
    } else {
      expect(currentBilling).toMatchObject({ startsOn, period: { startsOn, status: 'OPEN' }, calls: new Set(charges.map((charge) => charge.conferenceId)).size, chargesToDate: { amount: expectedCharges } });
      expect(billingAwaitingInvoice).toBeNull();
    }
  });

  it('gets null, not an error, for a customer that does not exist', async () => {
    const { data, errors } = await run(CustomerOverviewDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(errors).toBeUndefined();
    expect(data!.customer).toBeNull();
  });

  it('pages through every customer once', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const { data, errors } = await run(CustomersPageDocument, { first: 5, after });
      expect(errors).toBeUndefined();
      seen.push(...data!.customers.edges.map((edge) => edge.node.id));
      after = data!.customers.pageInfo.hasNextPage ? data!.customers.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(stack.world.sales.customers.map((customer) => customer.id).sort());
  });
});

describe('a billing specialist on an invoice', () => {
  it('crosses from the invoice (billing) into the customer\'s latest contract rates (sales)', async () => {
    const invoice = stack.world.billing.invoices[0]!;
    const { data, errors } = await run(InvoiceWithRatesDocument, { id: invoice.id! });

    expect(errors).toBeUndefined();
    expect(data!.invoice!.status).toBe('ISSUED');
    expect(data!.invoice!.number).toBe(invoice.number);
    expect(data!.invoice!.total).toEqual({ amount: invoice.total, currency: 'EUR' });
    const lineSum = data!.invoice!.lines.reduce((sum, line) => sum + Math.round(Number(line.amount.amount) * 100), 0);
    expect(lineSum).toBe(Math.round(Number(invoice.netTotal) * 100));
    expect(data!.invoice!.customer.legalName).toBe(firstCustomer().legalName);
    expect(data!.invoice!.customer.contractRates.map((rate) => rate.service).sort()).toEqual([
      'CONFERENCE_DIAL_IN',
      'CONFERENCE_RECORDING',
      'CONFERENCE_TOLL_FREE',
    ]);
  });
});

describe('tracing an invoice back to the calls it bills', () => {
  it('follows every invoice line through its charges to the conference and the booking (billing, conferencing, bookings)', async () => {
    const invoice = stack.world.billing.invoices[0]!;
    const { data, errors } = await stack.query<{
      invoice: { lines: { charges: { legId: string | null; leg: { id: string; seconds: number } | null; conference: { id: string; booking: { id: string; title: string } }; rate: { id: string; unitPrice: { amount: string } } }[] }[] };
    }>(
      `query ($id: ID!) { invoice(id: $id) { lines { charges { legId leg { id seconds } conference { id booking { id title } } rate { id unitPrice { amount } } } } } }`,
      { id: invoice.id },
    );
    expect(errors).toBeUndefined();
    const charges = data!.invoice.lines.flatMap((line) => line.charges);
    const invoiced = stack.world.billing.charges.filter((charge) => charge.periodId === invoice.periodId);
    expect(charges).toHaveLength(invoiced.length);
    for (const charge of charges) {
      const booking = stack.world.bookings.bookings.find((candidate) => candidate.id === charge.conference.booking.id)!;
      expect(charge.conference.booking.title).toBe(booking.title);
      const conference = stack.world.conferencing.conferences.find((candidate) => candidate.id === charge.conference.id)!;
      expect(stack.world.conferencing.reservations.find((reservation) => reservation.id === conference.reservationId)!.bookingId).toBe(booking.id);
      if (charge.legId) {
        const leg = stack.world.conferencing.legs.find((candidate) => candidate.id === charge.legId)!;
        expect(leg.conferenceId).toBe(conference.id);
        // The leg itself, from conferencing.
        expect(charge.leg).toEqual({ id: leg.id, seconds: leg.seconds });
      } else {
        expect(charge.leg).toBeNull();
      }
      expect(charge.rate.unitPrice.amount).toBe(stack.world.sales.rates.find((rate) => rate.id === charge.rate.id)!.unitPrice);
    }
  });
});

describe('rating call records with the rates sales holds', () => {
  it('reads every customer\'s rate history from sales in one request and finds the rate each charge was priced with', async () => {
    const reader = salesRateHistory(stack.subgraphs.sales.url, { credentials: stack.credentials.billing });
    const customers = stack.world.sales.customers.map((customer) => customer.id);
    const before = stack.queries('sales').total;
    const histories = await reader.ratesOf([...customers, '00000000-0000-4000-8000-000000000000']);
    expect(histories.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    // The rates of every charge the world rated are found, as in force when the usage happened.
    for (const charge of stack.world.billing.charges) {
      const account = stack.world.billing.accounts.find((row) => row.id === charge.accountId)!;
      const rate = rateInForce(histories.get(account.customerId)!, charge.service, new Date(charge.occurredAt as Date));
      expect(rate?.id).toBe(charge.rateId);
    }
    // One request, a handful of statements whatever the number of customers (the loaders of sales).
    expect(stack.queries('sales').total - before).toBeLessThanOrEqual(4);
  });
});

describe('booking a conference through the gateway', () => {
  it('books for a customer sales knows, and the booking shows that customer', async () => {
    const customer = firstCustomer();
    const start = new Date(stack.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const { data, errors } = await run(BookConferenceDocument, {
      input: {
        customerId: customer.id,
        title: 'Kick-off progetto',
        organiserName: 'Giulia Bianchi',
        organiserEmail: 'giulia.bianchi@example.it',
        scheduledStart: start,
        durationMinutes: 45,
        expectedParticipants: 6,
      },
    });
    expect(errors).toBeUndefined();
    expect(data!.createBooking).toMatchObject({ status: 'CONFIRMED', customer: { id: customer.id, legalName: customer.legalName } });
    expect(new Date(data!.createBooking.scheduledStart).toISOString()).toBe(start);
  });

  it('refuses invalid input with BAD_USER_INPUT naming the field, and books nothing', async () => {
    const before = await stack.query<{ customer: { bookings: unknown[] } }>(`query ($id: ID!) { customer(id: $id) { bookings { id } } }`, {
      id: firstCustomer().id,
    });
    const { data, errors } = await run(BookConferenceDocument, {
      input: {
        customerId: firstCustomer().id,
        title: 'Troppo lunga',
        organiserName: 'Giulia Bianchi',
        organiserEmail: 'giulia.bianchi@example.it',
        scheduledStart: new Date(stack.clock.now().getTime() + 86_400_000).toISOString(),
        durationMinutes: 5000,
        expectedParticipants: 6,
      },
    });
    expect(data).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(errors![0]!.message).toMatch(/^input\.durationMinutes: /);
    const after = await stack.query<{ customer: { bookings: unknown[] } }>(`query ($id: ID!) { customer(id: $id) { bookings { id } } }`, {
      id: firstCustomer().id,
    });
    expect(after.data!.customer.bookings).toHaveLength(before.data!.customer.bookings.length);
  });

  it('refuses a customer sales does not know with NOT_FOUND, asking sales itself', async () => {
    const { data, errors } = await run(BookConferenceDocument, {
      input: {
        customerId: '00000000-0000-4000-8000-000000000000',
        title: 'Nessuno',
        organiserName: 'Giulia Bianchi',
        organiserEmail: 'giulia.bianchi@example.it',
        scheduledStart: new Date(stack.clock.now().getTime() + 86_400_000).toISOString(),
        durationMinutes: 30,
        expectedParticipants: 2,
      },
    });
    expect(data).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Customer' });
  });

  it('shows the bridge conferencing reserved for a past booking, with the calls held on it', async () => {
    const reservation = stack.world.conferencing.reservations[0]!;
    const { data, errors } = await stack.query<{ booking: { bridge: { accessCode: string }; conferences: { legs: unknown[] }[] } }>(
      `query ($id: ID!) { booking(id: $id) { title bridge { accessCode dialInNumber } conferences { durationSeconds legs { seconds } } } }`,
      { id: reservation.bookingId },
    );
    expect(errors).toBeUndefined();
    expect(data!.booking.bridge.accessCode).toBe(reservation.accessCode);
    const legs = stack.world.conferencing.legs.filter(
      (leg) => leg.conferenceId === stack.world.conferencing.conferences.find((conference) => conference.reservationId === reservation.id)!.id,
    );
    expect(data!.booking.conferences[0]!.legs).toHaveLength(legs.length);
  });
});
