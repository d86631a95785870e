/**
 * Per-request DataLoaders for billing: every batch is one query over all the keys of the
 * request, so a page of 200 customers costs what a page of 20 does.
 */
import DataLoader from 'dataloader';
import { loaderById, manyByKey, oneByKey, uuidsOnly } from '../shared/batching.js';
import type { BillingPrisma } from './database.js';
import type { BillingAccount, BillingAccountSettings, BillingPeriod, CreditNote, CreditNoteLine, EInvoiceTransition, EInvoiceTransmission, Invoice, InvoiceContract, InvoiceLine, InvoiceRecipient, UsageCharge } from './generated/prisma/client.js';
import type { ChargeGroup } from './invoicing/invoice-lines.js';

export interface PeriodUsage {
  periodId: string;
  calls: number;
  legs: number;
  billedSeconds: number;
  lastUsageAt: Date | null;
  /** The period's charges summed per service and price: what its invoice lines come from. */
  groups: ChargeGroup[];
}

export type InvoiceOfCustomer = Invoice & { account: { customerId: string } };

/** Which charges make a draft line: the same grouping as invoice-lines.ts (service, unit, price). */
export function draftLineKey(periodId: string, service: string, unit: string, unitPrice: string): string {
  return [periodId, service, unit, unitPrice].join('|');
}

