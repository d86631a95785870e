/**
 * Issue 6 from end to end, through the gateway only, as the README walks it: book a conference,
 * read its bridge, run a call on it with the simulator, end it (the booking is then COMPLETED), see the charges in
 * currentBilling and on the draft invoice, close the period into an issued invoice with VAT and a gap-free number whose
 * lines lead back to the legs, conference and booking, then correct it with a credit note.
 * Every instant comes from the stack's one clock (every subgraph's "now"), which is moved past the
 * period's end to close it: the test gives the same answers on any day it runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planCall, seededFaker } from '../../scripts/lib/call-plan.js';
import { emptyTally, GraphQLFailure, runCall, waitForBridges, type GraphQL } from '../../scripts/lib/bridge-simulator.js';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../subgraphs/billing/invoicing/periods.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
const now = () => stack.clock.now().getTime();

beforeAll(async () => {
  stack = await startStack({ customers: 2 });
});

afterAll(async () => {
  await stack?.stop();
});

const graphql: GraphQL = async (query, variables) => {
  const result = await stack.query(query, variables);
  if (result.errors?.length) throw new GraphQLFailure(result.errors.map((error) => error.extensions?.code ?? 'UNKNOWN'), result.errors[0]!.message);
  return result.data as never;
};

const CURRENT_BILLING = `query ($id: ID!) { customer(id: $id) { currentBilling { startsOn endsOn legs calls chargesToDate { amount currency } } } }`;

const SUMMARY = `startsOn endsOn legs calls chargesToDate { amount currency } draftInvoice {
  period { status } netTotal { amount currency } total { amount }
  lines { service amount { amount } charges { legId conference { id booking { title } } } } }`;
const BILLING_OF_CALL = `query ($id: ID!) { customer(id: $id) { currentBilling { ${SUMMARY} } billingAwaitingInvoice { ${SUMMARY} } } }`;

/** The calendar day of an instant where the demo accounts' periods are cut (Rome). */
const romeDay = (at: number) => localDate(new Date(at), DEFAULT_TIME_ZONE);

/** The billing summary of the period holding `at`: the current one, or the ended one awaiting its invoice. */
async function billingOfCall(customerId: string, at: number) {
  const { customer } = await graphql(BILLING_OF_CALL, { id: customerId });
  const day = romeDay(at);
  const holding = [customer.currentBilling, customer.billingAwaitingInvoice].find((summary) => summary && summary.startsOn <= day && day <= summary.endsOn);
  if (!holding) throw new Error(`no billing period of customer ${customerId} holds ${day}`);
  return holding;
}

/** What an invoice keeps of its customer, and the same fields of the customer in sales. */
const RECIPIENT = 'fiscalCategory legalName vatNumber fiscalCode sdiRecipientCode pecAddress street street2 postalCode city province country';
const CUSTOMER_FISCAL_DATA = `query ($id: ID!) { customer(id: $id) { fiscalCategory legalName vatNumber fiscalCode sdiRecipientCode pecAddress address { street street2 postalCode city province country } } }`;

const CLOSE = `mutation ($customerId: ID!) {
  closeBillingPeriod(customerId: $customerId) {
    closedPeriod { startsOn endsOn status }
    openPeriod { startsOn status }
    invoice {
      id number status
      customer { id }
      recipient { ${RECIPIENT} }
      contract { number }
      netTotal { amount currency } taxTotal { amount } total { amount }
      lines {
        id service billedSeconds unitPrice { amount } amount { amount } vatRate taxAmount { amount }
        charges { legId rate { id } contract { id number } conference { id booking { title } } }
      }
    }
  }
}`;

interface ClosedInvoice {
  id: string;
  number: string;
  status: string;
  customer: { id: string };
  recipient: Record<string, string | null>;
  contract: { number: string } | null;
  netTotal: { amount: string; currency: string };
  taxTotal: { amount: string };
  total: { amount: string };
  lines: {
    id: string;
    service: string;
    billedSeconds: number;
    unitPrice: { amount: string };
    amount: { amount: string };
    vatRate: string;
    taxAmount: { amount: string };
    charges: { legId: string | null; rate: { id: string } | null; contract: { id: string; number: string } | null; conference: { id: string; booking: { title: string } | null } }[];
  }[];
}

const cents = (amount: string) => Math.round(Number(amount) * 100);

