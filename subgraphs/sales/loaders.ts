/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`, so a page of customers
 * costs the same number of queries whatever its size. Created in the context function and
 * never shared across requests, so one request never sees another's cached rows.
 */
import DataLoader from 'dataloader';
import { loaderById, manyByKey } from '../shared/batching.js';
import type { SalesPrisma } from './database.js';
import { ratesInForceWhere } from './domain/rates-in-force.js';
import type { Contact, Contract, ContractRate } from './generated/prisma/client.js';

export type RateWithCustomer = ContractRate & { contract: { customerId: string } };

export function createLoaders(prisma: SalesPrisma) {
  const ratesInForceByInstant = new Map<number, DataLoader<string, RateWithCustomer[]>>();

  return {
    customer: loaderById((ids) => prisma.customer.findMany({ where: { id: { in: ids } } })),
    contract: loaderById((ids) => prisma.contract.findMany({ where: { id: { in: ids } } })),
    contractRate: loaderById((ids) => prisma.contractRate.findMany({ where: { id: { in: ids } } })),
    contactsOfCustomer: new DataLoader<string, Contact[]>(async (customerIds) =>
      manyByKey(
        customerIds,
        await prisma.contact.findMany({ where: { customerId: { in: [...customerIds] } }, orderBy: { fullName: 'asc' } }),
        (row) => row.customerId,
      ),
    ),
    contractsOfCustomer: new DataLoader<string, Contract[]>(async (customerIds) =>
      manyByKey(
        customerIds,
        await prisma.contract.findMany({ where: { customerId: { in: [...customerIds] } }, orderBy: { startsOn: 'desc' } }),
        (row) => row.customerId,
      ),
    ),
    ratesOfContract: new DataLoader<string, ContractRate[]>(async (contractIds) =>
      manyByKey(
        contractIds,
        await prisma.contractRate.findMany({
          where: { contractId: { in: [...contractIds] } },
          orderBy: [{ service: 'asc' }, { effectiveFrom: 'asc' }],
        }),
        (row) => row.contractId,
      ),
    ),
    /** One loader per instant asked for, so customers asked at the same instant share a batch. */
    ratesInForce(at: Date): DataLoader<string, RateWithCustomer[]> {
      let loader = ratesInForceByInstant.get(at.getTime());
      if (!loader) {
        loader = new DataLoader(async (customerIds) =>
          manyByKey(
            customerIds,
            await prisma.contractRate.findMany({
              where: ratesInForceWhere([...customerIds], at),
              include: { contract: { select: { customerId: true } } },
              orderBy: [{ service: 'asc' }, { effectiveFrom: 'desc' }],
            }),
            (row) => row.contract.customerId,
          ),
        );
        ratesInForceByInstant.set(at.getTime(), loader);
      }
      return loader;
    },
  };
}

export type SalesLoaders = ReturnType<typeof createLoaders>;
