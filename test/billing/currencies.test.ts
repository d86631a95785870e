/**
 * Invoices in JPY (no minor unit) and BHD (three decimals): Italian VAT is stated in euro, so such
 * an invoice is issued only with the euro exchange rate of the issue day, which it keeps; its
 * FatturaPA file and its credit notes' state euro amounts at two decimals and the VAT per rate
 * computed in euro, valid against the official schema and SdI's arithmetic.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { conferenceEnded, billingTestServer, perCallRate, perMinuteRate } from './fixtures.js';

const SPECIALIST = identityOf('maria.rossi', ['billing-specialist']);
const { prisma, sales, run } = await billingTestServer({ startsAt: '2026-12-02T09:00:00Z', identity: SPECIALIST });

/** November usage: four dial-in legs of 200 s at `dialIn`/min (1 s increment) and a recording. */
async function customerBilledIn(currency: string, dialIn: string, recording: string) {
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', dialIn, { currency, increment: 1 }), perCallRate('CONFERENCE_RECORDING', recording, currency)]);
  const handler = callRecordsHandler({ rates: sales });
  const legs = ['09:00:00', '09:00:10', '09:00:20', '09:00:30'].map((time) => ({ joinedAt: `2026-11-05T${time}Z`, seconds: 200 }));
  const events = [conferenceEnded(customerId, legs, { recording: true })];
  const prepared = await handler.prepare!(events);
  await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  return customerId;
}

const CLOSE = `mutation ($customerId: ID!, $rates: [EuroExchangeRateInput!]) {
  closeBillingPeriod(customerId: $customerId, euroExchangeRates: $rates) {
    invoice { id number euroExchangeRate taxTotal { amount currency } total { amount } lines { id amount { amount } } eInvoice { fileName xml } }
  } }`;

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((match) => match[1]!);

function expectValidFile(xml: string) {
  expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
  expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
}

