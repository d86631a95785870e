/**
 * Per-request DataLoaders: each batch is one `findMany … in keys`, so a page of customers
 * costs the same number of queries whatever its size. Created in the context function and
 * never shared across requests, so one request never sees another's cached rows.
 */
import DataLoader from 'dataloader';
import { loaderById, manyByKey } from '../shared/batching.js';
import type { SalesPrisma } from './database.js';
import { ratesInForceWhere } from './domain/rates-in-force.js';
import { BillableService, type Contact, type Contract, type ContractRate, type Prisma } from './generated/prisma/client.js';

const RATES_IN_FORCE_ORDER = [{ service: 'asc' }, { effectiveFrom: 'desc' }] satisfies Prisma.ContractRateOrderByWithRelationInput[];

/** PostgreSQL orders an enum by its declaration, as the generated enum object lists it. */
const SERVICE_ORDER = new Map(Object.values(BillableService).map((service, index) => [service, index]));

function byServiceThenLatest(a: ContractRate, b: ContractRate): number {
  return SERVICE_ORDER.get(a.service)! - SERVICE_ORDER.get(b.service)! || b.effectiveFrom.getTime() - a.effectiveFrom.getTime();
}

export function createLoaders(prisma: SalesPrisma) {
  const ratesInForceByInstant = new Map<number, DataLoader<string, ContractRate[]>>();

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
    ratesInForce(at: Date): DataLoader<string, ContractRate[]> {
      let loader = ratesInForceByInstant.get(at.getTime());
      if (!loader) {
        loader = new DataLoader(async (customerIds) => {
          const where = ratesInForceWhere([...customerIds], at);
          // From the contracts, each with its rates in a lateral join: PostgreSQL then looks the
          // rates up by contract, where from the rates' side it scanned every rate of every
          // customer to keep those of the page (11 ms instead of 1 on a page of 100 of 10,000).
          const contracts = await prisma.contract.findMany({
            where: where.contracts,
            select: { customerId: true, rates: { where: where.rates, orderBy: RATES_IN_FORCE_ORDER } },
          });
          const byCustomer = manyByKey(customerIds, contracts, (contract) => contract.customerId);
          // A customer with more than one contract in force gets their rates in one order.
          return byCustomer.map((ofCustomer) => (ofCustomer.length === 1 ? ofCustomer[0]!.rates : ofCustomer.flatMap((contract) => contract.rates).sort(byServiceThenLatest)));
        });
        ratesInForceByInstant.set(at.getTime(), loader);
      }
      return loader;
    },
  };
}

export type SalesLoaders = ReturnType<typeof createLoaders>;
