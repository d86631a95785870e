/**
 * Each billing account's VAT treatment and invoicing terms, set through the API by a billing
 * specialist, with history: a change applies from the next period, the open one keeps what it
 * started with. Zero-rated lines carry their Natura and the law onto the invoice and its credit
 * notes; split payment states the VAT but the customer pays the net. Through the billing subgraph
 * in-process, with a pinned clock.
 */
import { describe, expect, it } from 'vitest';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { paymentDueOn } from '../../subgraphs/billing/invoicing/account-settings.js';
import { OUTSIDE_SCOPE_SERVICE, SPLIT_PAYMENT_VAT, treatmentColumns } from '../../subgraphs/billing/invoicing/vat-treatment.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { execute } from '../support/graphql.js';
import { conferenceEnded, billingTestServer, perCallRate, perMinuteRate } from './fixtures.js';

const { prisma, server, sales, clock, run } = await billingTestServer({ startsAt: '2026-11-20T10:00:00Z' });

async function deliver(events: IntegrationEvent<ConferenceEnded>[]) {
  const handler = callRecordsHandler({ rates: sales });
  const prepared = await handler.prepare!(events);
  const outcomes = await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  expect([...outcomes.values()]).toEqual(events.map(() => ({ status: 'applied' })));
}

/** 200 s of dial-in at 0.0385/min (0.13) and a recording (2.50) on `day`. */
const usageOn = (customerId: string, day: string) =>
  deliver([conferenceEnded(customerId, [{ joinedAt: `${day}T09:00:00Z`, seconds: 61 }, { joinedAt: `${day}T09:00:10Z`, seconds: 139 }], { recording: true })]);

async function customerWithUsageOn(day = '2026-11-05') {
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.0385', { increment: 1 }), perCallRate('CONFERENCE_RECORDING', '2.50')]);
  await usageOn(customerId, day);
  return customerId;
}

const TREATMENT = 'kind rate natura legalReference esigibilita';
const SETTINGS = `effectiveFrom vatTreatment { ${TREATMENT} } paymentTerms { days endOfMonth } iban timeZone periodRule`;

const UPDATE = `
  mutation ($customerId: ID!, $input: BillingAccountSettingsInput!) {
    updateBillingAccountSettings(customerId: $customerId, input: $input) {
      vatTreatment { ${TREATMENT} } paymentTerms { days endOfMonth } iban timeZone periodRule
      upcomingSettings { ${SETTINGS} }
      settingsHistory { effectiveFrom vatTreatment { kind natura } }
    }
  }`;