describe('invoices in a currency other than the euro', () => {
  it.each([
    // 4 × 200 s × 5.5 / 60 = 73.33 → 73 JPY, recording 250 JPY: net 323, VAT 71 JPY.
    // In euro at 161.2: 73 → 0.45, 250 → 1.55; taxable 2.00, VAT 0.44.
    { currency: 'JPY', dialIn: '5.5', recording: '250', perEuro: '161.2', invoice: { net: '323', tax: '71', total: '394' }, euro: { taxable: '2.00', vat: '0.44', total: '2.44' } },
    // 73.333 BHD, recording 2.5 BHD: net 75.833, VAT 16.683 BHD.
    // In euro at 0.4105: 73.333 → 178.64, 2.500 → 6.09; taxable 184.73, VAT 40.64.
    { currency: 'BHD', dialIn: '5.5', recording: '2.5', perEuro: '0.4105', invoice: { net: '75.833', tax: '16.683', total: '92.516' }, euro: { taxable: '184.73', vat: '40.64', total: '225.37' } },
  ])('invoices $currency at its minor unit, keeps the euro rate and exports euro amounts with the VAT counted in euro', async ({ currency, dialIn, recording, perEuro, invoice, euro }) => {
    const customerId = await customerBilledIn(currency, dialIn, recording);

    const refused = await run(CLOSE, { customerId });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', currency }, message: expect.stringContaining(`euroExchangeRates: [{ currency: "${currency}"`) });
    expect(await prisma.invoice.count()).toBe(0);
    expect(await prisma.billingPeriod.count({ where: { status: 'OPEN' } })).toBe(1);

    const issued = (await run(CLOSE, { customerId, rates: [{ currency, perEuro }] })).data!.closeBillingPeriod.invoice;
    expect({ net: new Decimal(issued.total.amount).minus(issued.taxTotal.amount).toFixed(currency === 'JPY' ? 0 : 3), tax: issued.taxTotal.amount, total: issued.total.amount }).toEqual(invoice);
    expect(issued.taxTotal.currency).toBe(currency);
    expect(issued.euroExchangeRate).toBe(perEuro);

    const { xml } = issued.eInvoice;
    expectValidFile(xml);
    expect(tag(xml, 'Divisa')).toEqual(['EUR']);
    expect(tag(xml, 'ImponibileImporto')).toEqual([euro.taxable]);
    expect(tag(xml, 'Imposta')).toEqual([euro.vat]);
    expect(tag(xml, 'ImportoTotaleDocumento')).toEqual([euro.total]);
    // Every amount has exactly two decimals, whatever the invoice's currency has.
    for (const amount of [...tag(xml, 'PrezzoTotale'), ...tag(xml, 'ImportoPagamento')]) expect(amount).toMatch(/^\d+\.\d{2}$/);
    expect(tag(xml, 'Causale').join('')).toContain(`al cambio di ${perEuro} ${currency} per 1 EUR`);
  });

  it('exports a credit note of a JPY invoice in euro at its invoice rate', async () => {
    const customerId = await customerBilledIn('JPY', '5.5', '250');
    const issued = (await run(CLOSE, { customerId, rates: [{ currency: 'JPY', perEuro: '161.2' }] })).data!.closeBillingPeriod.invoice;
    const credit = await run(
      `mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { number taxTotal { amount currency } eInvoice { xml } } }`,
      { input: { invoiceId: issued.id, reason: 'Registrazione non richiesta', lines: [{ invoiceLineId: issued.lines.find((line: { amount: { amount: string } }) => line.amount.amount === '250').id, amount: '250' }] } },
    );
    expect(credit.errors).toBeUndefined();
    const note = credit.data!.issueCreditNote;
    expect(note.taxTotal).toEqual({ amount: '55', currency: 'JPY' });
    expectValidFile(note.eInvoice.xml);
    // 250 JPY at 161.2 = 1.55 EUR; VAT 0.341 → 0.34.
    expect({ taxable: tag(note.eInvoice.xml, 'ImponibileImporto'), vat: tag(note.eInvoice.xml, 'Imposta'), kind: tag(note.eInvoice.xml, 'TipoDocumento') }).toEqual({ taxable: ['1.55'], vat: ['0.34'], kind: ['TD04'] });
  });

  it('never credits more euro VAT on a rate than the invoice charged, however the credit is split', async () => {
    const customerId = await customerBilledIn('JPY', '5.5', '250');
    const issued = (await run(CLOSE, { customerId, rates: [{ currency: 'JPY', perEuro: '161.2' }] })).data!.closeBillingPeriod.invoice;
    const byAmount = (amount: string) => issued.lines.find((line: { amount: { amount: string } }) => line.amount.amount === amount).id;
    const credit = async (invoiceLineId: string, amount: string) => {
      const result = await run(`mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { eInvoice { xml } } }`, { input: { invoiceId: issued.id, reason: 'Rettifica', lines: [{ invoiceLineId, amount }] } });
      expect(result.errors).toBeUndefined();
      return result.data!.issueCreditNote.eInvoice.xml as string;
    };
    // 50 JPY is 0.31 EUR, whose VAT alone is 0.0682 → 0.07: five such notes counted alone would credit 0.35 on 1.55 EUR, whose VAT is 0.34.
    const files = [];
    for (let note = 0; note < 5; note += 1) files.push(await credit(byAmount('250'), '50'));
    files.push(await credit(byAmount('73'), '73'));
    for (const xml of files) expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
    const vats = files.map((xml) => tag(xml, 'Imposta')[0]!);
    expect(vats.slice(0, 5).reduce((sum, vat) => sum.plus(vat), new Decimal(0)).toFixed(2)).toBe('0.34');
    // Everything credited: exactly the 0.44 EUR of VAT the invoice's file charged.
    expect(vats.reduce((sum, vat) => sum.plus(vat), new Decimal(0)).toFixed(2)).toBe(tag(issued.eInvoice.xml, 'Imposta')[0]);
  });

  it('fails only the accounts of the month-end run whose currency has no rate', async () => {
    const yen = await customerBilledIn('JPY', '5.5', '250');
    const euro = await customerBilledIn('EUR', '0.0385', '2.50');
    const RUN = `mutation ($rates: [EuroExchangeRateInput!]) { closeBillingPeriods(endedOn: "2026-11-30", euroExchangeRates: $rates) { customer { id } status failure } }`;
    const first = (await run(RUN)).data!.closeBillingPeriods as { customer: { id: string }; status: string; failure: string | null }[];
    expect(Object.fromEntries(first.map((outcome) => [outcome.customer.id, outcome.status]))).toEqual({ [yen]: 'FAILED', [euro]: 'INVOICED' });
    expect(first.find((outcome) => outcome.customer.id === yen)!.failure).toContain('billed in JPY');
    const second = (await run(RUN, { rates: [{ currency: 'JPY', perEuro: '161.2' }] })).data!.closeBillingPeriods;
    expect(second).toEqual([{ customer: { id: yen }, status: 'INVOICED', failure: null }]);
  });

  it.each([
    [[{ currency: 'EUR', perEuro: '1' }], 'euroExchangeRates.0.currency', 'EUR is the euro'],
    [[{ currency: 'ABC', perEuro: '1' }], 'euroExchangeRates.0.currency', 'ISO 4217'],
    [[{ currency: 'JPY', perEuro: '0' }], 'euroExchangeRates.0.perEuro', 'more than 0'],
    [[{ currency: 'JPY', perEuro: '-161' }], 'euroExchangeRates.0.perEuro', 'positive decimal'],
    [[{ currency: 'JPY', perEuro: '161.123456789' }], 'euroExchangeRates.0.perEuro', 'at most 8 decimals'],
    // Found by the hostile-input property test: a value that is no number at all once reached decimal.js, which threw (500).
    [[{ currency: 'JPY', perEuro: 'saV&TK' }], 'euroExchangeRates.0.perEuro', 'positive decimal'],
    [[{ currency: 'JPY', perEuro: '1e5' }], 'euroExchangeRates.0.perEuro', 'positive decimal'],
    [[{ currency: 'JPY', perEuro: '161' }, { currency: 'JPY', perEuro: '162' }], 'euroExchangeRates', 'each currency once'],
  ])('refuses the rates %j naming the field', async (rates, field, says) => {
    const customerId = await customerBilledIn('JPY', '5.5', '250');
    const refused = await run(CLOSE, { customerId, rates });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field }, message: expect.stringContaining(says) });
    expect(await prisma.invoice.count()).toBe(0);
  });

  it('holds the rule in the database: an issued invoice in another currency has its rate, a euro one none', async () => {
    const { id: accountId } = await prisma.billingAccount.create({ data: { customerId: crypto.randomUUID(), currency: 'JPY', periodRule: 'MONTHLY' } });
    const draft = (currency: string, rate: string | null) =>
      prisma.$executeRawUnsafe(`INSERT INTO "Invoice" ("id", "accountId", "status", "currency", "netTotal", "taxTotal", "total", "euroExchangeRate") VALUES (gen_random_uuid(), $1::uuid, 'DRAFT', $2, 0, 0, 0, $3::numeric) RETURNING "id"`, accountId, currency, rate);
    await expect(draft('EUR', '1')).rejects.toThrow(/Invoice_euro_exchange_rate_only_for_other_currencies/);
    await expect(draft('JPY', '0')).rejects.toThrow(/Invoice_euro_exchange_rate_only_for_other_currencies/);
    await draft('JPY', null);
    // Issuing also needs the recipient; only the missing rate is left to refuse.
    await prisma.$executeRawUnsafe(
      `INSERT INTO "InvoiceRecipient" ("invoiceId", "fiscalCategory", "legalName", "street", "postalCode", "city", "country", "recordedAt") SELECT "id", 'NON_EU_BUSINESS', 'Tokyo Kaigi K.K.', '1-1 Marunouchi', '100-0005', 'Tokyo', 'JP', now() FROM "Invoice"`,
    );
    const issue = `UPDATE "Invoice" SET "status" = 'ISSUED', "number" = 'INV-2026-000001', "issuedAt" = now() WHERE "currency" = 'JPY'`;
    await expect(prisma.$executeRawUnsafe(issue)).rejects.toThrow(/Invoice_issued_in_other_currency_has_euro_exchange_rate/);
    await prisma.$executeRawUnsafe(`UPDATE "Invoice" SET "euroExchangeRate" = 161.2 WHERE "currency" = 'JPY'`);
    await expect(prisma.$executeRawUnsafe(issue)).resolves.toBe(1);
  });
});
