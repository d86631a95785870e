/**
 * The life of an issued document's FatturaPA file with SdI, through the billing subgraph
 * in-process with a pinned clock: a file per document at issue, marked sent, SdI's notifications
 * imported (validated against MessaggiTypes v1.1, refused when hostile), the Italian rules for a
 * rejected file (sent again under the same number, or voided) and for a delivered one (a credit
 * note, never a void), and the same rules written as SQL against the database.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_E_INVOICING, DEMO_ISSUER } from '../../subgraphs/billing/config.js';
import { MAX_NOTIFICATION_BYTES, parseSdiNotification, SDI_MESSAGES_SCHEMA_FILE } from '../../subgraphs/billing/einvoice/notification.js';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import { transmissionEInvoiceFile } from '../../subgraphs/billing/invoicing/einvoice-export.js';
import type { RecipientFiscalData } from '../../subgraphs/billing/invoicing/recipients.js';
import { createLoaders } from '../../subgraphs/billing/loaders.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { execute } from '../support/graphql.js';
import { A_CIG, conferenceEnded, billingTestServer, italianBusiness, perCallRate, perMinuteRate, type ContractCodes } from './fixtures.js';
import {
  attestazioneTrasmissioneFattura,
  BILLION_LAUGHS,
  EXTERNAL_ENTITY,
  notificaDecorrenzaTermini,
  notificaEsito,
  notificaMancataConsegna,
  notificaScarto,
  ricevutaConsegna,
} from './sdi-notifications.js';

const SPECIALIST = identityOf('maria.rossi', ['billing-specialist']);
const { prisma, server, sales, clock, run } = await billingTestServer({ startsAt: '2026-12-02T09:00:00Z', identity: SPECIALIST });
const fileName = (progressive: string) => `IT${DEMO_ISSUER.vatNumber}_${progressive}.xml`;

const STATUS = `state fileName attempt sdiIdentifier sentAt updatedAt rejection { code description }
  history { fileName fromState toState at actor notification sdiIdentifier messageId }`;
const FILE_RECIPIENT = 'recipient { revision legalName sdiRecipientCode recordedAtIssue }';

/** Closes November for a new customer with one recorded call (a minute at 0.05, recording 2.50 EUR): its invoice, and its recording line. */
async function issuedInvoice(fiscalData?: RecipientFiscalData, contractCodes?: ContractCodes): Promise<{ id: string; number: string; issuedAt: string; lineId: string; customerId: string }> {
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05'), perCallRate('CONFERENCE_RECORDING', '2.50')]);
  if (fiscalData) sales.fiscalData.set(customerId, fiscalData);
  if (contractCodes) sales.contractCodes.set(customerId, contractCodes);
  const handler = callRecordsHandler({ rates: sales });
  const events = [conferenceEnded(customerId, [{ joinedAt: '2026-11-05T09:00:00Z', seconds: 60 }], { recording: true })];
  const prepared = await handler.prepare!(events);
  const outcomes = await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  expect([...outcomes.values()]).toEqual([{ status: 'applied' }]);
  const result = await run(`mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { id number issuedAt lines { id service } } } }`, { customerId });
  expect(result.errors).toBeUndefined();
  const invoice = result.data!.closeBillingPeriod.invoice;
  const recording = invoice.lines.find((line: { service: string }) => line.service === 'CONFERENCE_RECORDING');
  return { id: invoice.id, number: invoice.number, issuedAt: invoice.issuedAt, lineId: recording.id, customerId };
}

async function statusOf(invoiceId: string) {
  const result = await run(`query ($id: ID!) { invoice(id: $id) { number issuedAt status eInvoiceStatus { ${STATUS} } } }`, { id: invoiceId });
  expect(result.errors).toBeUndefined();
  return result.data!.invoice;
}

async function importNotification(xml: string) {
  return run(`mutation ($xml: String!) { importSdiNotification(xml: $xml) { ${STATUS} invoice { id } creditNote { id } } }`, { xml });
}

async function markSent(id: string, sdiIdentifier?: string) {
  return run(`mutation ($id: ID!, $sdi: String) { markEInvoiceSent(id: $id, sdiIdentifier: $sdi) { ${STATUS} } }`, { id, sdi: sdiIdentifier });
}

const resend = (id: string, refreshRecipient?: boolean) =>
  run(`mutation ($id: ID!, $refresh: Boolean) { resendEInvoice(id: $id, refreshRecipient: $refresh) { ${STATUS} ${FILE_RECIPIENT} } }`, { id, refresh: refreshRecipient });
const voidInvoice = (id: string) => run(`mutation ($id: ID!) { voidInvoice(id: $id) { id status } }`, { id });
const creditNote = (invoiceId: string, lineId: string, amount = '1.00') =>
  run(`mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id number eInvoiceStatus { ${STATUS} } } }`, {
    input: { invoiceId, reason: 'Registrazione addebitata per errore', lines: [{ invoiceLineId: lineId, amount }] },
  });

