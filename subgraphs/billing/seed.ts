/** Loads billing's part of the demo world into an empty database, all or nothing. */
import { buildWorld, DEMO_CUSTOMERS, type World } from '../../prisma/demo/world.js';
import type { BillingPrisma } from './database.js';

export async function insertBillingRows(prisma: BillingPrisma, { billing }: World): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.billingAccount.createMany({ data: billing.accounts });
    await tx.billingPeriod.createMany({ data: billing.periods });
    await tx.usageCharge.createMany({ data: billing.charges });
    // The database lets lines be added only to drafts, so invoices are written as drafts
    // and then moved to their status, the same path a real invoice takes.
    await tx.invoice.createMany({ data: billing.invoices.map((invoice) => ({ ...invoice, status: 'DRAFT' as const })) });
    await tx.invoiceLine.createMany({ data: billing.invoiceLines });
    for (const invoice of billing.invoices) {
      if (invoice.status !== 'DRAFT') await tx.invoice.update({ where: { id: invoice.id! }, data: { status: invoice.status } });
    }
  });
}

export async function seedBillingDemoData(prisma: BillingPrisma, now = new Date()): Promise<boolean> {
  if (await prisma.billingAccount.findFirst({ select: { id: true } })) return false;
  await insertBillingRows(prisma, buildWorld({ customers: DEMO_CUSTOMERS, now }));
  return true;
}