const ACCOUNT = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        billingAccount { vatTreatment { ${TREATMENT} } paymentTerms { days endOfMonth } iban upcomingSettings { effectiveFrom vatTreatment { kind natura } } }
        currentBilling { period { startsOn status } draftInvoice { vatTreatment { kind natura } lines { vatRate natura } vatSummary { rate natura esigibilita } } }
        billingAwaitingInvoice { draftInvoice { vatTreatment { kind natura } } }
      }
    }
  }`;

const INVOICE = `
  id number paymentDueOn paymentIban
  lines { id vatRate natura vatLegalReference taxAmount { amount } }
  netTotal { amount } taxTotal { amount } total { amount } amountDue { amount }
  vatSummary { rate natura legalReference esigibilita taxableAmount { amount } taxAmount { amount } }`;

const CLOSE = `mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { ${INVOICE} } openPeriod { startsOn endsOn } } }`;

const CREDIT = `
  mutation ($input: IssueCreditNoteInput!) {
    issueCreditNote(input: $input) { lines { vatRate natura vatLegalReference taxAmount { amount } } vatSummary { rate natura legalReference taxAmount { amount } } total { amount } }
  }`;

const accountOf = async (customerId: string) => (await run(ACCOUNT, { representations: [{ __typename: 'Customer', id: customerId }] })).data!._entities[0];

async function close(customerId: string) {
  const result = await run(CLOSE, { customerId });
  expect(result.errors).toBeUndefined();
  return result.data!.closeBillingPeriod;
}

const EXEMPT_INPUT = { kind: 'ZERO_RATED', natura: 'N4', legalReference: 'Operazione esente, art. 10 DPR 633/72' };

describe('updateBillingAccountSettings', () => {
  it('applies a change from the next period: the open period, its draft and its invoice keep the treatment they started with', async () => {
    const customerId = await customerWithUsageOn('2026-11-05');
    const updated = await run(UPDATE, { customerId, input: { vatTreatment: EXEMPT_INPUT, paymentTerms: { days: 60, endOfMonth: true }, iban: 'it60 x054 2811 1010 0000 0123 456' } });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateBillingAccountSettings).toMatchObject({
      vatTreatment: { kind: 'STANDARD', rate: '22.00', natura: null, legalReference: null, esigibilita: 'I' },
      paymentTerms: { days: 30, endOfMonth: false },
      iban: null,
      upcomingSettings: {
        effectiveFrom: '2026-12-01',
        vatTreatment: { kind: 'ZERO_RATED', rate: '0.00', natura: 'N4', legalReference: 'Operazione esente, art. 10 DPR 633/72', esigibilita: 'I' },
        paymentTerms: { days: 60, endOfMonth: true },
        iban: 'IT60X0542811101000000123456',
        timeZone: 'Europe/Rome',
        periodRule: 'MONTHLY',
      },
      // The settings in force are recorded with the first change, so the history starts with them.
      settingsHistory: [{ effectiveFrom: '2026-12-01', vatTreatment: { kind: 'ZERO_RATED', natura: 'N4' } }, { effectiveFrom: '2026-11-01', vatTreatment: { kind: 'STANDARD', natura: null } }],
    });
    expect((await accountOf(customerId)).currentBilling.draftInvoice).toMatchObject({ vatTreatment: { kind: 'STANDARD', natura: null }, lines: [{ vatRate: '22.00', natura: null }, { vatRate: '22.00', natura: null }] });

    // 1 December, before November is closed: a call today lands on December, which is already under the new treatment.
    clock.now = new Date('2026-12-01T10:00:00Z');
    await usageOn(customerId, '2026-12-01');
    const between = await accountOf(customerId);
    expect(between.currentBilling.draftInvoice).toMatchObject({ vatTreatment: { kind: 'ZERO_RATED', natura: 'N4' }, vatSummary: [{ rate: '0.00', natura: 'N4', esigibilita: 'I' }] });
    expect(between.billingAwaitingInvoice.draftInvoice.vatTreatment).toEqual({ kind: 'STANDARD', natura: null });

    clock.now = new Date('2026-12-02T09:00:00Z');
    const november = await close(customerId);
    expect(november.invoice).toMatchObject({ taxTotal: { amount: '0.58' }, total: { amount: '3.21' }, amountDue: { amount: '3.21' }, paymentDueOn: '2027-01-01', paymentIban: null });
    expect(november.invoice.vatSummary).toEqual([{ rate: '22.00', natura: null, legalReference: null, esigibilita: 'I', taxableAmount: { amount: '2.63' }, taxAmount: { amount: '0.58' } }]);
    expect((await accountOf(customerId)).billingAccount).toMatchObject({ vatTreatment: { kind: 'ZERO_RATED', natura: 'N4' }, paymentTerms: { days: 60, endOfMonth: true }, iban: 'IT60X0542811101000000123456', upcomingSettings: null });

    clock.now = new Date('2027-01-02T09:00:00Z');
    const december = await close(customerId);
    expect(december.invoice).toMatchObject({ taxTotal: { amount: '0.00' }, total: { amount: '2.63' }, amountDue: { amount: '2.63' }, paymentDueOn: '2027-03-31', paymentIban: 'IT60X0542811101000000123456' });
    expect(december.invoice.lines.map((line: { natura: string }) => line.natura)).toEqual(['N4', 'N4']);
    expect(december.invoice.vatSummary).toEqual([{ rate: '0.00', natura: 'N4', legalReference: 'Operazione esente, art. 10 DPR 633/72', esigibilita: 'I', taxableAmount: { amount: '2.63' }, taxAmount: { amount: '0.00' } }]);
  });

  it('replaces a pending change with a later one, and drops it when the settings go back to those in force', async () => {
    const customerId = await customerWithUsageOn();
    await run(UPDATE, { customerId, input: { vatTreatment: { kind: 'STANDARD', rate: '10' } } });
    const replaced = await run(UPDATE, { customerId, input: { paymentTerms: { days: 15 } } });
    expect(replaced.data!.updateBillingAccountSettings.upcomingSettings).toMatchObject({ vatTreatment: { kind: 'STANDARD', rate: '10.00' }, paymentTerms: { days: 15, endOfMonth: false } });
    await run(UPDATE, { customerId, input: { vatTreatment: { kind: 'STANDARD', rate: '22' }, paymentTerms: { days: 30 } } });
    expect((await accountOf(customerId)).billingAccount.upcomingSettings).toBeNull();
    expect(await prisma.billingAccountSettings.count({ where: { effectiveFrom: new Date('2026-12-01') } })).toBe(0);
  });

  it.each([
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N8', legalReference: 'Art. 1' } }, 'input.vatTreatment.natura', /FatturaPA Natura code/],
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N2', legalReference: 'Art. 1' } }, 'input.vatTreatment.natura', /N2 alone is no longer valid.*N2\.1 or N2\.2/],
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N6', legalReference: 'Art. 1' } }, 'input.vatTreatment.natura', /N6\.1 to N6\.9/],
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N4' } }, 'input.vatTreatment.legalReference', /is required/],
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N4', legalReference: 'x'.repeat(101) } }, 'input.vatTreatment.legalReference', /101 characters.*at most 100/],
    [{ vatTreatment: { kind: 'ZERO_RATED', natura: 'N4', legalReference: 'Esente: 10 € di bollo' } }, 'input.vatTreatment.legalReference', /U\+20AC.*Latin-1/],
    [{ vatTreatment: { kind: 'STANDARD', rate: '7' } }, 'input.vatTreatment.rate', /22, 10, 5, 4/],
    [{ vatTreatment: { kind: 'SPLIT_PAYMENT', rate: '22', natura: 'N4' } }, 'input.vatTreatment.natura', /only for a zero-rated treatment/],
    [{ iban: 'IT61X0542811101000000123456' }, 'input.iban', /wrong check digits/],
    [{ iban: 'IT60X05428111010000001234' }, 'input.iban', /27 characters/],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'input.timeZone', /IANA time zone/],
    [{ timeZone: '+01:00' }, 'input.timeZone', /IANA time zone/],
    [{ paymentTerms: { days: 400 } }, 'input.paymentTerms.days', /0 to 365/],
    [{}, 'input', /at least one setting/],
  ])('refuses %j naming %s, and writes nothing', async (input, field, message) => {
    const customerId = await customerWithUsageOn();
    // A valid part alongside the invalid one is not written either.
    const result = await run(UPDATE, { customerId, input: Object.keys(input).length ? { paymentTerms: { days: 45 }, ...input } : input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await prisma.billingAccountSettings.count()).toBe(0);
    expect(await prisma.billingAccount.findFirstOrThrow()).toMatchObject({ vatTreatment: 'STANDARD', paymentTermsDays: 30, iban: null, timeZone: 'Europe/Rome' });
  });

  it('answers NOT_FOUND for a customer billing has no account for', async () => {
    const result = await run(UPDATE, { customerId: crypto.randomUUID(), input: { paymentTerms: { days: 10 } } });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is for billing specialists: a salesperson reads the treatment but can neither change it nor read the IBAN', async () => {
    const customerId = await customerWithUsageOn();
    const salesperson = identityOf('sales-user', ['salesperson']);
    const refused = await execute(server, UPDATE, { customerId, input: { paymentTerms: { days: 10 } } }, salesperson);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.billingAccountSettings.count()).toBe(0);
    const query = (fields: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { billingAccount { ${fields} } } } }`;
    const representations = { r: [{ __typename: 'Customer', id: customerId }] };
    const read = await execute(server, query('vatTreatment { kind } paymentTerms { days }'), representations, salesperson);
    expect(read.data?._entities[0].billingAccount).toEqual({ vatTreatment: { kind: 'STANDARD' }, paymentTerms: { days: 30 } });
    const iban = await execute(server, query('iban'), representations, salesperson);
    expect(iban.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missing: [{ coordinate: 'BillingAccount.iban' }] });
  });

  it('sets a time zone and a quarterly period rule from the next period: the first quarter runs from December to its end', async () => {
    const customerId = await customerWithUsageOn();
    await run(UPDATE, { customerId, input: { timeZone: 'America/New_York', periodRule: 'QUARTERLY' } });
    clock.now = new Date('2026-12-02T09:00:00Z');
    expect((await close(customerId)).openPeriod).toEqual({ startsOn: '2026-12-01', endsOn: '2026-12-31' });
    const account = await prisma.billingAccount.findFirstOrThrow();
    expect(account).toMatchObject({ timeZone: 'America/New_York', periodRule: 'QUARTERLY' });
  });
});