const errorOf = (result: { errors?: { message: string; extensions?: Record<string, any> }[] }) => {
  expect(result.errors).toHaveLength(1);
  return { code: result.errors![0]!.extensions!.code, field: result.errors![0]!.extensions!.field, message: result.errors![0]!.message };
};

const REJECTION = [
  { code: '00404', description: 'Fattura duplicata' },
  { code: '00311', description: '1.1.4 <CodiceDestinatario> non valido' },
];

describe('an issued document and its e-invoice file', () => {
  it('goes TO_SEND at issue, SENT, then DELIVERED, each change in its history; the same notification twice is a no-op', async () => {
    const invoice = await issuedInvoice();
    const issued = await statusOf(invoice.id);
    expect(issued.eInvoiceStatus).toEqual({
      state: 'TO_SEND',
      fileName: fileName('00001'),
      attempt: 1,
      sdiIdentifier: null,
      sentAt: null,
      updatedAt: '2026-12-02T09:00:00.000Z',
      rejection: [],
      history: [{ fileName: fileName('00001'), fromState: null, toState: 'TO_SEND', at: '2026-12-02T09:00:00.000Z', actor: 'billing', notification: null, sdiIdentifier: null, messageId: null }],
    });

    clock.now = new Date('2026-12-02T09:30:00Z');
    const sent = await markSent(invoice.id, '4567890');
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.markEInvoiceSent).toMatchObject({ state: 'SENT', sdiIdentifier: '4567890', sentAt: '2026-12-02T09:30:00.000Z' });
    // Marking it again changes nothing.
    expect((await markSent(invoice.id)).data!.markEInvoiceSent.history).toHaveLength(2);

    clock.now = new Date('2026-12-02T10:00:00Z');
    const receipt = ricevutaConsegna({ sdiIdentifier: '4567890', fileName: fileName('00001'), messageId: '77001' });
    const delivered = await importNotification(receipt);
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.importSdiNotification).toMatchObject({ state: 'DELIVERED', invoice: { id: invoice.id }, creditNote: null });
    expect(delivered.data!.importSdiNotification.history.slice(1)).toEqual([
      { fileName: fileName('00001'), fromState: 'TO_SEND', toState: 'SENT', at: '2026-12-02T09:30:00.000Z', actor: 'maria.rossi', notification: null, sdiIdentifier: null, messageId: null },
      { fileName: fileName('00001'), fromState: 'SENT', toState: 'DELIVERED', at: '2026-12-02T10:00:00.000Z', actor: 'maria.rossi', notification: 'RICEVUTA_CONSEGNA', sdiIdentifier: '4567890', messageId: '77001' },
    ]);

    clock.now = new Date('2026-12-02T11:00:00Z');
    const again = await importNotification(receipt);
    expect(again.errors).toBeUndefined();
    expect(again.data!.importSdiNotification).toEqual(delivered.data!.importSdiNotification);
  });

  it('gives each credit note its own file, and lists a month of files by state', async () => {
    const invoice = await issuedInvoice();
    const note = await creditNote(invoice.id, invoice.lineId);
    expect(note.errors).toBeUndefined();
    expect(note.data!.issueCreditNote.eInvoiceStatus).toMatchObject({ state: 'TO_SEND', fileName: fileName('00002'), attempt: 1 });
    await importNotification(ricevutaConsegna({ sdiIdentifier: '100', fileName: fileName('00001') }));

    const list = (state?: string, month = '2026-12') =>
      run(`query ($month: String!, $state: EInvoiceState) { eInvoices(month: $month, state: $state) { state fileName invoice { number } creditNote { number } } }`, { month, state });
    expect((await list()).data!.eInvoices).toEqual([
      { state: 'DELIVERED', fileName: fileName('00001'), invoice: { number: invoice.number }, creditNote: null },
      { state: 'TO_SEND', fileName: fileName('00002'), invoice: null, creditNote: { number: 'CN-2026-000001' } },
    ]);
    expect((await list('TO_SEND')).data!.eInvoices).toEqual([{ state: 'TO_SEND', fileName: fileName('00002'), invoice: null, creditNote: { number: 'CN-2026-000001' } }]);
    expect((await list(undefined, '2026-11')).data!.eInvoices).toEqual([]);
    expect(errorOf(await list(undefined, '2026-13'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });

  it('applies the same notification imported twice at once only once', async () => {
    const invoice = await issuedInvoice();
    const receipt = ricevutaConsegna({ sdiIdentifier: '150', fileName: fileName('00001') });
    const results = await Promise.all([importNotification(receipt), importNotification(receipt)]);
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect((await statusOf(invoice.id)).eInvoiceStatus.history.map((change: { toState: string }) => change.toState)).toEqual(['TO_SEND', 'DELIVERED']);
  });

  it("lists a document in the issuer's month: issued at 00:30 on 1 December in Rome, it is December's", async () => {
    clock.now = new Date('2026-11-30T23:30:00Z');
    await issuedInvoice();
    const list = async (month: string) => (await run(`query ($month: String!) { eInvoices(month: $month) { fileName } }`, { month })).data!.eInvoices;
    expect(await list('2026-12')).toEqual([{ fileName: fileName('00001') }]);
    expect(await list('2026-11')).toEqual([]);
  });

  it('records a file SdI could not deliver as NOT_DELIVERABLE: the invoice stands, is not voided, and a later delivery is recorded', async () => {
    const invoice = await issuedInvoice();
    const notDelivered = await importNotification(notificaMancataConsegna({ sdiIdentifier: '200', fileName: fileName('00001'), description: 'Casella PEC piena' }));
    expect(notDelivered.data!.importSdiNotification).toMatchObject({ state: 'NOT_DELIVERABLE', sdiIdentifier: '200' });
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/corrected by a credit note \(TD04\), not voided/) });
    expect((await creditNote(invoice.id, invoice.lineId)).errors).toBeUndefined();
    expect((await importNotification(ricevutaConsegna({ sdiIdentifier: '200', fileName: fileName('00001') }))).data!.importSdiNotification.state).toBe('DELIVERED');
  });
});

