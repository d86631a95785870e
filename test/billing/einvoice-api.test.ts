/**
 * The FatturaPA files through the API: `Invoice.eInvoice`, `CreditNote.eInvoice` and a month at
 * once (`eInvoiceFiles`), for customers of every kind, each account's VAT treatment set through
 * `updateBillingAccountSettings`, each file valid against the official schema and SdI's
 * arithmetic, and the same bytes however the customer changes afterwards.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ISSUER } from '../../subgraphs/billing/config.js';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import type { RecipientFiscalData } from '../../subgraphs/billing/invoicing/recipients.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { A_CIG, conferenceEnded, billingTestServer, italianBusiness, perCallRate, perMinuteRate, type ContractCodes } from './fixtures.js';

const SPECIALIST = identityOf('maria.rossi', ['billing-specialist']);
const { prisma, sales, clock, run } = await billingTestServer({ startsAt: '2026-11-02T09:00:00Z', identity: SPECIALIST });

const publicBody: RecipientFiscalData = {
  fiscalCategory: 'ITALIAN_PUBLIC_BODY',
  legalName: 'Comune di Roma Capitale',
  vatNumber: null,
  fiscalCode: '09876543217',
  sdiRecipientCode: 'UFY9MH',
  pecAddress: null,
  address: { street: 'Piazza del Municipio 1', street2: null, postalCode: '00118', city: 'Roma', province: 'RM', country: 'IT' },
};
const euBusiness: RecipientFiscalData = {
  fiscalCategory: 'EU_BUSINESS',
  legalName: 'Konferenz Technik GmbH',
  vatNumber: 'DE129273398',
  fiscalCode: null,
  sdiRecipientCode: null,
  pecAddress: null,
  address: { street: 'Friedrichstraße 123', street2: null, postalCode: '10117', city: 'Berlin', province: null, country: 'DE' },
};
const nonEuBusiness: RecipientFiscalData = {
  fiscalCategory: 'NON_EU_BUSINESS',
  legalName: 'Harbor Conferencing Inc.',
  vatNumber: 'US123456789',
  fiscalCode: null,
  sdiRecipientCode: null,
  pecAddress: null,
  address: { street: '500 Atlantic Avenue', street2: null, postalCode: '02210', city: 'Boston MA', province: null, country: 'US' },
};
const N21 = { kind: 'ZERO_RATED', natura: 'N2.1', legalReference: 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72' };

interface CustomerKind {
  name: string;
  fiscalData: RecipientFiscalData;
  contractCodes?: ContractCodes;
  vatTreatment: Record<string, string>;
  recordingPrice: string;
  expectInFile: RegExp[];
}

const KINDS: CustomerKind[] = [
  { name: 'Italian business', fiscalData: italianBusiness(), vatTreatment: { kind: 'STANDARD', rate: '22' }, recordingPrice: '2.50', expectInFile: [/<FormatoTrasmissione>FPR12</, /<AliquotaIVA>22.00</, /<EsigibilitaIVA>I</] },
  {
    name: 'Italian public body',
    fiscalData: publicBody,
    contractCodes: { cig: A_CIG },
    vatTreatment: { kind: 'SPLIT_PAYMENT', rate: '22' },
    recordingPrice: '2.50',
    expectInFile: [/<FormatoTrasmissione>FPA12</, /<CodiceDestinatario>UFY9MH</, /<EsigibilitaIVA>S</, /<DatiContratto>\s*<IdDocumento>CTR-2025-000001<\/IdDocumento>\s*<Data>2025-01-01<\/Data>\s*<CodiceCIG>Z4A1B2C3D4<\/CodiceCIG>/],
  },
  { name: 'EU business', fiscalData: euBusiness, vatTreatment: N21, recordingPrice: '2.50', expectInFile: [/<Natura>N2.1</, /<CodiceDestinatario>XXXXXXX</, /<IdPaese>DE</] },
  { name: 'non-EU business', fiscalData: nonEuBusiness, vatTreatment: N21, recordingPrice: '2.50', expectInFile: [/<Natura>N2.1</, /<IdPaese>US</] },
  {
    name: 'exempt service over the stamp duty threshold',
    fiscalData: italianBusiness('Fondazione Esente S.r.l.'),
    vatTreatment: { kind: 'ZERO_RATED', natura: 'N4', legalReference: 'Operazione esente, art. 10 DPR 633/72' },
    recordingPrice: '90.00',
    expectInFile: [/<Natura>N4</, /<BolloVirtuale>SI</, /<ImportoBollo>2.00</],
  },
];

async function recordCall(customerId: string, joinedAt: string) {
  const handler = callRecordsHandler({ rates: sales });
  const events = [conferenceEnded(customerId, [{ joinedAt, seconds: 60 }], { recording: true })];
  const prepared = await handler.prepare!(events);
  const outcomes = await prisma.$transaction((tx) => handler.apply(tx, events, prepared));
  expect([...outcomes.values()]).toEqual([{ status: 'applied' }]);
}

async function close(customerId: string) {
  const result = await run(`mutation ($customerId: ID!) { closeBillingPeriod(customerId: $customerId) { invoice { id number lines { id service } } } }`, { customerId });
  expect(result.errors).toBeUndefined();
  return result.data!.closeBillingPeriod.invoice as { id: string; number: string; lines: { id: string; service: string }[] };
}

/**
 * A customer of `kind` with its December invoice, issued on 2 January 2027 under its treatment: the
 * account exists from its first usage, in November, and a treatment set during an open period
 * applies from the next one, so November is billed under the standard rate first.
 */