describe('order to invoice, with no one re-typing anything', () => {
  it('books, bridges, calls, rates, invoices and credits through the gateway', async () => {
    const customer = stack.world.sales.customers[0]!;
    const before = (await graphql(CURRENT_BILLING, { id: customer.id })).customer.currentBilling;

    const { createBooking } = await graphql(
      `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }`,
      {
        input: {
          customerId: customer.id,
          title: 'Order to invoice',
          organiserName: 'Giulia Bianchi',
          organiserEmail: 'giulia@example.com',
          scheduledStart: new Date(now() + 60_000).toISOString(),
          durationMinutes: 30,
          expectedParticipants: 4,
          tollFree: true,
        },
      },
    );
    const bridges = await waitForBridges(graphql, [createBooking.id], 10_000, 50);
    const bridge = bridges.get(createBooking.id)!;
    expect(bridge).toMatchObject({ accessCode: expect.stringMatching(/^\d+$/) });

    const plan = planCall(seededFaker(11), { participants: 4, seconds: 600, tollFreeAvailable: true });
    const tally = emptyTally();
    const callStart = now();
    // Live from now, as a bridge reports it; the platform's clock moves to each step.
    const conferenceId = await runCall(graphql, bridge, plan, tally, { fastForward: stack.clock });
    expect(tally.legs).toBe(plan.legs.length);

    // The call's legs reach billing as call records and are rated there, each once, in the
    // period the call fell in: the current one, or, when the call ran over a month's end (the
    // clock started at 23:59 on 31 December), the one now awaiting its invoice.
    await vi.waitFor(
      async () => {
        const after = await billingOfCall(customer.id, callStart);
        expect(after.legs).toBe(before.legs + plan.legs.length);
      },
      { timeout: 20_000, interval: 50 },
    );
    const after = await billingOfCall(customer.id, callStart);
    expect(cents(after.chargesToDate.amount)).toBeGreaterThan(cents(before.chargesToDate.amount));
    expect(after.startsOn <= romeDay(callStart) && romeDay(callStart) <= after.endsOn).toBe(true);
    // The same event told bookings the call has taken place.
    await vi.waitFor(
      async () => expect((await graphql(`query ($id: ID!) { booking(id: $id) { status } }`, { id: createBooking.id })).booking.status).toBe('COMPLETED'),
      { timeout: 20_000, interval: 50 },
    );

    // The same charges on the period's draft invoice, whose net total is what currentBilling says.
    const { draftInvoice } = await billingOfCall(customer.id, callStart);
    expect(draftInvoice.netTotal).toEqual(after.chargesToDate);
    const drafted = (draftInvoice.lines as { charges: { legId: string | null; conference: { id: string; booking: { title: string } } }[] }[])
      .flatMap((line) => line.charges)
      .filter((charge) => charge.conference.id === conferenceId && charge.legId);
    expect(drafted).toHaveLength(plan.legs.length);
    expect(drafted[0]!.conference.booking.title).toBe('Order to invoice');

    // Month end: close until the period holding this call is invoiced. That is the open period,
    // unless the clock started in the first days of a month, when the demo world leaves the month
    // before open and the call falls in the period after it: then two closings.
    stack.clock.advance(70 * 86_400_000);
    let invoice: ClosedInvoice | null = null;
    for (let closing = 0; closing < 2 && !invoice?.lines.some((line) => line.charges.some((charge) => charge.conference.id === conferenceId)); closing += 1) {
      invoice = (await graphql(CLOSE, { customerId: customer.id })).closeBillingPeriod.invoice as ClosedInvoice | null;
    }
    expect(invoice).not.toBeNull();
    expect(invoice!.status).toBe('ISSUED');
    expect(invoice!.number).toMatch(/^INV-\d{4}-\d{6}$/);

    const callCharges = invoice!.lines.flatMap((line) => line.charges).filter((charge) => charge.conference.id === conferenceId);
    expect(callCharges.filter((charge) => charge.legId).length).toBe(plan.legs.length);
    for (const charge of callCharges) {
      expect(charge.conference.booking).toEqual({ title: 'Order to invoice' });
      expect(charge.rate?.id).toEqual(expect.any(String));
      expect(charge.contract?.id).toEqual(expect.any(String));
    }
    // The invoice records the contract its charges were priced under, read from sales with the recipient.
    expect(invoice!.contract).toEqual({ number: callCharges[0]!.contract!.number });
    // VAT once per rate (22% by default) on the sum of the lines, half-up; the lines' shares and the totals add up in cents.
    for (const line of invoice!.lines) expect(line.vatRate).toBe('22.00');
    const net = invoice!.lines.reduce((sum, line) => sum + cents(line.amount.amount), 0);
    const tax = Math.round((net * 22) / 100);
    expect(invoice!.lines.reduce((sum, line) => sum + cents(line.taxAmount.amount), 0)).toBe(tax);
    expect(cents(invoice!.netTotal.amount)).toBe(net);
    expect(cents(invoice!.taxTotal.amount)).toBe(tax);
    expect(cents(invoice!.total.amount)).toBe(net + tax);

    // The other customer's invoice takes the next number: no gap in the year's series.
    const other = (await graphql(CLOSE, { customerId: stack.world.sales.customers[1]!.id })).closeBillingPeriod.invoice as ClosedInvoice | null;
    if (other && other.number.slice(4, 8) === invoice!.number.slice(4, 8)) {
      expect(Number(other.number.slice(-6))).toBe(Number(invoice!.number.slice(-6)) + 1);
    }

    // The invoice keeps its recipient as sales held it at issue.
    const { customer: atIssue } = await graphql(CUSTOMER_FISCAL_DATA, { id: customer.id });
    const { address, ...fiscal } = atIssue;
    expect(invoice!.customer).toEqual({ id: customer.id });
    expect(invoice!.recipient).toEqual({ ...fiscal, ...address });
    expect(invoice!.recipient).toMatchObject({ fiscalCategory: 'ITALIAN_BUSINESS', vatNumber: expect.stringMatching(/^IT\d{11}$/) });
    // The customer moves and is renamed, with a new VAT number; the issued invoice does not change.
    await graphql(`mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id } }`, {
      id: customer.id,
      input: {
        legalName: 'Vetreria Muranese S.p.A.',
        address: { street: 'Riva Longa 3', postalCode: '30141', city: 'Venezia', province: 'VE', country: 'IT' },
        vatNumber: 'IT12345678903',
        fiscalCode: '12345678903',
      },
    });
    expect((await graphql(CUSTOMER_FISCAL_DATA, { id: customer.id })).customer.legalName).toBe('Vetreria Muranese S.p.A.');

    // A correction is a credit note referencing the invoice, which itself stays as issued; it goes to the invoice's recipient.
    const line = invoice!.lines[0]!;
    const { issueCreditNote } = await graphql(
      `mutation ($input: IssueCreditNoteInput!) {
        issueCreditNote(input: $input) { number invoice { id number total { amount } } netTotal { amount } total { amount } recipient { ${RECIPIENT} } eInvoice { fileName xml } }
      }`,
      { input: { invoiceId: invoice!.id, reason: 'Goodwill: the call dropped twice', lines: [{ invoiceLineId: line.id, amount: '0.01' }] } },
    );
    expect(issueCreditNote.number).toMatch(/^CN-\d{4}-\d{6}$/);
    expect(issueCreditNote.invoice).toEqual({ id: invoice!.id, number: invoice!.number, total: invoice!.total });
    expect(issueCreditNote.netTotal.amount).toBe('0.01');
    expect(issueCreditNote.recipient).toEqual(invoice!.recipient);

    // The walkthrough ends with the FatturaPA files of both, valid against the official schema and SdI's arithmetic.
    const { invoice: exported } = await graphql(`query ($id: ID!) { invoice(id: $id) { eInvoice { fileName xml } } }`, { id: invoice!.id });
    for (const file of [exported.eInvoice, issueCreditNote.eInvoice] as { fileName: string; xml: string }[]) {
      expect(file.fileName).toMatch(/^IT\d{11}_[0-9A-Z]{5}\.xml$/);
      expect(validateFatturaPA(file.xml)).toEqual({ valid: true, errors: [] });
      expect(checkFatturaPAArithmetic(file.xml)).toEqual({ valid: true, errors: [] });
    }
    expect(exported.eInvoice.xml).toContain('<TipoDocumento>TD01</TipoDocumento>');
    expect(issueCreditNote.eInvoice.xml).toContain('<TipoDocumento>TD04</TipoDocumento>');
    // Issued before the customer was renamed: the file names the recipient as it was.
    expect(exported.eInvoice.xml).not.toContain('Vetreria Muranese');

    const edit = await stack.query(`mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { id } } }`, {
      customerId: customer.id,
    });
    // Whatever closing again does (the next period is empty or still running), the issued invoice is untouched.
    expect(edit.errors?.[0]?.extensions?.code ?? 'OK').not.toBe('INTERNAL_SERVER_ERROR');
    const reread = await graphql(`query ($id: ID!) { invoice(id: $id) { number total { amount } recipient { ${RECIPIENT} } customer { id legalName } } }`, { id: invoice!.id });
    expect(reread.invoice).toEqual({ number: invoice!.number, total: invoice!.total, recipient: invoice!.recipient, customer: { id: customer.id, legalName: 'Vetreria Muranese S.p.A.' } });
  }, 120_000);
});
