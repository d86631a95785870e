/**
 * Per-request DataLoaders for billing: every batch is one query over all the keys of the
 * request, so a page of 200 customers costs what a page of 20 does.
 */
import DataLoader from 'dataloader';
import { loaderById, manyByKey, oneByKey, uuidsOnly } from '../shared/batching.js';
import type { BillingPrisma } from './database.js';
import { Prisma, type BillingAccount, type BillingPeriod, type Invoice, type InvoiceLine } from './generated/prisma/client.js';

export interface PeriodUsage {
  periodId: string;
  calls: number;
  legs: number;
  billedSeconds: number;
  charges: Prisma.Decimal;
  lastUsageAt: Date | null;
}

export type InvoiceOfCustomer = Invoice & { account: { customerId: string } };

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
    openPeriodOfAccount: new DataLoader<string, BillingPeriod | null>(async (accountIds) =>
      oneByKey(
        accountIds,
        await prisma.billingPeriod.findMany({ where: { accountId: { in: [...accountIds] }, status: 'OPEN' } }),
        (row) => row.accountId,
      ),
    ),
    usageOfPeriod: new DataLoader<string, PeriodUsage | null>(async (periodIds) => {
      // count(DISTINCT) has no Prisma groupBy equivalent; one aggregate query per batch.
      // The ids stay uuid (not cast to text) so the periodId index is used.
      const rows = await prisma.$queryRaw<PeriodUsage[]>`
        SELECT "periodId",
               count(DISTINCT "conferenceId")::int AS "calls",
               count(*) FILTER (WHERE "unit" = 'MINUTE')::int AS "legs",
               coalesce(sum("billedSeconds"), 0)::int AS "billedSeconds",
               coalesce(sum("amount"), 0) AS "charges",
               max("occurredAt") AS "lastUsageAt"
          FROM "UsageCharge"
         WHERE "periodId" = ANY(${[...periodIds]}::uuid[])
         GROUP BY "periodId"`;
      return oneByKey(periodIds, rows, (row) => row.periodId);
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
  };
}

export type BillingLoaders = ReturnType<typeof createLoaders>;