async function decemberInvoiceOf(kind: CustomerKind) {
  clock.now = new Date('2026-11-06T09:00:00Z');
  const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05'), perCallRate('CONFERENCE_RECORDING', kind.recordingPrice)]);
  sales.fiscalData.set(customerId, kind.fiscalData);
  if (kind.contractCodes) sales.contractCodes.set(customerId, kind.contractCodes);
  await recordCall(customerId, '2026-11-05T09:00:00Z');
  const settings = await run(
    `mutation ($customerId: ID!, $input: BillingAccountSettingsInput!) { updateBillingAccountSettings(customerId: $customerId, input: $input) { upcomingSettings { effectiveFrom vatTreatment { kind } } } }`,
    { customerId, input: { vatTreatment: kind.vatTreatment } },
  );
  expect(settings.errors).toBeUndefined();
  const upcoming = settings.data!.updateBillingAccountSettings.upcomingSettings;
  if (kind.vatTreatment.kind !== 'STANDARD') expect(upcoming).toEqual({ effectiveFrom: '2026-12-01', vatTreatment: { kind: kind.vatTreatment.kind } });
  clock.now = new Date('2026-12-02T09:00:00Z');
  await close(customerId);
  await recordCall(customerId, '2026-12-05T09:00:00Z');
  clock.now = new Date('2027-01-02T09:00:00Z');
  return { customerId, invoice: await close(customerId) };
}

const FILE_OF_INVOICE = `query ($id: ID!) { invoice(id: $id) { eInvoice { fileName xml state } } }`;
const FILE_OF_NOTE = `query ($id: ID!) { creditNote(id: $id) { eInvoice { fileName xml state } } }`;

async function fileOf(query: string, id: string) {
  const result = await run(query, { id });
  expect(result.errors).toBeUndefined();
  return (result.data!.invoice ?? result.data!.creditNote).eInvoice as { fileName: string; xml: string; state: string };
}

function expectValid(xml: string) {
  expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
  expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
}

