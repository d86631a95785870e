/**
 * What the billing database refuses on its own, whatever the application does: each rule
 * written as the plain SQL someone could type in psql, on PGlite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { nextDocumentNumber } from '../../subgraphs/billing/invoicing/numbering.js';
import { createTestDatabase, testDatabaseMode, type TestDatabase } from '../support/databases.js';

let db: TestDatabase;
let prisma: BillingPrisma;

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.close();
});

const sql = (text: string, ...values: unknown[]) => prisma.$executeRawUnsafe(text, ...values);
const rows = <T>(text: string, ...values: unknown[]) => prisma.$queryRawUnsafe<T[]>(text, ...values);

const ids = {
  account: randomUUID(),
  closed: randomUUID(),
  open: randomUUID(),
  issued: randomUUID(),
  draft: randomUUID(),
  issuedLine: randomUUID(),
  draftLine: randomUUID(),
  charge: randomUUID(),
  openCharge: randomUUID(),
};

/** An account with a closed October (its charge invoiced and issued) and an open November with a draft. */
beforeEach(async () => {
  await sql('TRUNCATE "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount", "DocumentNumberCounter" CASCADE');
  await sql(`INSERT INTO "BillingAccount" ("id", "customerId", "currency", "periodRule") VALUES ($1::uuid, $2::uuid, 'EUR', 'MONTHLY')`, ids.account, randomUUID());
  await sql(
    `INSERT INTO "BillingPeriod" ("id", "accountId", "startsOn", "endsOn", "status") VALUES
       ($1::uuid, $3::uuid, '2026-10-01', '2026-10-31', 'UPCOMING'), ($2::uuid, $3::uuid, '2026-11-01', '2026-11-30', 'OPEN')`,
    ids.closed,
    ids.open,
    ids.account,
  );
  const charge = `INSERT INTO "UsageCharge" ("id", "usageKey", "accountId", "periodId", "conferenceId", "service", "unit", "occurredAt", "seconds", "billedSeconds", "billingIncrementSeconds", "unitPrice", "amount", "currency")
                  VALUES ($1::uuid, $2, $3::uuid, $4::uuid, gen_random_uuid(), 'CONFERENCE_DIAL_IN', 'MINUTE', $5::timestamp, 60, 60, 60, 0.05, 0.05, 'EUR')`;
  await sql(charge, ids.charge, `leg:${randomUUID()}`, ids.account, ids.closed, '2026-10-10T10:00:00');
  await sql(charge, ids.openCharge, `leg:${randomUUID()}`, ids.account, ids.open, '2026-11-10T10:00:00');
  await sql(`UPDATE "BillingPeriod" SET "status" = 'CLOSED' WHERE "id" = $1::uuid`, ids.closed);
  await sql(
    `INSERT INTO "Invoice" ("id", "accountId", "periodId", "number", "status", "currency", "netTotal", "taxTotal", "total", "issuedAt") VALUES
       ($1::uuid, $3::uuid, $4::uuid, 'INV-2026-000001', 'DRAFT', 'EUR', 0.05, 0.01, 0.06, now()),
       ($2::uuid, $3::uuid, $5::uuid, NULL, 'DRAFT', 'EUR', 0, 0, 0, NULL)`,
    ids.issued,
    ids.draft,
    ids.account,
    ids.closed,
    ids.open,
  );
  const line = `INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "description", "service", "quantity", "unit", "billedSeconds", "unitPrice", "amount", "vatRate", "taxAmount")
                VALUES ($1::uuid, $2::uuid, 1, 'Dial-in', 'CONFERENCE_DIAL_IN', 1, 'MINUTE', 60, 0.05, $3::numeric, 22, $4::numeric)`;
  await sql(line, ids.issuedLine, ids.issued, '0.05', '0.01');
  await sql(line, ids.draftLine, ids.draft, '0', '0');
  // An invoice is issued only with its recipient recorded (see recipient-snapshot.test.ts).
  for (const invoiceId of [ids.issued, ids.draft]) {
    await sql(`INSERT INTO "InvoiceRecipient" ("invoiceId", "fiscalCategory", "legalName", "street", "postalCode", "city", "country", "recordedAt") VALUES ($1::uuid, 'ITALIAN_BUSINESS', 'Vetreria Muranese Srl', 'Fondamenta dei Vetrai 12', '30141', 'Venezia', 'IT', now())`, invoiceId);
  }
  await sql(`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = $1::uuid`, ids.issued);
});

