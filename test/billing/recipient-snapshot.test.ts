/**
 * An issued invoice keeps its recipient as sales held it at issue (InvoiceRecipient): changes to
 * the customer afterwards reach neither the invoice nor its credit notes; sales down at close
 * issues nothing; the stored values are what a restarted billing reads; an invoice issued before
 * recipients were recorded gets its recipient once, at its first export. And the mapping from
 * what billing issued to a FatturaPA document, validated against the official schema.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBillingConfig } from '../../subgraphs/billing/config.js';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { checkFatturaPAArithmetic, eInvoiceOf, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import { creditNoteEInvoiceDocumentOf, eInvoiceDocumentOf } from '../../subgraphs/billing/einvoice/issued-documents.js';
import { issueCreditNote } from '../../subgraphs/billing/invoicing/credit-notes.js';
import { recipientForExport } from '../../subgraphs/billing/invoicing/recipients.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';
import { conferenceEnded, FakeSales, italianBusiness, perCallRate, perMinuteRate } from './fixtures.js';

let db: TestDatabase;
let prisma: BillingPrisma;
let sales: FakeSales;
const now = new Date('2026-12-02T09:00:00Z');
const serverWith = (client: BillingPrisma) => buildBillingServer(client, { clock: () => now, recipients: { recipientsOf: (ids) => sales.recipientsOf(ids) } });
let server: ReturnType<typeof buildBillingServer>;
const config = readBillingConfig({ NODE_ENV: 'development' }).eInvoicing;

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
  server = serverWith(prisma);
});

afterAll(async () => {
  await server?.server.stop();
  await prisma?.$disconnect();
  await db?.close();
});

beforeEach(async () => {
  await prisma.$executeRawUnsafe('TRUNCATE "InvoiceRecipient", "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount", "DocumentNumberCounter" CASCADE');
  sales = new FakeSales();
});

const run = (query: string, variables: Record<string, unknown> = {}) => execute(server, query, variables);

async function deliver(events: IntegrationEvent<ConferenceEnded>[]) {
  const handler = callRecordsHandler({ rates: sales });
  const prepared = await handler.prepare!(events);
  await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
}

/** A customer with November usage: 200 s of dial-in and a recorded conference. */
async function customerWithNovemberUsage() {
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.0385', { increment: 1 }), perCallRate('CONFERENCE_RECORDING', '2.50')]);
  await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-05T09:00:00Z', seconds: 61 }, { joinedAt: '2026-11-05T09:00:10Z', seconds: 139 }], { recording: true })]);
  return customerId;
}

const RECIPIENT = 'recipient { fiscalCategory legalName vatNumber fiscalCode sdiRecipientCode pecAddress publicOfficeCode street street2 postalCode city province country recordedAt recordedAtIssue }';
const CLOSE = `mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { id number lines { id } ${RECIPIENT} } } }`;
const INVOICE = `query ($id: ID!) { invoice(id: $id) { number ${RECIPIENT} creditNotes { number ${RECIPIENT} } } }`;

const ISSUED_RECIPIENT = {
  fiscalCategory: 'ITALIAN_BUSINESS',
  legalName: 'Ferramenta Lagunare S.r.l.',
  vatNumber: 'IT04120930278',
  fiscalCode: null,
  sdiRecipientCode: 'M5UXCR1',
  pecAddress: null,
  publicOfficeCode: null,
  street: 'Fondamenta dei Vetrai 12',
  street2: null,
  postalCode: '30141',
  city: 'Venezia',
  province: 'VE',
  country: 'IT',
  recordedAt: '2026-12-02T09:00:00.000Z',
  recordedAtIssue: true,
};

async function closeAndIssueCredit(customerId: string) {
  const closed = await run(CLOSE, { customerId });
  expect(closed.errors).toBeUndefined();
  return closed.data!.closeBillingPeriod.invoice as { id: string; number: string; lines: { id: string }[]; recipient: typeof ISSUED_RECIPIENT };
}

