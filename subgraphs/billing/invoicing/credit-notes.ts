/**
 * A correction after issue is a credit note referencing the invoice, never an edit: it credits
 * net amounts of some of the invoice's lines, with VAT per rate (vat.ts, creditedVatOfRate: the
 * VAT credited on a rate over all the invoice's credit notes never exceeds the VAT charged on
 * it), and gets its own gap-free number (CN-<year>-<6 digits>). A line is never credited beyond
 * its net amount: the invoice row is locked while the credit note is issued, so two credit notes
 * at once queue.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { BillingPrisma } from '../database.js';
import type { CreditNote, Prisma } from '../generated/prisma/client.js';
import type { Clock } from '../../shared/clock.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { minorUnitDigits } from '../../shared/money.js';
import { requiredText, uuid, validate } from '../../shared/validation.js';
import { atMinorUnit } from './invoice-lines.js';
import { creditedVatOfRate, rateKey, vatSummaryOf, withVatShares, type RateFigures } from './vat.js';
import { nextDocumentNumber } from './numbering.js';
import { assertInvoiceMayBeCredited, startEInvoiceTransmission } from './einvoice-transmission.js';

const AMOUNT = /^\d{1,14}(\.\d{1,4})?$/;

const creditNoteInput = z.object({
  invoiceId: uuid,
  reason: requiredText(500),
  lines: z
    .array(
      z.object({
        invoiceLineId: uuid,
        amount: z
          .string()
          .trim()
          .regex(AMOUNT, 'must be a positive decimal such as 12.30')
          // zod runs this check even when the pattern failed: only a decimal reaches decimal.js.
          .refine((amount) => !AMOUNT.test(amount) || new Decimal(amount).greaterThan(0), 'must be more than zero'),
      }),
    )
    .min(1, 'must credit at least one line')
    .max(1000, 'must have at most 1000 lines')
    .refine((lines) => new Set(lines.map((line) => line.invoiceLineId)).size === lines.length, 'must name each invoice line at most once'),
});

export interface CreditNoteRequest {
  invoiceId: string;
  reason: string;
  lines: { invoiceLineId: string; amount: string }[];
}

export async function issueCreditNote(prisma: BillingPrisma, rawInput: CreditNoteRequest, clock: Clock): Promise<CreditNote> {
  const input = validate(creditNoteInput, rawInput, 'input');
  return prisma.$transaction(async (tx) => {
    const [invoice] = await tx.$queryRaw<{ id: string; status: string; currency: string; accountId: string }[]>`
      SELECT "id", "status"::text AS "status", "currency", "accountId" FROM "Invoice" WHERE "id" = ${input.invoiceId}::uuid FOR UPDATE`;
    if (!invoice) throw notFound('Invoice', input.invoiceId);
    if (invoice.status !== 'ISSUED') throw conflict(`Invoice ${invoice.id} is ${invoice.status}: only an issued invoice is corrected by a credit note.`, { status: invoice.status });
    await assertInvoiceMayBeCredited(tx, invoice.id);
    const digits = minorUnitDigits(invoice.currency);

    const invoiceLines = await tx.invoiceLine.findMany({ where: { id: { in: input.lines.map((line) => line.invoiceLineId) }, invoiceId: invoice.id } });
    const credited = await tx.creditNoteLine.groupBy({ by: ['invoiceLineId'], where: { invoiceLineId: { in: invoiceLines.map((line) => line.id) } }, _sum: { amount: true } });
    const creditedOf = new Map(credited.map((row) => [row.invoiceLineId, new Decimal((row._sum.amount ?? 0).toString())]));

    const untaxed = input.lines.map((requested, index) => {
      const field = `input.lines.${index}`;
      const line = invoiceLines.find((candidate) => candidate.id === requested.invoiceLineId);
      if (!line) throw badUserInput(`${field}.invoiceLineId`, `is not a line of invoice ${invoice.id}`);
      const amount = new Decimal(requested.amount);
      if (amount.decimalPlaces() > digits) throw badUserInput(`${field}.amount`, `must have at most ${digits} decimals in ${invoice.currency}`);
      const left = new Decimal(line.amount.toString()).minus(creditedOf.get(line.id) ?? 0);
      if (amount.greaterThan(left)) {
        throw badUserInput(`${field}.amount`, `is more than is left to credit on line ${line.position} (${left.toFixed(digits)} ${invoice.currency} of ${new Decimal(line.amount.toString()).toFixed(digits)})`);
      }
      return {
        invoiceLineId: line.id,
        position: index + 1,
        description: `Credit on line ${line.position}: ${line.description}`,
        amount: atMinorUnit(amount, invoice.currency),
        vatRate: new Decimal(line.vatRate.toString()).toFixed(2),
        // The credit note states what the invoice line said, whatever the account's treatment is now.
        natura: line.natura,
        vatLegalReference: line.vatLegalReference,
        vatEsigibilita: line.vatEsigibilita,
      };
    });
    const { charged, creditedBefore } = await vatFiguresOf(tx, invoice.id, invoice.currency);
    const figuresOf = (figures: Map<string, RateFigures>, key: string) => figures.get(key) ?? { taxableAmount: 0, taxAmount: 0 };
    const lines = withVatShares(untaxed, invoice.currency, (rate) => {
      const key = rateKey(rate.lines[0]!);
      return creditedVatOfRate({ vatRate: rate.vatRate, net: rate.taxableAmount, charged: figuresOf(charged, key), creditedBefore: figuresOf(creditedBefore, key), currency: invoice.currency });
    });
    const net = lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
    const tax = lines.reduce((sum, line) => sum.plus(line.taxAmount), new Decimal(0));
    const { number, issuedAt } = await nextDocumentNumber(tx, 'CN', clock);
    const note = await tx.creditNote.create({
      data: {
        number,
        invoiceId: invoice.id,
        accountId: invoice.accountId,
        reason: input.reason,
        currency: invoice.currency,
        netTotal: atMinorUnit(net, invoice.currency),
        taxTotal: atMinorUnit(tax, invoice.currency),
        total: atMinorUnit(net.plus(tax), invoice.currency),
        issuedAt,
      },
    });
    await tx.creditNoteLine.createMany({ data: lines.map((line) => ({ ...line, creditNoteId: note.id })) });
    await startEInvoiceTransmission(tx, { creditNoteId: note.id }, issuedAt);
    // The database's check that the note adds up (and stays within what the invoice charged) runs
    // at commit; run it here, so a failure is reported as one on every driver.
    await tx.$executeRaw`SET CONSTRAINTS "CreditNote_adds_up" IMMEDIATE`;
    return note;
  });
}

/** Per rate, what the invoice charged and what its credit notes credited so far. */
async function vatFiguresOf(tx: Prisma.TransactionClient, invoiceId: string, currency: string): Promise<{ charged: Map<string, RateFigures>; creditedBefore: Map<string, RateFigures> }> {
  const [invoiceLines, creditedLines] = await Promise.all([
    tx.invoiceLine.findMany({ where: { invoiceId }, select: { amount: true, vatRate: true, taxAmount: true, natura: true, vatEsigibilita: true } }),
    tx.creditNoteLine.findMany({ where: { creditNote: { invoiceId } }, select: { amount: true, vatRate: true, taxAmount: true, natura: true, vatEsigibilita: true } }),
  ]);
  const byRate = (lines: typeof invoiceLines) =>
    new Map(
      vatSummaryOf(lines.map((line) => ({ ...line, amount: line.amount.toString(), vatRate: line.vatRate.toString(), taxAmount: line.taxAmount.toString() })), currency).map((row) => [
        rateKey({ vatRate: row.vatRate, natura: row.natura, vatEsigibilita: row.esigibilita }),
        row,
      ]),
    );
  return { charged: byRate(invoiceLines), creditedBefore: byRate(creditedLines) };
}