describe('Invoice.eInvoice and CreditNote.eInvoice', () => {
  it('give a valid file for customers of every kind, their credit notes too, and eInvoiceFiles(month) gives them all', async () => {
    const expected: string[] = [];
    for (const kind of KINDS) {
      const { invoice } = await decemberInvoiceOf(kind);
      const file = await fileOf(FILE_OF_INVOICE, invoice.id);
      expect(file.fileName, kind.name).toMatch(new RegExp(`^IT${DEMO_ISSUER.vatNumber}_[0-9A-Z]{5}\\.xml$`));
      expect(file.state).toBe('TO_SEND');
      expectValid(file.xml);
      expect(file.xml).toContain('<TipoDocumento>TD01</TipoDocumento>');
      expect(file.xml).toContain(`<Numero>${invoice.number}</Numero>`);
      for (const pattern of kind.expectInFile) expect(file.xml, `${kind.name}: ${pattern}`).toMatch(pattern);
      expected.push(file.fileName);

      clock.now = new Date('2027-01-05T10:00:00Z');
      const credited = await run(`mutation ($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id number } }`, {
        input: { invoiceId: invoice.id, reason: 'Registrazione addebitata per errore', lines: [{ invoiceLineId: invoice.lines.find((line) => line.service === 'CONFERENCE_RECORDING')!.id, amount: '1.00' }] },
      });
      expect(credited.errors, kind.name).toBeUndefined();
      const noteFile = await fileOf(FILE_OF_NOTE, credited.data!.issueCreditNote.id);
      expectValid(noteFile.xml);
      expect(noteFile.xml).toContain('<TipoDocumento>TD04</TipoDocumento>');
      expect(noteFile.xml).toContain(`<IdDocumento>${invoice.number}</IdDocumento>`);
      for (const pattern of kind.expectInFile.filter((candidate) => !/Bollo/.test(candidate.source))) expect(noteFile.xml, `${kind.name} credit note: ${pattern}`).toMatch(pattern);
      expected.push(noteFile.fileName);
    }

    const month = await run(`query { eInvoiceFiles(month: "2027-01") { fileName xml state } }`);
    expect(month.errors).toBeUndefined();
    const files = month.data!.eInvoiceFiles as { fileName: string; xml: string; state: string }[];
    expect(files.map((file) => file.fileName).sort()).toEqual([...expected].sort());
    for (const file of files) expectValid(file.xml);

    const paged = await run(`query { eInvoiceFiles(month: "2027-01", first: 3, offset: 3) { fileName } }`);
    expect(paged.data!.eInvoiceFiles.map((file: { fileName: string }) => file.fileName)).toEqual(files.slice(3, 6).map((file) => file.fileName));
    // November's invoices, issued in December before the treatments applied.
    const december = await run(`query { eInvoiceFiles(month: "2026-12") { fileName } }`);
    expect(december.data!.eInvoiceFiles).toHaveLength(KINDS.length);
  });

  it('the same invoice exports the same bytes every time, however the customer changes in sales', async () => {
    const { customerId, invoice } = await decemberInvoiceOf(KINDS[0]!);
    const first = await fileOf(FILE_OF_INVOICE, invoice.id);
    sales.fiscalData.set(customerId, { ...euBusiness, legalName: 'Renamed and Moved GmbH' });
    clock.now = new Date('2027-03-01T09:00:00Z');
    expect(await fileOf(FILE_OF_INVOICE, invoice.id)).toEqual(first);
    const monthFiles = (await run(`query { eInvoiceFiles(month: "2027-01") { fileName xml state } }`)).data!.eInvoiceFiles;
    expect(monthFiles).toEqual([first]);
  });

  it('is null for a draft, and an invalid stored document is refused (CONFLICT) with the reasons, never handed out', async () => {
    const { invoice } = await decemberInvoiceOf(KINDS[0]!);
    // A recipient stored before the checks existed, with a name SdI's schema refuses.
    await prisma.$executeRawUnsafe(`ALTER TABLE "InvoiceRecipient" DISABLE TRIGGER USER`);
    await prisma.invoiceRecipient.update({ where: { invoiceId: invoice.id }, data: { legalName: 'X'.repeat(81) } });
    await prisma.$executeRawUnsafe(`ALTER TABLE "InvoiceRecipient" ENABLE TRIGGER USER`);
    const refused = await run(FILE_OF_INVOICE, { id: invoice.id });
    expect(refused.data?.invoice?.eInvoice ?? null).toBeNull();
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', issues: [expect.objectContaining({ field: 'recipient.name' })] });
    expect(refused.errors![0]!.message).toMatch(/cannot be exported as a valid FatturaPA file.*credit note/);

    // A draft exists only inside the transaction that issues it; one left over has no file.
    const { accountId } = await prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    const draft = await prisma.invoice.create({ data: { accountId, status: 'DRAFT', currency: 'EUR', netTotal: '0', taxTotal: '0', total: '0' } });
    const drafted = await run(FILE_OF_INVOICE, { id: draft.id });
    expect(drafted.errors).toBeUndefined();
    expect(drafted.data!.invoice.eInvoice).toBeNull();
  });

  it('eInvoiceFiles refuses a page over 200 and a malformed month, naming the field', async () => {
    const tooMany = await run(`query { eInvoiceFiles(month: "2026-12", first: 201) { fileName } }`);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badMonth = await run(`query { eInvoiceFiles(month: "December") { fileName } }`);
    expect(badMonth.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});