describe('a file SdI rejected', () => {
  async function rejectedInvoice() {
    const invoice = await issuedInvoice();
    await markSent(invoice.id, '300');
    const rejected = await importNotification(notificaScarto({ sdiIdentifier: '300', fileName: fileName('00001'), errors: REJECTION }));
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.importSdiNotification).toMatchObject({ state: 'REJECTED', rejection: REJECTION });
    return invoice;
  }

  it('is sent again under the same number and date, as a new file; not credited, not resent twice', async () => {
    const invoice = await rejectedInvoice();
    expect(errorOf(await creditNote(invoice.id, invoice.lineId))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/rejected by SdI: send it again corrected \(resendEInvoice\) or void it/) });

    clock.now = new Date('2026-12-03T08:00:00Z');
    const again = await resend(invoice.id);
    expect(again.errors).toBeUndefined();
    expect(again.data!.resendEInvoice).toMatchObject({ state: 'TO_SEND', fileName: fileName('00002'), attempt: 2, sdiIdentifier: null, rejection: [] });
    expect(again.data!.resendEInvoice.history.map((change: { fileName: string; toState: string }) => [change.fileName, change.toState])).toEqual([
      [fileName('00001'), 'TO_SEND'],
      [fileName('00001'), 'SENT'],
      [fileName('00001'), 'REJECTED'],
      [fileName('00002'), 'TO_SEND'],
    ]);
    const after = await statusOf(invoice.id);
    expect(after).toMatchObject({ number: invoice.number, issuedAt: invoice.issuedAt, status: 'ISSUED', eInvoiceStatus: { fileName: fileName('00002') } });
    expect(errorOf(await resend(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is TO_SEND: only a file SdI rejected is sent again/) });

    // The old file's rejection, delivered again, changes nothing; the new file is delivered.
    expect((await importNotification(notificaScarto({ sdiIdentifier: '300', fileName: fileName('00001'), errors: REJECTION }))).data!.importSdiNotification.state).toBe('REJECTED');
    expect((await importNotification(ricevutaConsegna({ sdiIdentifier: '301', fileName: fileName('00002') }))).data!.importSdiNotification.state).toBe('DELIVERED');
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets the invoice be voided, and nothing more is sent for it', async () => {
    const invoice = await rejectedInvoice();
    const voided = await voidInvoice(invoice.id);
    expect(voided.errors).toBeUndefined();
    expect(voided.data!.voidInvoice).toEqual({ id: invoice.id, status: 'VOID' });
    expect(errorOf(await resend(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/VOID/) });
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is VOID/) });
  });

  it('is not voided while credit notes refer to the invoice', async () => {
    const invoice = await issuedInvoice();
    expect((await creditNote(invoice.id, invoice.lineId)).errors).toBeUndefined();
    await importNotification(notificaScarto({ sdiIdentifier: '310', fileName: fileName('00001'), errors: REJECTION }));
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has 1 credit note/) });
  });
});