describe('treatments on invoices and credit notes', () => {
  async function invoiceUnder(treatment: typeof SPLIT_PAYMENT_VAT) {
    const customerId = await customerWithUsageOn();
    await prisma.billingAccount.update({ where: { customerId }, data: treatmentColumns(treatment) });
    clock.now = new Date('2026-12-02T09:00:00Z');
    return { customerId, invoice: (await close(customerId)).invoice };
  }

  it('split payment: VAT computed per rate and stated in the total, esigibilita S, the customer pays the net', async () => {
    const { invoice } = await invoiceUnder(SPLIT_PAYMENT_VAT);
    expect(invoice).toMatchObject({ netTotal: { amount: '2.63' }, taxTotal: { amount: '0.58' }, total: { amount: '3.21' }, amountDue: { amount: '2.63' } });
    expect(invoice.vatSummary).toEqual([{ rate: '22.00', natura: null, legalReference: null, esigibilita: 'S', taxableAmount: { amount: '2.63' }, taxAmount: { amount: '0.58' } }]);
  });

  it('a credit note of a zero-rated invoice states the Natura and the law of the lines it credits, even after the account has changed', async () => {
    const { customerId, invoice } = await invoiceUnder(OUTSIDE_SCOPE_SERVICE);
    expect(invoice.vatSummary).toEqual([{ rate: '0.00', natura: 'N2.1', legalReference: OUTSIDE_SCOPE_SERVICE.kind === 'ZERO_RATED' && OUTSIDE_SCOPE_SERVICE.legalReference, esigibilita: 'I', taxableAmount: { amount: '2.63' }, taxAmount: { amount: '0.00' } }]);
    await prisma.billingAccount.update({ where: { customerId }, data: { vatTreatment: 'STANDARD', vatRate: '22', natura: null, vatLegalReference: null } });
    const note = await run(CREDIT, { input: { invoiceId: invoice.id, reason: 'Recording failed', lines: [{ invoiceLineId: invoice.lines[1].id, amount: '2.50' }] } });
    expect(note.errors).toBeUndefined();
    const reference = 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72';
    expect(note.data!.issueCreditNote).toEqual({
      lines: [{ vatRate: '0.00', natura: 'N2.1', vatLegalReference: reference, taxAmount: { amount: '0.00' } }],
      vatSummary: [{ rate: '0.00', natura: 'N2.1', legalReference: reference, taxAmount: { amount: '0.00' } }],
      total: { amount: '2.50' },
    });
  });

  it('the database refuses a zero-rated line without a Natura, and a credit-note line with another Natura than its invoice line', async () => {
    const { invoice } = await invoiceUnder(OUTSIDE_SCOPE_SERVICE);
    await expect(prisma.$executeRawUnsafe(`UPDATE "BillingAccount" SET "natura" = 'N2'`)).rejects.toThrow(/BillingAccount_vat_treatment/);
    const draft = await prisma.invoice.create({ data: { accountId: (await prisma.billingAccount.findFirstOrThrow()).id, status: 'DRAFT', currency: 'EUR', total: 0 } });
    await expect(
      prisma.$executeRawUnsafe(
        `INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "description", "service", "quantity", "unit", "unitPrice", "amount", "vatRate", "taxAmount") VALUES (gen_random_uuid(), '${draft.id}', 1, 'x', 'S', 1, 'CALL', 1, 1, 0, 0)`,
      ),
    ).rejects.toThrow(/InvoiceLine_natura_when_zero_rated/);
    await expect(
      prisma.$transaction(async (tx) => {
        const note = await tx.creditNote.create({ data: { number: 'CN-TEST', invoiceId: invoice.id, accountId: draft.accountId, reason: 'x', currency: 'EUR', netTotal: '1.00', taxTotal: 0, total: '1.00', issuedAt: clock.now } });
        await tx.creditNoteLine.create({ data: { creditNoteId: note.id, invoiceLineId: invoice.lines[1].id, position: 1, description: 'x', amount: '1.00', vatRate: 0, natura: 'N4', vatLegalReference: 'x', taxAmount: 0 } });
      }),
    ).rejects.toThrow(/Natura \(N2\.1\)/);
  });
});

describe('paymentDueOn', () => {
  it('counts days from the issue date in the account time zone, or runs to the end of that month', () => {
    const terms = { paymentTermsDays: 30, paymentTermsEndOfMonth: false, timeZone: 'Europe/Rome' };
    // 23:30 UTC on 31 January is 1 February in Rome.
    expect(paymentDueOn(new Date('2027-01-31T23:30:00Z'), terms).toISOString().slice(0, 10)).toBe('2027-03-03');
    expect(paymentDueOn(new Date('2027-01-15T09:00:00Z'), { ...terms, paymentTermsEndOfMonth: true }).toISOString().slice(0, 10)).toBe('2027-02-28');
  });
});