describe('issued invoices', () => {
  it('refuses inserting an invoice already issued', async () => {
    await expect(
      sql(`INSERT INTO "Invoice" ("id", "accountId", "number", "status", "currency", "total", "issuedAt") VALUES (gen_random_uuid(), $1::uuid, 'INV-2026-000009', 'ISSUED', 'EUR', 0, now())`, ids.account),
    ).rejects.toThrow(/cannot be inserted as ISSUED/);
  });

  it('refuses moving a line off an issued invoice, and onto one', async () => {
    await expect(sql(`UPDATE "InvoiceLine" SET "invoiceId" = $1::uuid, "position" = 2 WHERE "id" = $2::uuid`, ids.draft, ids.issuedLine)).rejects.toThrow(/lines of a ISSUED invoice cannot be changed/);
    await expect(sql(`UPDATE "InvoiceLine" SET "invoiceId" = $1::uuid, "position" = 2 WHERE "id" = $2::uuid`, ids.issued, ids.draftLine)).rejects.toThrow(/lines of a ISSUED invoice cannot be changed/);
    expect(await rows(`SELECT "invoiceId"::text FROM "InvoiceLine" WHERE "id" = $1::uuid`, ids.issuedLine)).toEqual([{ invoiceId: ids.issued }]);
  });

  it('refuses issuing an invoice whose lines do not add up to its totals (a line slipped in while it was being issued)', async () => {
    await sql(`UPDATE "Invoice" SET "netTotal" = 0.05, "taxTotal" = 0.01, "total" = 0.06, "number" = 'INV-2026-000002', "issuedAt" = now() WHERE "id" = $1::uuid`, ids.draft);
    await expect(sql(`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = $1::uuid`, ids.draft)).rejects.toThrow(/its lines add up to 0.0000 net and 0.0000 tax, its totals say 0.0500 and 0.0100/);
  });

  it.skipIf(testDatabaseMode === 'pglite')('makes a line added while its invoice is being issued wait, then refuses it', async () => {
    await sql(`UPDATE "Invoice" SET "number" = 'INV-2026-000002', "issuedAt" = now() WHERE "id" = $1::uuid`, ids.draft);
    const issuer = new pg.Client({ connectionString: db.url });
    const adder = new pg.Client({ connectionString: db.url });
    await Promise.all([issuer.connect(), adder.connect()]);
    try {
      await issuer.query('BEGIN');
      await issuer.query(`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = $1::uuid`, [ids.draft]);
      const added = adder
        .query(
          `INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "description", "service", "quantity", "unit", "unitPrice", "amount") VALUES (gen_random_uuid(), $1::uuid, 2, 'Late', 'CONFERENCE_DIAL_IN', 1, 'MINUTE', 1, 1)`,
          [ids.draft],
        )
        .then(() => 'inserted', (error: Error) => error.message);
      // The insert waits on the invoice row the issuer holds; it is refused once the issue commits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await issuer.query('COMMIT');
      expect(await added).toMatch(/lines of a ISSUED invoice cannot be changed/);
    } finally {
      await Promise.all([issuer.end(), adder.end()]);
    }
  });

  it('refuses a second live invoice for a period, and allows one once the first is void (after SdI rejected its file)', async () => {
    const second = `INSERT INTO "Invoice" ("id", "accountId", "periodId", "status", "currency", "total") VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'DRAFT', 'EUR', 0)`;
    await expect(sql(second, ids.account, ids.closed)).rejects.toThrow(/Invoice_one_live_per_period/);
    const voidIssued = () => sql(`UPDATE "Invoice" SET "status" = 'VOID' WHERE "id" = $1::uuid`, ids.issued);
    await expect(voidIssued()).rejects.toThrow(/cannot be voided: its e-invoice file is missing/);
    await sql(`INSERT INTO "EInvoiceTransmission" ("id", "invoiceId", "attempt", "progressive", "createdAt", "updatedAt") VALUES (gen_random_uuid(), $1::uuid, 1, '00001', now(), now())`, ids.issued);
    await expect(voidIssued()).rejects.toThrow(/cannot be voided: its e-invoice file is TO_SEND/);
    await sql(`UPDATE "EInvoiceTransmission" SET "state" = 'REJECTED', "rejection" = '[]' WHERE "invoiceId" = $1::uuid`, ids.issued);
    await voidIssued();
    await expect(sql(second, ids.account, ids.closed)).resolves.toBe(1);
  });

  it('refuses amounts past the currency minor unit, and a gross that is not net plus tax', async () => {
    await expect(sql(`UPDATE "Invoice" SET "netTotal" = 0.005, "total" = 0.005 WHERE "id" = $1::uuid`, ids.draft)).rejects.toThrow(/Invoice_amounts_at_minor_unit/);
    await expect(sql(`UPDATE "Invoice" SET "netTotal" = 1, "total" = 2 WHERE "id" = $1::uuid`, ids.draft)).rejects.toThrow(/Invoice_total_is_net_plus_tax/);
    await expect(sql(`UPDATE "InvoiceLine" SET "amount" = 0.001 WHERE "id" = $1::uuid`, ids.draftLine)).rejects.toThrow(/minor unit of EUR/);
    // JPY has no minor unit, BHD three decimals.
    const invoice = (currency: string, total: string) =>
      sql(`INSERT INTO "Invoice" ("id", "accountId", "status", "currency", "netTotal", "total") VALUES (gen_random_uuid(), $1::uuid, 'DRAFT', $2, $3::numeric, $3::numeric)`, ids.account, currency, total);
    await expect(invoice('JPY', '1.5')).rejects.toThrow(/Invoice_amounts_at_minor_unit/);
    await expect(invoice('JPY', '1500')).resolves.toBe(1);
    await expect(invoice('BHD', '1.2345')).rejects.toThrow(/Invoice_amounts_at_minor_unit/);
    await expect(invoice('BHD', '1.234')).resolves.toBe(1);
  });
});

