/**
 * The contract an invoice names (InvoiceContract): the customer's contract in force for the
 * period, read from sales with the recipient and kept as it was at issue; its CIG and CUP in the
 * FatturaPA file's DatiContratto, the credit note's too; a public body's invoice without a CIG is
 * refused at issue, nothing written, and the month-end run reports that account as FAILED; the
 * database keeps the row written once.
 */
import { describe, expect, it } from 'vitest';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import type { RecipientFiscalData } from '../../subgraphs/billing/invoicing/recipients.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { A_CIG, conferenceEnded, billingTestServer, italianBusiness, perCallRate, perMinuteRate } from './fixtures.js';

const SPECIALIST = identityOf('maria.rossi', ['billing-specialist']);
const { prisma, sales, clock, run } = await billingTestServer({ startsAt: '2026-12-02T09:00:00Z', identity: SPECIALIST });

const PUBLIC_BODY: RecipientFiscalData = {
  fiscalCategory: 'ITALIAN_PUBLIC_BODY',
  legalName: 'Comune di Murano',
  vatNumber: null,
  fiscalCode: '00339370272',
  sdiRecipientCode: 'UFQ7NB',
  pecAddress: null,
  address: { street: 'Piazza San Marco 1', street2: null, postalCode: '30124', city: 'Venezia', province: 'VE', country: 'IT' },
};
const A_CUP = 'J51B21000010007';

/** A customer with a November call (a minute at 0.05, recording 2.50 EUR) and the fiscal data given. */
async function customerWithNovemberUsage(fiscalData: RecipientFiscalData) {
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05'), perCallRate('CONFERENCE_RECORDING', '2.50')]);
  sales.fiscalData.set(customerId, fiscalData);
  const handler = callRecordsHandler({ rates: sales });
  const events = [conferenceEnded(customerId, [{ joinedAt: '2026-11-05T09:00:00Z', seconds: 60 }], { recording: true })];
  const prepared = await handler.prepare!(events);
  await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  return customerId;
}

const CLOSE = `mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { id number lines { id service } } } }`;
const FILE_OF_INVOICE = `query ($id: ID!) { invoice(id: $id) { eInvoice { xml } } }`;
const FILE_OF_NOTE = `query ($id: ID!) { creditNote(id: $id) { eInvoice { xml } } }`;

async function closed(customerId: string) {
  const result = await run(CLOSE, { customerId });
  expect(result.errors).toBeUndefined();
  return result.data!.closeBillingPeriod.invoice as { id: string; number: string; lines: { id: string; service: string }[] };
}

async function validFile(query: string, id: string): Promise<string> {
  const result = await run(query, { id });
  expect(result.errors).toBeUndefined();
  const { xml } = (result.data!.invoice ?? result.data!.creditNote).eInvoice as { xml: string };
  expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
  expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
  return xml;
}

const datiContratto = (cig: string, cup?: string) =>
  new RegExp(`<DatiContratto>\\s*<IdDocumento>CTR-2025-000001</IdDocumento>\\s*<Data>2025-01-01</Data>\\s*${cup ? `<CodiceCUP>${cup}</CodiceCUP>\\s*` : ''}<CodiceCIG>${cig}</CodiceCIG>\\s*</DatiContratto>`);