describe('a file SdI rejected for its recipient', () => {
  const INVALID_CODE = [{ code: '00311', description: '1.1.4 <CodiceDestinatario> non valido' }];
  const eInvoiceOf = async (id: string) => (await run(`query ($id: ID!) { invoice(id: $id) { eInvoice { fileName xml } recipient { revision sdiRecipientCode } } }`, { id })).data!.invoice;
  /** The file a transmission row names, as the export builds it: how an older file is read again. */
  const fileOfAttempt = async (invoiceId: string, attempt: number) =>
    transmissionEInvoiceFile(
      { prisma, loaders: createLoaders(prisma), recipients: sales, eInvoicing: DEMO_E_INVOICING, clock: () => clock.now },
      await prisma.eInvoiceTransmission.findFirstOrThrow({ where: { invoiceId, attempt } }),
    );

  async function rejectedFor00311() {
    const invoice = await issuedInvoice();
    const original = await eInvoiceOf(invoice.id);
    await markSent(invoice.id, '600');
    expect((await importNotification(notificaScarto({ sdiIdentifier: '600', fileName: fileName('00001'), errors: INVALID_CODE }))).data!.importSdiNotification.state).toBe('REJECTED');
    return { invoice, original };
  }

  it('is corrected in sales and sent again to the corrected recipient; the rejected file and its recipient stay as they were', async () => {
    const { invoice, original } = await rejectedFor00311();
    expect(original.eInvoice.xml).toContain('<CodiceDestinatario>M5UXCR1</CodiceDestinatario>');
    // The billing specialist corrects the customer in sales (updateCustomer) ...
    sales.fiscalData.set(invoice.customerId, { ...italianBusiness(), sdiRecipientCode: 'W7YVJK9' });

    clock.now = new Date('2026-12-03T08:00:00Z');
    const again = await resend(invoice.id, true);
    expect(again.errors).toBeUndefined();
    expect(again.data!.resendEInvoice).toMatchObject({ state: 'TO_SEND', fileName: fileName('00002'), attempt: 2, recipient: { revision: 2, sdiRecipientCode: 'W7YVJK9', recordedAtIssue: false } });

    const resent = await eInvoiceOf(invoice.id);
    expect(resent.eInvoice.fileName).toBe(fileName('00002'));
    expect(resent.eInvoice.xml).toContain('<CodiceDestinatario>W7YVJK9</CodiceDestinatario>');
    expect(validateFatturaPA(resent.eInvoice.xml)).toEqual({ valid: true, errors: [] });
    expect(checkFatturaPAArithmetic(resent.eInvoice.xml)).toEqual({ valid: true, errors: [] });
    // The same document: only the recipient and the progressive differ.
    expect(resent.eInvoice.xml.replaceAll('W7YVJK9', 'M5UXCR1').replaceAll('00002', '00001')).toBe(original.eInvoice.xml);
    // The rejected file is the same file, to its recipient at issue, which the invoice still records.
    expect(await fileOfAttempt(invoice.id, 1)).toEqual({ ...original.eInvoice, state: 'REJECTED' });
    expect(resent.recipient).toEqual({ revision: 1, sdiRecipientCode: 'M5UXCR1' });
    const history = (await statusOf(invoice.id)).eInvoiceStatus.history;
    expect(history.map((change: { fileName: string; toState: string }) => [change.fileName, change.toState])).toEqual([
      [fileName('00001'), 'TO_SEND'],
      [fileName('00001'), 'SENT'],
      [fileName('00001'), 'REJECTED'],
      [fileName('00002'), 'TO_SEND'],
    ]);

    // Delivered, the invoice's credit notes go to the recipient it was delivered to.
    await importNotification(ricevutaConsegna({ sdiIdentifier: '601', fileName: fileName('00002') }));
    const note = await run(
      `mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { eInvoiceStatus { ${FILE_RECIPIENT} } eInvoice { xml } } }`,
      { input: { invoiceId: invoice.id, reason: 'Registrazione addebitata per errore', lines: [{ invoiceLineId: invoice.lineId, amount: '1.00' }] } },
    );
    expect(note.errors).toBeUndefined();
    expect(note.data!.issueCreditNote.eInvoiceStatus.recipient).toMatchObject({ revision: 2, sdiRecipientCode: 'W7YVJK9' });
    expect(note.data!.issueCreditNote.eInvoice.xml).toContain('<CodiceDestinatario>W7YVJK9</CodiceDestinatario>');

    // Nothing else changes an issued document's recipient, written as SQL.
    const sql = (text: string, ...values: unknown[]) => prisma.$executeRawUnsafe(text, ...values);
    await expect(sql(`UPDATE "InvoiceRecipientRevision" SET "sdiRecipientCode" = 'AAAAAAA'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql(`DELETE FROM "InvoiceRecipientRevision"`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql(`UPDATE "InvoiceRecipient" SET "sdiRecipientCode" = 'AAAAAAA'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(
      sql(
        `INSERT INTO "InvoiceRecipientRevision" ("invoiceId", "revision", "fiscalCategory", "legalName", "sdiRecipientCode", "street", "postalCode", "city", "country", "recordedAt", "actor")
         VALUES ($1::uuid, 3, 'ITALIAN_BUSINESS', 'Altro', 'AAAAAAA', 'Via Roma 1', '00100', 'Roma', 'IT', now(), 'mallory')`,
        invoice.id,
      ),
    ).rejects.toThrow(/cannot be changed: its e-invoice file is DELIVERED/);
    await expect(sql(`UPDATE "EInvoiceTransmission" SET "recipientRevision" = 1 WHERE "invoiceId" = $1::uuid AND "attempt" = 2`, invoice.id)).rejects.toThrow(/keeps its document, attempt, progressive and recipient/);
    expect(await prisma.invoiceRecipientRevision.count()).toBe(1);
  });

  it('refuses a recipient that still cannot make a valid file, naming the field, with nothing written; sends the same recipient again when sales has not changed it', async () => {
    const { invoice } = await rejectedFor00311();
    sales.fiscalData.set(invoice.customerId, { ...italianBusiness(), sdiRecipientCode: 'w7yvjk' });
    const refused = await resend(invoice.id, true);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', field: 'recipient.delivery.code', message: expect.stringMatching(/the customer's sdiRecipientCode in sales.*nothing was written/) });
    expect(refused.errors![0]!.extensions!.customerField).toBe('sdiRecipientCode');
    expect(await prisma.eInvoiceTransmission.count()).toBe(1);
    expect(await prisma.invoiceRecipientRevision.count()).toBe(0);

    // Not rejected: refused before sales is asked.
    const other = await issuedInvoice();
    const asked = sales.recipientRequests;
    expect(errorOf(await resend(other.id, true))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is TO_SEND: only a file SdI rejected is sent again/) });
    expect(sales.recipientRequests).toBe(asked);

    sales.fiscalData.set(invoice.customerId, italianBusiness());
    const same = await resend(invoice.id, true);
    expect(same.errors).toBeUndefined();
    expect(same.data!.resendEInvoice).toMatchObject({ fileName: fileName('00003'), attempt: 2, recipient: { revision: 1, sdiRecipientCode: 'M5UXCR1' } });
    expect(await prisma.invoiceRecipientRevision.count()).toBe(0);
  });

  it('a rejected credit note is sent again to the corrected recipient; its invoice keeps its own', async () => {
    const invoice = await issuedInvoice();
    const note = await creditNote(invoice.id, invoice.lineId);
    expect(note.errors).toBeUndefined();
    await importNotification(ricevutaConsegna({ sdiIdentifier: '700', fileName: fileName('00001') }));
    await importNotification(notificaScarto({ sdiIdentifier: '701', fileName: fileName('00002'), errors: INVALID_CODE }));
    sales.fiscalData.set(invoice.customerId, { ...italianBusiness(), sdiRecipientCode: 'W7YVJK9' });

    const again = await resend(note.data!.issueCreditNote.id, true);
    expect(again.errors).toBeUndefined();
    expect(again.data!.resendEInvoice).toMatchObject({ fileName: fileName('00003'), attempt: 2, recipient: { revision: 2, sdiRecipientCode: 'W7YVJK9' } });
    const xml = (await run(`query ($id: ID!) { creditNote(id: $id) { eInvoice { xml } } }`, { id: note.data!.issueCreditNote.id })).data!.creditNote.eInvoice.xml;
    expect(xml).toContain('<CodiceDestinatario>W7YVJK9</CodiceDestinatario>');
    expect(validateFatturaPA(xml).valid).toBe(true);
    const invoiceStatus = await run(`query ($id: ID!) { invoice(id: $id) { eInvoiceStatus { state ${FILE_RECIPIENT} } } }`, { id: invoice.id });
    expect(invoiceStatus.data!.invoice.eInvoiceStatus).toMatchObject({ state: 'DELIVERED', recipient: { revision: 1, sdiRecipientCode: 'M5UXCR1' } });
  });
});