export function createLoaders(prisma: BillingPrisma) {
  return {
    invoice: loaderById((ids) => prisma.invoice.findMany({ where: { id: { in: ids } } })),
    account: loaderById((ids) => prisma.billingAccount.findMany({ where: { id: { in: ids } } })),
    period: loaderById((ids) => prisma.billingPeriod.findMany({ where: { id: { in: ids } } })),
    accountOfCustomer: new DataLoader<string, BillingAccount | null>(async (customerIds) =>
      oneByKey(
        customerIds,
        await prisma.billingAccount.findMany({ where: { customerId: { in: uuidsOnly(customerIds) } } }),
        (row) => row.customerId,
      ),
    ),
    /** The account's periods not yet closed, oldest first: the OPEN one and any UPCOMING ones usage already fell in. */
    livePeriodsOfAccount: new DataLoader<string, BillingPeriod[]>(async (accountIds) =>
      manyByKey(
        accountIds,
        await prisma.billingPeriod.findMany({ where: { accountId: { in: [...accountIds] }, status: { in: ['OPEN', 'UPCOMING'] } }, orderBy: { startsOn: 'asc' } }),
        (row) => row.accountId,
      ),
    ),
    /** Every version of the account's settings, newest first. */
    settingsOfAccount: new DataLoader<string, BillingAccountSettings[]>(async (accountIds) =>
      manyByKey(
        accountIds,
        await prisma.billingAccountSettings.findMany({ where: { accountId: { in: [...accountIds] } }, orderBy: { effectiveFrom: 'desc' } }),
        (row) => row.accountId,
      ),
    ),
    usageOfPeriod: new DataLoader<string, PeriodUsage | null>(async (periodIds) => {
      // One query for both the period's figures (count(DISTINCT) has no Prisma groupBy
      // equivalent) and its charges summed per service and price, which the draft lines are
      // computed from: GROUPING SETS gives the period rows (service null) and the group rows.
      // The ids stay uuid (not cast to text) so the periodId index is used.
      const rows = await prisma.$queryRaw<(Omit<PeriodUsage, 'groups'> & { service: string | null; unit: string; unitPrice: { toString(): string }; currency: string; charges: number })[]>`
        SELECT "periodId", "service", "unit", "unitPrice", "currency",
               count(DISTINCT "conferenceId")::int AS "calls",
               count(*) FILTER (WHERE "unit" = 'MINUTE')::int AS "legs",
               count(*)::int AS "charges",
               coalesce(sum("billedSeconds"), 0)::int AS "billedSeconds",
               max("occurredAt") AS "lastUsageAt"
          FROM "UsageCharge"
         WHERE "periodId" = ANY(${[...periodIds]}::uuid[])
         GROUP BY GROUPING SETS (("periodId"), ("periodId", "service", "unit", "unitPrice", "currency"))`;
      const usage = new Map<string, PeriodUsage>();
      for (const row of rows.filter((candidate) => candidate.service === null)) {
        usage.set(row.periodId, { periodId: row.periodId, calls: row.calls, legs: row.legs, billedSeconds: row.billedSeconds, lastUsageAt: row.lastUsageAt, groups: [] });
      }
      for (const row of rows.filter((candidate) => candidate.service !== null)) {
        usage.get(row.periodId)?.groups.push({ service: row.service!, unit: row.unit, unitPrice: row.unitPrice.toString(), currency: row.currency, billedSeconds: row.billedSeconds, charges: row.charges });
      }
      return oneByKey(periodIds, [...usage.values()], (row) => row.periodId);
    }),
    invoicesOfCustomer: new DataLoader<string, InvoiceOfCustomer[]>(async (customerIds) =>
      manyByKey(
        customerIds,
        await prisma.invoice.findMany({
          where: { account: { customerId: { in: uuidsOnly(customerIds) } } },
          include: { account: { select: { customerId: true } } },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        }),
        (row) => row.account.customerId,
      ),
    ),
    linesOfInvoice: new DataLoader<string, InvoiceLine[]>(async (invoiceIds) =>
      manyByKey(
        invoiceIds,
        await prisma.invoiceLine.findMany({ where: { invoiceId: { in: [...invoiceIds] } }, orderBy: { position: 'asc' } }),
        (row) => row.invoiceId,
      ),
    ),
    line: loaderById((ids) => prisma.invoiceLine.findMany({ where: { id: { in: ids } } })),
    creditNote: loaderById((ids) => prisma.creditNote.findMany({ where: { id: { in: ids } } })),
    recipientOfInvoice: new DataLoader<string, InvoiceRecipient | null>(async (invoiceIds) =>
      oneByKey(invoiceIds, await prisma.invoiceRecipient.findMany({ where: { invoiceId: { in: [...invoiceIds] } } }), (row) => row.invoiceId),
    ),
    contractOfInvoice: new DataLoader<string, InvoiceContract | null>(async (invoiceIds) =>
      oneByKey(invoiceIds, await prisma.invoiceContract.findMany({ where: { invoiceId: { in: [...invoiceIds] } } }), (row) => row.invoiceId),
    ),
    /**
     * A line bills the charges of its invoice's period at its service and price (the grouping
     * invoice-lines.ts uses; a closed period's charges never change, so the match is exact).
     */
    /** Keyed by draftLineKey: an open period's charges of one service at one price. */
    chargesOfDraftLine: new DataLoader<string, UsageCharge[]>(async (keys) => {
      const periodIds = [...new Set(keys.map((key) => key.split('|')[0]!))];
      const rows = await prisma.usageCharge.findMany({ where: { periodId: { in: periodIds } }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
      return manyByKey(keys, rows, (row) => draftLineKey(row.periodId, row.service, row.unit, row.unitPrice.toFixed(6)));
    }),
    chargesOfLine: new DataLoader<string, UsageCharge[]>(async (lineIds) => {
      const rows = await prisma.$queryRaw<(UsageCharge & { lineId: string })[]>`
        SELECT l."id" AS "lineId", c.*
          FROM "InvoiceLine" l
          JOIN "Invoice" i ON i."id" = l."invoiceId"
          JOIN "UsageCharge" c ON c."periodId" = i."periodId" AND c."service" = l."service" AND c."unit" = l."unit"
                              AND c."unitPrice" = l."unitPrice" AND c."currency" = i."currency"
         WHERE l."id" = ANY(${uuidsOnly(lineIds)}::uuid[])
         ORDER BY c."occurredAt", c."id"`;
      return manyByKey(lineIds, rows, (row) => row.lineId);
    }),
    creditNotesOfInvoice: new DataLoader<string, CreditNote[]>(async (invoiceIds) =>
      manyByKey(invoiceIds, await prisma.creditNote.findMany({ where: { invoiceId: { in: [...invoiceIds] } }, orderBy: { number: 'asc' } }), (row) => row.invoiceId),
    ),
    linesOfCreditNote: new DataLoader<string, CreditNoteLine[]>(async (noteIds) =>
      manyByKey(noteIds, await prisma.creditNoteLine.findMany({ where: { creditNoteId: { in: [...noteIds] } }, orderBy: { position: 'asc' } }), (row) => row.creditNoteId),
    ),
    /** Every e-invoice file of an invoice or credit note (keyed by the document's id), first attempt first. */
    eInvoiceFilesOfDocument: new DataLoader<string, EInvoiceTransmission[]>(async (documentIds) => {
      const ids = uuidsOnly(documentIds);
      const rows = await prisma.eInvoiceTransmission.findMany({ where: { OR: [{ invoiceId: { in: ids } }, { creditNoteId: { in: ids } }] }, orderBy: { attempt: 'asc' } });
      return manyByKey(documentIds, rows, (row) => (row.invoiceId ?? row.creditNoteId)!);
    }),
    eInvoiceHistoryOfFile: new DataLoader<string, EInvoiceTransition[]>(async (fileIds) =>
      manyByKey(fileIds, await prisma.eInvoiceTransition.findMany({ where: { transmissionId: { in: [...fileIds] } }, orderBy: { seq: 'asc' } }), (row) => row.transmissionId),
    ),
  };
}

export type BillingLoaders = ReturnType<typeof createLoaders>;
