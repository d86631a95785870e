/** Loads sales' part of the demo world into an empty database, all or nothing. */
import { buildWorld, DEMO_CUSTOMERS, type World } from '../../prisma/demo/world.js';
import type { SalesPrisma } from './database.js';

export async function insertSalesRows(prisma: SalesPrisma, { sales }: World): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.customer.createMany({ data: sales.customers });
    await tx.contact.createMany({ data: sales.contacts });
    await tx.contract.createMany({ data: sales.contracts });
    await tx.contractRate.createMany({ data: sales.rates });
  });
}

export async function seedSalesDemoData(prisma: SalesPrisma, now = new Date()): Promise<boolean> {
  if (await prisma.customer.findFirst({ select: { id: true } })) return false;
  await insertSalesRows(prisma, buildWorld({ customers: DEMO_CUSTOMERS, now }));
  return true;
}