describe('the recipient an invoice keeps', () => {
  it('is the customer as sales held it at issue, and stays so when the customer changes; a later credit note carries it too', async () => {
    const customerId = await customerWithNovemberUsage();
    const invoice = await closeAndIssueCredit(customerId);
    expect(invoice.recipient).toEqual(ISSUED_RECIPIENT);

    // updateCustomer in sales: a new name, address, VAT number and SdI channel.
    sales.fiscalData.set(customerId, {
      ...italianBusiness('Vetreria Muranese S.p.A.'),
      vatNumber: 'IT12345678903',
      sdiRecipientCode: '0000000',
      pecAddress: 'fatture@pec.vetreria.example',
      address: { street: 'Riva Longa 3', street2: 'Piano 2', postalCode: '30141', city: 'Murano', province: 'VE', country: 'IT' },
    });
    const note = await issueCreditNote(prisma, { invoiceId: invoice.id, reason: 'Recording charged twice', lines: [{ invoiceLineId: invoice.lines[1]!.id, amount: '1.00' }] }, () => now);

    const read = await run(INVOICE, { id: invoice.id });
    expect(read.data?.invoice).toEqual({ number: invoice.number, recipient: ISSUED_RECIPIENT, creditNotes: [{ number: note.number, recipient: ISSUED_RECIPIENT }] });
    // Issuing the credit note did not ask sales: its recipient is the invoice's.
    expect(sales.recipientRequests).toBe(1);
  });

  it('sales down at close: nothing is written, and the error says why and what to do', async () => {
    const customerId = await customerWithNovemberUsage();
    sales.down = true;
    const result = await run(CLOSE, { customerId });
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' },
      message: expect.stringMatching(/^The period was not closed and no invoice was issued: the recipient's fiscal data could not be read from sales \(.*connection refused\)\. Close it again once sales answers\.$/),
    });
    expect(await prisma.invoice.count()).toBe(0);
    expect(await prisma.documentNumberCounter.count()).toBe(0);
    expect(await prisma.billingPeriod.findMany({ select: { status: true } })).toEqual([{ status: 'OPEN' }]);

    sales.down = false;
    expect((await run(CLOSE, { customerId })).data?.closeBillingPeriod.invoice).toMatchObject({ number: 'INV-2026-000001', recipient: ISSUED_RECIPIENT });
  });

  it('a customer sales does not know gets no invoice', async () => {
    const customerId = await customerWithNovemberUsage();
    sales.fiscalData.delete(customerId);
    const result = await run(CLOSE, { customerId });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', customerId }, message: expect.stringContaining(`sales does not know customer ${customerId}`) });
    expect(await prisma.invoice.count()).toBe(0);
  });

  it('the month-end run reads every recipient in one request; with sales down every account FAILED, saying why, nothing issued', async () => {
    const customers = [await customerWithNovemberUsage(), await customerWithNovemberUsage(), await customerWithNovemberUsage()];
    const RUN = `mutation { closeBillingPeriods(endedOn: "2026-11-30") { customer { id } status failure closing { invoice { number recipient { legalName } } } } }`;
    sales.down = true;
    const failed = await run(RUN);
    expect(failed.errors).toBeUndefined();
    expect(failed.data!.closeBillingPeriods.map((outcome: { status: string }) => outcome.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    for (const outcome of failed.data!.closeBillingPeriods) expect(outcome.failure).toMatch(/no invoice was issued: the recipient's fiscal data could not be read from sales/);
    expect(sales.recipientRequests).toBe(1);
    expect(await prisma.invoice.count()).toBe(0);

    sales.down = false;
    const done = await run(RUN);
    expect(done.data!.closeBillingPeriods.map((outcome: { status: string }) => outcome.status)).toEqual(['INVOICED', 'INVOICED', 'INVOICED']);
    expect(done.data!.closeBillingPeriods.map((outcome: { closing: { invoice: { recipient: { legalName: string } } } }) => outcome.closing.invoice.recipient.legalName)).toEqual(customers.map(() => 'Ferramenta Lagunare S.r.l.'));
    expect(sales.recipientRequests).toBe(2);
  });

  it('is stored, not computed: a restarted billing, with sales down, reads the same recipient', async () => {
    const invoice = await closeAndIssueCredit(await customerWithNovemberUsage());
    const restartedPrisma = createBillingPrisma(db.adapter);
    const restarted = serverWith(restartedPrisma);
    sales.down = true;
    try {
      const read = await execute(restarted, INVOICE, { id: invoice.id });
      expect(read.data?.invoice.recipient).toEqual(ISSUED_RECIPIENT);
    } finally {
      await restarted.server.stop();
    }
  });

  it('the database keeps it: never changed or removed, never an issued invoice without one', async () => {
    const invoice = await closeAndIssueCredit(await customerWithNovemberUsage());
    await expect(prisma.$executeRaw`UPDATE "InvoiceRecipient" SET "legalName" = 'Someone else' WHERE "invoiceId" = ${invoice.id}::uuid`).rejects.toThrow(/cannot be changed or deleted/);
    await expect(prisma.$executeRaw`DELETE FROM "InvoiceRecipient" WHERE "invoiceId" = ${invoice.id}::uuid`).rejects.toThrow(/cannot be changed or deleted/);

    const account = await prisma.billingAccount.findFirstOrThrow();
    const draft = await prisma.invoice.create({ data: { accountId: account.id, number: 'INV-2026-000099', status: 'DRAFT', currency: 'EUR', total: 0 } });
    await expect(prisma.$executeRaw`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = ${draft.id}::uuid`).rejects.toThrow(/cannot be issued without its recipient/);
    // A recipient "recorded at issue" cannot be added to an invoice already issued.
    await expect(
      prisma.$executeRaw`INSERT INTO "InvoiceRecipient" ("invoiceId", "fiscalCategory", "legalName", "street", "postalCode", "city", "country", "recordedAt") SELECT "invoiceId", 'ITALIAN_BUSINESS', 'X', 'Via', '00100', 'Roma', 'IT', now() FROM (SELECT ${invoice.id}::uuid AS "invoiceId") AS i`,
    ).rejects.toThrow();
  });

  it('an invoice issued before recipients were recorded gets its recipient once, at its first export, and keeps it', async () => {
    const customerId = await customerWithNovemberUsage();
    const account = await prisma.billingAccount.findFirstOrThrow({ where: { customerId } });
    // As such an invoice stands after the migration: issued, without a recipient.
    const old = await prisma.invoice.create({ data: { accountId: account.id, number: 'INV-2026-000042', status: 'DRAFT', currency: 'EUR', total: 0, issuedAt: new Date('2026-11-02T09:00:00Z') } });
    await prisma.$executeRawUnsafe('ALTER TABLE "Invoice" DISABLE TRIGGER "Invoice_issued_with_its_recipient"');
    try {
      await prisma.invoice.update({ where: { id: old.id }, data: { status: 'ISSUED' } });
    } finally {
      await prisma.$executeRawUnsafe('ALTER TABLE "Invoice" ENABLE TRIGGER "Invoice_issued_with_its_recipient"');
    }
    expect((await run(INVOICE, { id: old.id })).data?.invoice.recipient).toBeNull();

    sales.down = true;
    await expect(recipientForExport(prisma, old.id, sales, now)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' }, message: expect.stringContaining('was issued before recipients were recorded and is not exported') });
    sales.down = false;
    const first = await recipientForExport(prisma, old.id, sales, now);
    expect(first).toMatchObject({ legalName: 'Ferramenta Lagunare S.r.l.', recordedAtIssue: false, recordedAt: now });
    sales.fiscalData.set(customerId, italianBusiness('Renamed S.r.l.'));
    expect(await recipientForExport(prisma, old.id, sales, new Date('2026-12-09T09:00:00Z'))).toEqual(first);
    expect((await run(INVOICE, { id: old.id })).data?.invoice.recipient).toMatchObject({ legalName: 'Ferramenta Lagunare S.r.l.', recordedAtIssue: false });
  });
});

describe('FatturaPA documents of what billing issued', () => {
  async function issued() {
    const closed = await closeAndIssueCredit(await customerWithNovemberUsage());
    const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: closed.id }, include: { lines: { orderBy: { position: 'asc' } }, period: true, recipient: true } });
    const note = await issueCreditNote(prisma, { invoiceId: invoice.id, reason: 'Registrazione addebitata due volte', lines: [{ invoiceLineId: invoice.lines[1]!.id, amount: '2.50' }] }, () => new Date('2026-12-05T10:00:00Z'));
    const noteLines = await prisma.creditNoteLine.findMany({ where: { creditNoteId: note.id }, orderBy: { position: 'asc' } });
    return { invoice, note: { ...note, lines: noteLines } };
  }

  function expectValid(xml: string) {
    expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
    expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
  }

  it('an issued invoice (TD01) and its credit note (TD04) map to files valid against the schema, their arithmetic right', async () => {
    const { invoice, note } = await issued();
    const document = eInvoiceDocumentOf(invoice, invoice.recipient!, { config, progressive: '00001' });
    expect(document).toMatchObject({
      kind: 'TD01',
      number: 'INV-2026-000001',
      date: '2026-12-02',
      recipient: { name: 'Ferramenta Lagunare S.r.l.', vatNumber: { country: 'IT', code: '04120930278' }, delivery: { channel: 'recipientCode', code: 'M5UXCR1' } },
      payment: { iban: config.iban, dueDate: '2027-01-01' },
    });
    expect(document.lines.map((line) => [line.quantity, line.amount, line.periodStart, line.periodEnd])).toEqual([
      ['3.33333333', '0.13', '2026-11-01', '2026-11-30'],
      ['1', '2.50', '2026-11-01', '2026-11-30'],
    ]);
    expect(document.vatSummary).toEqual([{ vatRate: '22.00', taxableAmount: '2.63', vat: '0.58', esigibilita: 'I' }]);
    const file = eInvoiceOf(document);
    expect(file.fileName).toBe(`IT${config.issuer.vatNumber}_00001.xml`);
    expectValid(file.xml);

    const credit = creditNoteEInvoiceDocumentOf(note, { number: invoice.number!, issuedAt: invoice.issuedAt! }, invoice.recipient!, { config, progressive: '00002' });
    expect(credit).toMatchObject({ kind: 'TD04', number: 'CN-2026-000001', date: '2026-12-05', linkedInvoice: { number: 'INV-2026-000001', date: '2026-12-02' }, reason: 'Registrazione addebitata due volte' });
    expect(credit.payment).toBeUndefined();
    const creditFile = eInvoiceOf(credit);
    expectValid(creditFile.xml);
    expect(creditFile.xml).toContain('<Denominazione>Ferramenta Lagunare S.r.l.</Denominazione>');
  });

  it('the same file however the customer changes afterwards', async () => {
    const { invoice } = await issued();
    const before = eInvoiceOf(eInvoiceDocumentOf(invoice, invoice.recipient!, { config, progressive: '00001' })).xml;
    sales.fiscalData.set([...sales.fiscalData.keys()][0]!, italianBusiness('Someone Else S.r.l.'));
    const stored = await prisma.invoiceRecipient.findUniqueOrThrow({ where: { invoiceId: invoice.id } });
    expect(eInvoiceOf(eInvoiceDocumentOf(invoice, stored, { config, progressive: '00001' })).xml).toBe(before);
  });

  it('refuses what it cannot state yet: a zero rate without its Natura, another currency, a public body without its office code', async () => {
    const { invoice } = await issued();
    const zeroRated = { ...invoice, lines: invoice.lines.map((line) => ({ ...line, vatRate: '0', taxAmount: '0' })) };
    expect(() => eInvoiceDocumentOf(zeroRated, invoice.recipient!, { config, progressive: '00001' })).toThrow(/zero-rated line.*Natura/);
    const treated = eInvoiceDocumentOf(zeroRated, invoice.recipient!, {
      config,
      progressive: '00001',
      treatment: { esigibilita: 'I', zeroRate: { natura: 'N2.1', legalReference: 'Operazione non soggetta, art. 7-ter DPR 633/72' } },
    });
    expectValid(eInvoiceOf(treated).xml);
    expect(() => eInvoiceDocumentOf({ ...invoice, currency: 'USD' }, invoice.recipient!, { config, progressive: '00001' })).toThrow(/is in USD/);
    expect(() => eInvoiceDocumentOf(invoice, { ...invoice.recipient!, fiscalCategory: 'ITALIAN_PUBLIC_BODY', sdiRecipientCode: null }, { config, progressive: '00001' })).toThrow(/without an office code/);
  });
});
