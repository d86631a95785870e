/**
 * The demo world `npm start` seeds has a customer of every fiscal kind, each billing account with
 * the VAT treatment its kind needs, and an invoice of each kind whose FatturaPA file, exported
 * through the billing API from the seeded database, is valid against the official schema and
 * SdI's arithmetic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorldSlice } from '../../prisma/demo/load-world.js';
import { buildWorld, DEMO_CUSTOMERS, DEMO_INVOICED_SLOTS, FISCAL_SLOTS, PINNED_NOW } from '../../prisma/demo/world.js';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { checkFatturaPAArithmetic, validateFatturaPA } from '../../subgraphs/billing/einvoice/index.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import { identityOf } from '../../subgraphs/shared/identity/roles.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { execute } from '../support/graphql.js';

const world = buildWorld({ customers: DEMO_CUSTOMERS, now: PINNED_NOW });
let db: TestDatabase;
let prisma: BillingPrisma;
let server: ReturnType<typeof buildBillingServer>;

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
  await prisma.$transaction((tx) => loadWorldSlice('billing', tx, world));
  // Recipients are recorded with each invoice: the export never asks sales.
  server = buildBillingServer(prisma, { clock: () => PINNED_NOW, recipients: { recipientsOf: () => Promise.reject(new Error('sales is not asked')) } });
});

afterAll(async () => {
  await server?.server.stop();
  await prisma?.$disconnect();
  await db?.close();
});

const customerAt = (slot: number) => world.sales.customers[slot]!;
const invoiceOf = (slot: number) => {
  const account = world.billing.accounts.find((candidate) => candidate.customerId === customerAt(slot).id)!;
  return world.billing.invoices.find((invoice) => invoice.accountId === account.id)!;
};

const KINDS = [
  { kind: 'Italian business with an SdI code, standard 22%', slot: 0, category: 'ITALIAN_BUSINESS', expect: [/<FormatoTrasmissione>FPR12</, /<AliquotaIVA>22.00</, /<EsigibilitaIVA>I</] },
  { kind: 'EU business, outside Italian VAT (N2.1)', slot: FISCAL_SLOTS.EU_BUSINESS, category: 'EU_BUSINESS', expect: [/<Natura>N2.1</, /<CodiceDestinatario>XXXXXXX</, /<IdPaese>DE</] },
  { kind: 'Italian public body with split payment', slot: FISCAL_SLOTS.ITALIAN_PUBLIC_BODY, category: 'ITALIAN_PUBLIC_BODY', expect: [/<FormatoTrasmissione>FPA12</, /<CodiceDestinatario>[A-Z0-9]{6}</, /<EsigibilitaIVA>S</] },
  { kind: 'Italian business reached by PEC', slot: FISCAL_SLOTS.ITALIAN_BUSINESS_WITH_PEC, category: 'ITALIAN_BUSINESS', expect: [/<CodiceDestinatario>0000000</, /<PECDestinatario>fatture@pec\./] },
  { kind: 'non-EU business (N2.1)', slot: FISCAL_SLOTS.NON_EU_BUSINESS, category: 'NON_EU_BUSINESS', expect: [/<Natura>N2.1</, /<IdPaese>GB</] },
  { kind: 'exempt service with stamp duty (N4)', slot: FISCAL_SLOTS.EXEMPT_SERVICE, category: 'ITALIAN_BUSINESS', expect: [/<Natura>N4</, /<BolloVirtuale>SI</, /<ImportoBollo>2.00</] },
];

describe('the demo world', () => {
  it('invoices one customer of each kind, numbered in order, and is the same world on every build', () => {
    expect(KINDS.map((kind) => kind.slot)).toEqual([...DEMO_INVOICED_SLOTS]);
    expect(world.billing.invoices.map((invoice) => invoice.number)).toEqual(KINDS.map((_, index) => `INV-2026-${String(index + 1).padStart(6, '0')}`));
    expect(world.billing.numberCounters).toEqual([{ series: 'INV', year: 2026, last: KINDS.length }, { series: 'SDI', year: 0, last: KINDS.length }]);
    expect(JSON.stringify(buildWorld({ customers: DEMO_CUSTOMERS, now: PINNED_NOW }))).toBe(JSON.stringify(world));
  });

  it.each(KINDS)('exports a valid FatturaPA file for the $kind', async ({ slot, category, expect: markers }) => {
    expect(customerAt(slot).fiscalCategory).toBe(category);
    const result = await execute(server, 'query ($id: ID!) { invoice(id: $id) { number eInvoice { fileName xml } } }', { id: invoiceOf(slot).id }, identityOf('maria.rossi', ['billing-specialist']));
    expect(result.errors).toBeUndefined();
    const { xml, fileName } = result.data!.invoice.eInvoice;
    expect(fileName).toMatch(/^IT\d{11}_[0-9A-Z]{5}\.xml$/);
    expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
    expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
    for (const marker of markers) expect(xml).toMatch(marker);
  });

  it("names the public body's contract with its CIG and CUP in the invoice file, and no contract where there is neither", async () => {
    const fileOf = async (slot: number) => {
      const result = await execute(server, 'query ($id: ID!) { invoice(id: $id) { eInvoice { xml } } }', { id: invoiceOf(slot).id }, identityOf('maria.rossi', ['billing-specialist']));
      expect(result.errors).toBeUndefined();
      return result.data!.invoice.eInvoice.xml as string;
    };
    const contract = world.sales.contracts.find((candidate) => candidate.customerId === customerAt(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY).id)!;
    expect(contract.cig).toMatch(/^[A-Z0-9]{10}$/);
    const xml = await fileOf(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY);
    const startsOn = (contract.startsOn as Date).toISOString().slice(0, 10);
    expect(xml).toMatch(new RegExp(`<DatiContratto>\\s*<IdDocumento>${contract.number}</IdDocumento>\\s*<Data>${startsOn}</Data>\\s*<CodiceCUP>${contract.cup}</CodiceCUP>\\s*<CodiceCIG>${contract.cig}</CodiceCIG>\\s*</DatiContratto>`));
    expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
    expect(await fileOf(0)).not.toContain('DatiContratto');
  });

  it('gives every account the VAT treatment of its kind of customer', async () => {
    const treatments = await prisma.billingAccount.findMany({ select: { customerId: true, vatTreatment: true, natura: true } });
    const bySlot = (slot: number) => treatments.find((account) => account.customerId === customerAt(slot).id);
    expect(bySlot(0)).toMatchObject({ vatTreatment: 'STANDARD', natura: null });
    expect(bySlot(FISCAL_SLOTS.ITALIAN_PUBLIC_BODY)).toMatchObject({ vatTreatment: 'SPLIT_PAYMENT' });
    expect(bySlot(FISCAL_SLOTS.EU_BUSINESS)).toMatchObject({ vatTreatment: 'ZERO_RATED', natura: 'N2.1' });
    expect(bySlot(FISCAL_SLOTS.NON_EU_BUSINESS)).toMatchObject({ vatTreatment: 'ZERO_RATED', natura: 'N2.1' });
    expect(bySlot(FISCAL_SLOTS.EXEMPT_SERVICE)).toMatchObject({ vatTreatment: 'ZERO_RATED', natura: 'N4' });
  });
});