describe('periods and their charges', () => {
  it('refuses adding, changing, moving or removing charges of a closed period', async () => {
    await expect(
      sql(
        `INSERT INTO "UsageCharge" ("id", "usageKey", "accountId", "periodId", "conferenceId", "service", "unit", "occurredAt", "seconds", "billedSeconds", "billingIncrementSeconds", "unitPrice", "amount", "currency")
         VALUES (gen_random_uuid(), 'leg:late', $1::uuid, $2::uuid, gen_random_uuid(), 'CONFERENCE_DIAL_IN', 'MINUTE', now(), 60, 60, 60, 1, 1, 'EUR')`,
        ids.account,
        ids.closed,
      ),
    ).rejects.toThrow(/is closed: its charges cannot be added, changed or removed/);
    await expect(sql(`UPDATE "UsageCharge" SET "amount" = 0 WHERE "id" = $1::uuid`, ids.charge)).rejects.toThrow(/is closed/);
    await expect(sql(`UPDATE "UsageCharge" SET "periodId" = $1::uuid WHERE "id" = $2::uuid`, ids.open, ids.charge)).rejects.toThrow(/is closed/);
    await expect(sql(`UPDATE "UsageCharge" SET "periodId" = $1::uuid WHERE "id" = $2::uuid`, ids.closed, ids.openCharge)).rejects.toThrow(/is closed/);
    await expect(sql(`DELETE FROM "UsageCharge" WHERE "id" = $1::uuid`, ids.charge)).rejects.toThrow(/is closed/);
    // The open period's charges may still change (a re-rating before the close).
    await expect(sql(`UPDATE "UsageCharge" SET "amount" = 0.06 WHERE "id" = $1::uuid`, ids.openCharge)).resolves.toBe(1);
  });

  it('refuses a second open period, overlapping periods, and reopening a closed one', async () => {
    await expect(sql(`INSERT INTO "BillingPeriod" ("id", "accountId", "startsOn", "endsOn", "status") VALUES (gen_random_uuid(), $1::uuid, '2026-12-01', '2026-12-31', 'OPEN')`, ids.account)).rejects.toThrow(
      /BillingPeriod_one_open_per_account/,
    );
    await expect(sql(`INSERT INTO "BillingPeriod" ("id", "accountId", "startsOn", "endsOn", "status") VALUES (gen_random_uuid(), $1::uuid, '2026-11-15', '2026-12-14', 'UPCOMING')`, ids.account)).rejects.toThrow(
      /overlaps period/,
    );
    await expect(sql(`UPDATE "BillingPeriod" SET "status" = 'OPEN' WHERE "id" = $1::uuid`, ids.closed)).rejects.toThrow(/is closed and cannot be changed/);
    await expect(sql(`INSERT INTO "BillingPeriod" ("id", "accountId", "startsOn", "endsOn", "status") VALUES (gen_random_uuid(), $1::uuid, '2026-12-01', '2026-12-31', 'UPCOMING')`, ids.account)).resolves.toBe(1);
  });
});