describe("a public body's invoice", () => {
  it("names its contract's number, first day, CUP and CIG, as they were at issue; its credit note names the same contract", async () => {
    const customerId = await customerWithNovemberUsage(PUBLIC_BODY);
    sales.contractCodes.set(customerId, { cig: A_CIG, cup: A_CUP });
    const invoice = await closed(customerId);
    const CONTRACT = `query ($id: ID!) { invoice(id: $id) { contract { number startsOn cig cup cigExempt recordedAt } } }`;
    const recorded = { number: 'CTR-2025-000001', startsOn: '2025-01-01', cig: A_CIG, cup: A_CUP, cigExempt: false, recordedAt: clock.now.toISOString() };
    expect((await run(CONTRACT, { id: invoice.id })).data).toEqual({ invoice: { contract: recorded } });
    const issuedXml = await validFile(FILE_OF_INVOICE, invoice.id);
    expect(issuedXml).toMatch(/<FormatoTrasmissione>FPA12</);
    expect(issuedXml).toMatch(datiContratto(A_CIG, A_CUP));

    // The CIG changes in sales afterwards (a new tender): the issued invoice keeps the one it was issued with.
    sales.contractCodes.set(customerId, { cig: 'B8C7D6E5F4', cup: null });
    expect(await validFile(FILE_OF_INVOICE, invoice.id)).toBe(issuedXml);
    expect((await run(CONTRACT, { id: invoice.id })).data).toEqual({ invoice: { contract: recorded } });

    const note = await run(`mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id } }`, {
      input: { invoiceId: invoice.id, reason: 'Registrazione addebitata per errore', lines: [{ invoiceLineId: invoice.lines.find((line) => line.service === 'CONFERENCE_RECORDING')!.id, amount: '1.00' }] },
    });
    expect(note.errors).toBeUndefined();
    const noteXml = await validFile(FILE_OF_NOTE, note.data!.issueCreditNote.id);
    expect(noteXml).toContain('<TipoDocumento>TD04</TipoDocumento>');
    expect(noteXml).toMatch(datiContratto(A_CIG, A_CUP));
    expect(noteXml).toMatch(/<\/DatiContratto>\s*<DatiFattureCollegate>/);
  });

  it('whose contract has no CIG is refused at close, naming the contract and the fix, with nothing written; once the CIG is set it is issued', async () => {
    const customerId = await customerWithNovemberUsage(PUBLIC_BODY);
    const refused = await run(CLOSE, { customerId });
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Comune di Murano is a public body, .* contract CTR-2025-000001, in force for the period 2026-11-01 to 2026-11-30, has no CIG: no invoice was issued\. Set the contract's CIG in sales \(updateContractCodes with cig\), or mark it exempt from CIG tracing \(cigExempt: true\), then close the period again\.$/),
      extensions: { code: 'CONFLICT', contractNumber: 'CTR-2025-000001', field: 'contracts.CTR-2025-000001.cig' },
    });
    expect(await prisma.invoice.count()).toBe(0);
    expect(await prisma.billingPeriod.findFirst({ where: { startsOn: new Date('2026-11-01T00:00:00Z') } })).toMatchObject({ status: 'OPEN' });

    sales.contractCodes.set(customerId, { cig: A_CIG });
    expect(await validFile(FILE_OF_INVOICE, (await closed(customerId)).id)).toMatch(datiContratto(A_CIG));
  });

  it('under a contract exempt from CIG tracing is issued, and its file names no contract when there is no CUP either', async () => {
    const customerId = await customerWithNovemberUsage(PUBLIC_BODY);
    sales.contractCodes.set(customerId, { cigExempt: true });
    const xml = await validFile(FILE_OF_INVOICE, (await closed(customerId)).id);
    expect(xml).toMatch(/<FormatoTrasmissione>FPA12</);
    expect(xml).not.toContain('DatiContratto');
  });

  it("without a CIG is the month-end run's FAILED outcome for that account only", async () => {
    const business = await customerWithNovemberUsage(italianBusiness());
    const publicBody = await customerWithNovemberUsage(PUBLIC_BODY);
    const result = await run(`mutation { closeBillingPeriods(endedOn: "2026-11-30") { customer { id } status failure } }`);
    expect(result.errors).toBeUndefined();
    const outcomes = result.data!.closeBillingPeriods as { customer: { id: string }; status: string; failure: string | null }[];
    expect(outcomes.find((outcome) => outcome.customer.id === business)).toMatchObject({ status: 'INVOICED', failure: null });
    expect(outcomes.find((outcome) => outcome.customer.id === publicBody)).toMatchObject({ status: 'FAILED', failure: expect.stringContaining('contract CTR-2025-000001, in force for the period 2026-11-01 to 2026-11-30, has no CIG') });
    expect(await prisma.invoice.count()).toBe(1);
  });
});

describe("a business's invoice", () => {
  it('records its contract, and names it in the file only when the contract has a CIG or CUP', async () => {
    const plain = await customerWithNovemberUsage(italianBusiness());
    const plainInvoice = await closed(plain);
    expect(await prisma.invoiceContract.findUnique({ where: { invoiceId: plainInvoice.id } })).toMatchObject({ number: 'CTR-2025-000001', cig: null, cup: null });
    expect(await validFile(FILE_OF_INVOICE, plainInvoice.id)).not.toContain('DatiContratto');

    const withCup = await customerWithNovemberUsage(italianBusiness('Consorzio Lagunare S.c.a.r.l.'));
    sales.contractCodes.set(withCup, { cup: A_CUP });
    const xml = await validFile(FILE_OF_INVOICE, (await closed(withCup)).id);
    expect(xml).toMatch(/<FormatoTrasmissione>FPR12</);
    expect(xml).toMatch(new RegExp(`<DatiContratto>\\s*<IdDocumento>CTR-2025-000001</IdDocumento>\\s*<Data>2025-01-01</Data>\\s*<CodiceCUP>${A_CUP}</CodiceCUP>\\s*</DatiContratto>`));
  });
});

describe('the database', () => {
  it("keeps an invoice's contract as written at issue, and issues a public body's invoice only with a CIG", async () => {
    const customerId = await customerWithNovemberUsage(PUBLIC_BODY);
    sales.contractCodes.set(customerId, { cig: A_CIG });
    const invoice = await closed(customerId);
    await expect(prisma.$executeRaw`UPDATE "InvoiceContract" SET "cig" = 'B8C7D6E5F4' WHERE "invoiceId" = ${invoice.id}::uuid`).rejects.toThrow(/cannot be changed or deleted/);
    await expect(prisma.$executeRaw`DELETE FROM "InvoiceContract" WHERE "invoiceId" = ${invoice.id}::uuid`).rejects.toThrow(/cannot be changed or deleted/);

    // A draft to the same public body, its recipient recorded, issued without a contract.
    const account = await prisma.billingAccount.findFirstOrThrow({ where: { customerId } });
    const draft = await prisma.invoice.create({ data: { accountId: account.id, status: 'DRAFT', currency: 'EUR', total: 0, number: 'INV-2026-999999', issuedAt: clock.now } });
    const recipient = await prisma.invoiceRecipient.findUniqueOrThrow({ where: { invoiceId: invoice.id } });
    await prisma.invoiceRecipient.create({ data: { ...recipient, invoiceId: draft.id } });
    await expect(prisma.$executeRaw`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = ${draft.id}::uuid`).rejects.toThrow(/cannot be issued without its contract's CIG/);
    await prisma.$executeRaw`INSERT INTO "InvoiceContract" ("invoiceId", "contractId", "number", "startsOn", "cig", "cup", "cigExempt", "recordedAt") VALUES (${draft.id}::uuid, gen_random_uuid(), 'CTR-2025-000001', '2025-01-01', NULL, NULL, false, ${clock.now})`;
    await expect(prisma.$executeRaw`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = ${draft.id}::uuid`).rejects.toThrow(/cannot be issued without its contract's CIG/);
  });
});