describe("a public body's invoice", () => {
  const PUBLIC_BODY: RecipientFiscalData = {
    fiscalCategory: 'ITALIAN_PUBLIC_BODY',
    legalName: 'Comune di Murano',
    vatNumber: null,
    fiscalCode: '00339370272',
    sdiRecipientCode: 'UFQ7NB',
    pecAddress: null,
    address: { street: 'Piazza San Marco 1', street2: null, postalCode: '30124', city: 'Venezia', province: 'VE', country: 'IT' },
  };
  const TRANSITION = 'history { toState notification outcome description }';
  const importing = async (xml: string) => run(`mutation ($xml: String!) { importSdiNotification(xml: $xml) { state ${TRANSITION} } }`, { xml });

  async function deliveredToPublicBody(sdiIdentifier: string) {
    const invoice = await issuedInvoice(PUBLIC_BODY, { cig: A_CIG });
    expect((await importing(ricevutaConsegna({ sdiIdentifier, fileName: fileName('00001') }))).data!.importSdiNotification.state).toBe('DELIVERED');
    return invoice;
  }

  it('is accepted (NotificaEsito EC01), recorded as ACCEPTED with the notification in its history', async () => {
    await deliveredToPublicBody('800');
    const accepted = await importing(notificaEsito({ sdiIdentifier: '800', fileName: fileName('00001'), outcome: 'EC01' }));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.importSdiNotification.state).toBe('ACCEPTED');
    expect(accepted.data!.importSdiNotification.history.at(-1)).toEqual({ toState: 'ACCEPTED', notification: 'NOTIFICA_ESITO', outcome: 'EC01', description: null });
    expect(errorOf(await importing(notificaDecorrenzaTermini({ sdiIdentifier: '800', fileName: fileName('00001') })))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is ACCEPTED; a NotificaDecorrenzaTermini/) });
  });

  it('refused (EC02) is corrected by a credit note: not sent again, not voided', async () => {
    const invoice = await deliveredToPublicBody('810');
    const refused = await importing(notificaEsito({ sdiIdentifier: '810', fileName: fileName('00001'), outcome: 'EC02', description: 'CIG mancante' }));
    expect(refused.data!.importSdiNotification).toMatchObject({ state: 'REFUSED' });
    expect(refused.data!.importSdiNotification.history.at(-1)).toEqual({ toState: 'REFUSED', notification: 'NOTIFICA_ESITO', outcome: 'EC02', description: 'CIG mancante' });
    expect(errorOf(await resend(invoice.id, true))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/refused by the public body.*corrected by a credit note/) });
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/delivered \(REFUSED\): it stands/) });
    expect((await creditNote(invoice.id, invoice.lineId)).errors).toBeUndefined();
  });

  it('unanswered for 15 days is TERMS_EXPIRED; undeliverable, SdI attests the transmission; an answer before delivery cannot follow', async () => {
    await deliveredToPublicBody('820');
    const expired = await importing(notificaDecorrenzaTermini({ sdiIdentifier: '820', fileName: fileName('00001'), description: 'Decorsi i termini' }));
    expect(expired.data!.importSdiNotification.history.at(-1)).toEqual({ toState: 'TERMS_EXPIRED', notification: 'NOTIFICA_DECORRENZA_TERMINI', outcome: null, description: 'Decorsi i termini' });

    await issuedInvoice(PUBLIC_BODY, { cig: A_CIG });
    const early = await importing(notificaEsito({ sdiIdentifier: '830', fileName: fileName('00002'), outcome: 'EC01' }));
    expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', message: `${fileName('00002')} is TO_SEND; a NotificaEsito (ACCEPTED) cannot follow.` });
    await importing(notificaMancataConsegna({ sdiIdentifier: '830', fileName: fileName('00002') }));
    const attested = await importing(attestazioneTrasmissioneFattura({ sdiIdentifier: '830', fileName: fileName('00002') }));
    expect(attested.errors).toBeUndefined();
    expect(attested.data!.importSdiNotification.history.slice(1).map((change: { toState: string; notification: string }) => [change.toState, change.notification])).toEqual([
      ['NOT_DELIVERABLE', 'NOTIFICA_MANCATA_CONSEGNA'],
      ['NOT_DELIVERABLE', 'ATTESTAZIONE_TRASMISSIONE_FATTURA'],
    ]);
  });

  it('refuses a public-sector notification about a file to a business', async () => {
    await issuedInvoice();
    await importing(ricevutaConsegna({ sdiIdentifier: '840', fileName: fileName('00001') }));
    expect(errorOf(await importing(notificaEsito({ sdiIdentifier: '840', fileName: fileName('00001'), outcome: 'EC01' })))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not addressed to a public body/) });
  });
});