describe('credit notes and numbers', () => {
  /** A credit note and its lines written in one transaction, as the application does: totals are checked at commit. */
  const noteWithLines = (invoiceId: string, totals: { net: string; tax: string }, lines: { invoiceLineId: string; amount: string; tax: string; vatRate?: string }[]) =>
    prisma.$transaction(async (tx) => {
      const id = randomUUID();
      await tx.$executeRawUnsafe(
        `INSERT INTO "CreditNote" ("id", "number", "invoiceId", "accountId", "reason", "currency", "netTotal", "taxTotal", "total", "issuedAt") VALUES ($1::uuid, $2, $3::uuid, $4::uuid, 'Correction', 'EUR', $5::numeric, $6::numeric, $5::numeric + $6::numeric, now())`,
        id,
        `CN-2026-${randomUUID().slice(0, 6)}`,
        invoiceId,
        ids.account,
        totals.net,
        totals.tax,
      );
      for (const [index, line] of lines.entries()) {
        await tx.$executeRawUnsafe(
          `INSERT INTO "CreditNoteLine" ("id", "creditNoteId", "invoiceLineId", "position", "description", "amount", "vatRate", "taxAmount") VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, 'Credit', $4::numeric, $5::numeric, $6::numeric)`,
          id,
          line.invoiceLineId,
          index + 1,
          line.amount,
          line.vatRate ?? '22',
          line.tax,
        );
      }
      // As issueCreditNote does: the check runs now rather than at COMMIT, where the PGlite
      // adapter drops the error (the transaction is still rolled back).
      await tx.$executeRawUnsafe(`SET CONSTRAINTS "CreditNote_adds_up" IMMEDIATE`);
      return id;
    });
  const note = (invoiceId: string) => noteWithLines(invoiceId, { net: '0.02', tax: '0' }, [{ invoiceLineId: ids.issuedLine, amount: '0.02', tax: '0' }]);

  it('refuses a credit note for an invoice that is not issued, and any change to an issued one or its lines', async () => {
    await expect(note(ids.draft)).rejects.toThrow(/corrects an ISSUED invoice; invoice .* is DRAFT/);
    await note(ids.issued);
    await expect(sql(`UPDATE "CreditNote" SET "reason" = 'Other'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql(`DELETE FROM "CreditNote"`)).rejects.toThrow(/cannot be changed or deleted/);
    // A line joins a credit note only in the transaction that issued it.
    await expect(
      sql(`INSERT INTO "CreditNoteLine" ("id", "creditNoteId", "invoiceLineId", "position", "description", "amount", "vatRate", "taxAmount") SELECT gen_random_uuid(), "id", $1::uuid, 1, 'Late', 0.01, 22, 0 FROM "CreditNote"`, ids.issuedLine),
    ).rejects.toThrow(/is already issued: lines cannot be added/);
  });

  it('refuses a credit note whose totals are not the sums of its lines, or that has no lines', async () => {
    await expect(noteWithLines(ids.issued, { net: '0.05', tax: '0.01' }, [{ invoiceLineId: ids.issuedLine, amount: '0.04', tax: '0.01' }])).rejects.toThrow(/its lines add up to 0.0400 net and 0.0100 VAT, its totals say 0.0500 and 0.0100/);
    await expect(noteWithLines(ids.issued, { net: '0', tax: '0' }, [])).rejects.toThrow(/has no lines/);
    expect(await rows(`SELECT "id" FROM "CreditNote"`)).toEqual([]);
  });

  it("refuses a credit-note line for a line of another invoice, or at another rate", async () => {
    await expect(noteWithLines(ids.issued, { net: '0.05', tax: '0.01' }, [{ invoiceLineId: ids.draftLine, amount: '0.05', tax: '0.01' }])).rejects.toThrow(/belongs to invoice/);
    await expect(noteWithLines(ids.issued, { net: '0.05', tax: '0.01' }, [{ invoiceLineId: ids.issuedLine, amount: '0.05', tax: '0.01', vatRate: '10' }])).rejects.toThrow(/at its invoice line's VAT rate/);
  });

  it('refuses crediting a line beyond its amount, and more VAT on a rate than was charged, over all credit notes', async () => {
    await noteWithLines(ids.issued, { net: '0.03', tax: '0.01' }, [{ invoiceLineId: ids.issuedLine, amount: '0.03', tax: '0.01' }]);
    await expect(noteWithLines(ids.issued, { net: '0.03', tax: '0' }, [{ invoiceLineId: ids.issuedLine, amount: '0.03', tax: '0' }])).rejects.toThrow(/0.0300 of it already credited: 0.0300 more is too much/);
    // 0.01 VAT was charged at 22% and already credited: another cent is refused at commit.
    await expect(noteWithLines(ids.issued, { net: '0.02', tax: '0.01' }, [{ invoiceLineId: ids.issuedLine, amount: '0.02', tax: '0.01' }])).rejects.toThrow(/charged 0.0100 VAT at 22.00 %; its credit notes would credit 0.0200/);
    await expect(noteWithLines(ids.issued, { net: '0.02', tax: '0' }, [{ invoiceLineId: ids.issuedLine, amount: '0.02', tax: '0' }])).resolves.toBeTruthy();
  });

  it('refuses issuing an invoice whose VAT was rounded per line instead of once per rate', async () => {
    const line = `INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "description", "service", "quantity", "unit", "unitPrice", "amount", "vatRate", "taxAmount")
                  VALUES (gen_random_uuid(), $1::uuid, $2, 'Recording', 'CONFERENCE_RECORDING', 1, 'CALL', 0.25, 0.25, 22, 0.06)`;
    await sql(line, ids.draft, 2);
    await sql(line, ids.draft, 3);
    // Per line 0.055 → 0.06 twice is 0.12; per rate 22% of 0.50 is 0.11.
    await sql(`UPDATE "Invoice" SET "netTotal" = 0.50, "taxTotal" = 0.12, "total" = 0.62, "number" = 'INV-2026-000002', "issuedAt" = now() WHERE "id" = $1::uuid`, ids.draft);
    await expect(sql(`UPDATE "Invoice" SET "status" = 'ISSUED' WHERE "id" = $1::uuid`, ids.draft)).rejects.toThrow(/the VAT of its lines at 22.00 % is 0.1200, but 22.00 % of their 0.5000 is 0.11, rounded once per rate/);
  });

  it('gives a number back when the issuing transaction rolls back', async () => {
    const issuedAt = new Date('2026-12-02T09:00:00Z');
    await expect(
      prisma.$transaction(async (tx) => {
        expect((await nextDocumentNumber(tx, 'INV', () => issuedAt)).number).toBe('INV-2026-000001');
        throw new Error('the issue failed after numbering');
      }),
    ).rejects.toThrow('the issue failed after numbering');
    expect(await prisma.$transaction((tx) => nextDocumentNumber(tx, 'INV', () => issuedAt)).then(({ number }) => number)).toBe('INV-2026-000001');
    expect(await prisma.$transaction((tx) => nextDocumentNumber(tx, 'INV', () => issuedAt)).then(({ number }) => number)).toBe('INV-2026-000002');
    // The year is the issuer's (Rome): 23:30 UTC on 31 December is already next year.
    expect(await prisma.$transaction((tx) => nextDocumentNumber(tx, 'INV', () => new Date('2026-12-31T23:30:00Z')).then(({ number }) => number))).toBe('INV-2027-000001');
  });
});