describe('a large notification', () => {
  it('imports a NotificaScarto of 200 errors of 255 characters, far over the 10,000 characters other arguments may have', async () => {
    const invoice = await issuedInvoice();
    const errors = Array.from({ length: 200 }, (_, index) => ({ code: String(index).padStart(5, '0'), description: `${index} `.padEnd(255, 'è') }));
    const xml = notificaScarto({ sdiIdentifier: '900', fileName: fileName('00001'), errors });
    expect(xml.length).toBeGreaterThan(50_000);
    const rejected = await importNotification(xml);
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.importSdiNotification.rejection).toEqual(errors);
    expect((await statusOf(invoice.id)).eInvoiceStatus.state).toBe('REJECTED');
  });
});

describe('what is refused', () => {
  it('voids nothing SdI has not rejected: not a file to send, not a delivered one', async () => {
    const invoice = await issuedInvoice();
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is TO_SEND: only an invoice whose file SdI rejected can be voided/) });
    await importNotification(ricevutaConsegna({ sdiIdentifier: '400', fileName: fileName('00001') }));
    expect(errorOf(await voidInvoice(invoice.id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/delivered: it stands, and is corrected by a credit note \(TD04\)/) });
    expect((await statusOf(invoice.id)).status).toBe('ISSUED');
  });

  it('refuses a notification for a file nobody issued, of another company, for another SdI identifier, or that cannot follow', async () => {
    await issuedInvoice();
    expect(errorOf(await importNotification(ricevutaConsegna({ sdiIdentifier: '500', fileName: fileName('ZZZZZ') })))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/No e-invoice file named/) });
    expect(errorOf(await importNotification(ricevutaConsegna({ sdiIdentifier: '500', fileName: 'IT01234567890_00001.xml' })))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not a file this company sends/) });
    await markSent((await prisma.invoice.findFirstOrThrow()).id, '501');
    expect(errorOf(await importNotification(ricevutaConsegna({ sdiIdentifier: '502', fileName: fileName('00001') })))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has IdentificativoSdI 501/) });
    expect((await importNotification(ricevutaConsegna({ sdiIdentifier: '501', fileName: fileName('00001') }))).errors).toBeUndefined();
    const late = await importNotification(notificaScarto({ sdiIdentifier: '501', fileName: fileName('00001'), errors: REJECTION }));
    expect(errorOf(late)).toMatchObject({ code: 'CONFLICT', message: `${fileName('00001')} is DELIVERED; a NotificaScarto (REJECTED) cannot follow.` });
    expect(errorOf(await markSent((await prisma.invoice.findFirstOrThrow()).id))).toMatchObject({ code: 'CONFLICT' });
  });

  it.each([
    ['a billion laughs', BILLION_LAUGHS, /not well-formed XML \(line \d+: Maximum entity amplification/],
    ['an external entity', EXTERNAL_ENTITY, /has a DOCTYPE/],
    ['an unsigned notification', ricevutaConsegna({ sdiIdentifier: '1', fileName: fileName('00001'), unsigned: true }), /does not match SdI's notification schema.*Signature/],
    ['an error code of 3 characters', notificaScarto({ sdiIdentifier: '1', fileName: fileName('00001'), errors: [{ code: '404', description: 'x' }] }), /MessaggiTypes v1.1 \(line \d+: Element 'Codice': \[facet 'length'\]/],
    ['an invoice instead of a notification', '<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" versione="FPR12"/>', /is a <FatturaElettronica>.*only RicevutaConsegna/],
    ['text that is not XML', 'RicevutaConsegna 00001', /not well-formed XML/],
    // Every server's input guard refuses the notification argument over 512 KiB characters first.
    ['a file larger than the argument may be', `${ricevutaConsegna({ sdiIdentifier: '1', fileName: fileName('00001') })}<!--${'x'.repeat(MAX_NOTIFICATION_BYTES)}-->`, /must be at most 524288 characters/],
  ])('refuses %s as BAD_USER_INPUT on xml, changing nothing', async (_name, xml, reason) => {
    const invoice = await issuedInvoice();
    const error = errorOf(await importNotification(xml));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'xml' });
    expect(error.message).toMatch(reason);
    expect((await statusOf(invoice.id)).eInvoiceStatus.history).toHaveLength(1);
  });

  it('refuses, before parsing, more than a notification can weigh, even where the input guard allows more', () => {
    const huge = `${ricevutaConsegna({ sdiIdentifier: '1', fileName: fileName('00001') })}<!--${'x'.repeat(MAX_NOTIFICATION_BYTES)}-->`;
    expect(() => parseSdiNotification(huge)).toThrow(/^xml: is \d+ bytes; an SdI notification is at most 524288 bytes$/);
  });

  it('keeps the new operations to billing specialists', async () => {
    const invoice = await issuedInvoice();
    const asSalesperson = await execute(server, `mutation ($id: ID!) { voidInvoice(id: $id) { id } }`, { id: invoice.id }, identityOf('sam', ['salesperson']));
    expect(asSalesperson.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the vendored notification schema', () => {
  it('is the copy SHA256SUMS pins (unverified against the original: see the README beside it)', () => {
    const [hash, file] = readFileSync(path.join(path.dirname(SDI_MESSAGES_SCHEMA_FILE), 'SHA256SUMS'), 'utf8').trim().split(/\s+/) as [string, string];
    expect(file).toBe('MessaggiTypes_v1.1.xsd');
    expect(createHash('sha256').update(readFileSync(SDI_MESSAGES_SCHEMA_FILE)).digest('hex')).toBe(hash);
    expect(hash).toBe('0efe7039808088d5661cde091f58f8d02c03ec61d3816301b0f1ccb883d11e48');
  });
});

describe('the database', () => {
  const sql = (text: string, ...values: unknown[]) => prisma.$executeRawUnsafe(text, ...values);

  it('numbers the files of documents issued before the migration as the application does (base 36, 5 characters)', async () => {
    const rows = await prisma.$queryRawUnsafe<{ progressive: string }[]>(`SELECT "einvoice_progressive"(n) AS "progressive" FROM unnest(ARRAY[1, 35, 36, 1295, 60466175]::bigint[]) AS n`);
    expect(rows.map((row) => row.progressive)).toEqual(['00001', '0000Z', '00010', '000ZZ', 'ZZZZZ']);
    await expect(prisma.$queryRawUnsafe(`SELECT "einvoice_progressive"(60466176)`)).rejects.toThrow(/out of range/);
  });
  const fileOf = async (invoiceId: string) => prisma.eInvoiceTransmission.findFirstOrThrow({ where: { invoiceId }, orderBy: { attempt: 'desc' } });

  it('voids an invoice only when its file was rejected and nothing credits it', async () => {
    const invoice = await issuedInvoice();
    const voidSql = () => sql(`UPDATE "Invoice" SET "status" = 'VOID' WHERE "id" = $1::uuid`, invoice.id);
    await expect(voidSql()).rejects.toThrow(/cannot be voided: its e-invoice file is TO_SEND/);
    await sql(`UPDATE "EInvoiceTransmission" SET "state" = 'DELIVERED' WHERE "invoiceId" = $1::uuid`, invoice.id);
    await expect(voidSql()).rejects.toThrow(/cannot be voided: its e-invoice file is DELIVERED .*credit note/);
    expect((await statusOf(invoice.id)).status).toBe('ISSUED');

    const rejected = await issuedInvoiceRejectedBySql();
    await sql(`UPDATE "Invoice" SET "status" = 'VOID' WHERE "id" = $1::uuid`, rejected);
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: rejected } })).status).toBe('VOID');
  });

  async function issuedInvoiceRejectedBySql() {
    const invoice = await issuedInvoice();
    await sql(`UPDATE "EInvoiceTransmission" SET "state" = 'REJECTED', "rejection" = '[{"code":"00404","description":"Fattura duplicata"}]' WHERE "invoiceId" = $1::uuid`, invoice.id);
    return invoice.id;
  }

  it('moves a file only as SdI does, keeps its name, and never deletes it or its history', async () => {
    const invoice = await issuedInvoice();
    const file = await fileOf(invoice.id);
    await sql(`UPDATE "EInvoiceTransmission" SET "state" = 'DELIVERED' WHERE "id" = $1::uuid`, file.id);
    await expect(sql(`UPDATE "EInvoiceTransmission" SET "state" = 'SENT' WHERE "id" = $1::uuid`, file.id)).rejects.toThrow(/cannot go from DELIVERED to SENT/);
    await expect(sql(`UPDATE "EInvoiceTransmission" SET "progressive" = '00009' WHERE "id" = $1::uuid`, file.id)).rejects.toThrow(/keeps its document, attempt, progressive and recipient/);
    await expect(sql(`DELETE FROM "EInvoiceTransmission" WHERE "id" = $1::uuid`, file.id)).rejects.toThrow(/cannot be deleted/);
    await expect(sql(`UPDATE "EInvoiceTransition" SET "actor" = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM "EInvoiceTransition"`)).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE "EInvoiceTransmission" SET "state" = 'REJECTED' WHERE "id" = $1::uuid`, file.id)).rejects.toThrow(/cannot go from DELIVERED to REJECTED|rejection_only_when_rejected/);
  });

  it('adds a second file only after a rejection, with a well-formed progressive', async () => {
    const invoice = await issuedInvoice();
    const insert = (attempt: number, progressive: string) =>
      sql(
        `INSERT INTO "EInvoiceTransmission" ("id", "invoiceId", "attempt", "progressive", "createdAt", "updatedAt") VALUES (gen_random_uuid(), $1::uuid, $2, $3, now(), now())`,
        invoice.id,
        attempt,
        progressive,
      );
    await expect(insert(2, '00002')).rejects.toThrow(/attempt 2 can only follow a REJECTED attempt 1, which is TO_SEND/);
    await sql(`UPDATE "EInvoiceTransmission" SET "state" = 'REJECTED', "rejection" = '[]' WHERE "invoiceId" = $1::uuid`, invoice.id);
    await expect(
      sql(
        `INSERT INTO "CreditNote" ("id", "number", "invoiceId", "accountId", "reason", "currency", "netTotal", "taxTotal", "total", "issuedAt")
         SELECT gen_random_uuid(), 'CN-2026-000009', "id", "accountId", 'x', 'EUR', 0, 0, 0, now() FROM "Invoice" WHERE "id" = $1::uuid`,
        invoice.id,
      ),
    ).rejects.toThrow(/was rejected by SdI: send it again corrected, or void it; it cannot be credited/);
    await expect(insert(2, 'ab_1')).rejects.toThrow(/progressive_format/);
    await insert(2, '00002');
    await expect(insert(3, '00003')).rejects.toThrow(/attempt 3 can only follow a REJECTED attempt 2, which is TO_SEND/);
  });
});
