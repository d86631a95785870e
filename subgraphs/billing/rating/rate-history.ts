/**
 * The contract rates billing prices usage with, read from sales (which owns them) at rating
 * time, never from a copy: one GraphQL request for all the customers of a batch, asking each
 * customer's contracts with their whole rate history, so a leg is priced at the rate in force
 * when it started however long ago that was.
 */
import { COMPANY_TIME_ZONE, localDate } from '../../shared/calendar.js';
import { salesCustomerEntities, type SalesClientOptions } from '../sales-entities.js';
import type { RateUnit } from './rate-usage.js';

export interface HistoricRate {
  id: string;
  contractId: string;
  service: string;
  unit: RateUnit;
  unitPrice: string;
  currency: string;
  billingIncrementSeconds: number;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

export interface HistoricContract {
  id: string;
  status: 'DRAFT' | 'ACTIVE' | 'TERMINATED';
  /** Days in the company's time zone, both inclusive, as sales defines a contract's term. */
  startsOn: string;
  endsOn: string | null;
  rates: HistoricRate[];
}

/** A customer's contracts and rates, or null when sales does not know the customer. */
export type RateHistory = HistoricContract[] | null;

/** Where rate histories come from; tests and the benchmark count or fake it. */
export interface RateHistoryReader {
  /** One request for all the ids. */
  ratesOf(customerIds: string[]): Promise<Map<string, RateHistory>>;
}

/**
 * The rate in force at `at` for the service: its period covers the instant (from inclusive,
 * to exclusive) and its contract is in force on the company's day of `at` (Europe/Rome, as the
 * billing period is) and not a draft. The same rule as sales' `Customer.contractRates(at)`
 * (subgraphs/sales/domain/rates-in-force.ts).
 */
export function rateInForce(history: HistoricContract[], service: string, at: Date): HistoricRate | null {
  const day = localDate(at, COMPANY_TIME_ZONE);
  for (const contract of history) {
    if (contract.status === 'DRAFT' || contract.startsOn > day || (contract.endsOn !== null && contract.endsOn < day)) continue;
    for (const rate of contract.rates) {
      if (rate.service === service && rate.effectiveFrom <= at && (rate.effectiveTo === null || rate.effectiveTo > at)) return rate;
    }
  }
  return null;
}

const RATE_HISTORY = `
  query RateHistory($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        contracts {
          id status startsOn endsOn
          rates { id service unit unitPrice { amount currency } billingIncrementSeconds effectiveFrom effectiveTo }
        }
      }
    }
  }`;

interface WireCustomer {
  id: string;
  contracts: (Omit<HistoricContract, 'rates'> & {
    rates: (Omit<HistoricRate, 'contractId' | 'unitPrice' | 'currency' | 'effectiveFrom' | 'effectiveTo'> & {
      unitPrice: { amount: string; currency: string };
      effectiveFrom: string;
      effectiveTo: string | null;
    })[];
  })[];
}

export { SalesUnavailableError } from '../sales-entities.js';

export type SalesRateHistoryOptions = SalesClientOptions;

export function salesRateHistory(salesUrl: string, options: SalesRateHistoryOptions): RateHistoryReader {
  const customersOf = salesCustomerEntities<WireCustomer>(salesUrl, options, RATE_HISTORY);
  return {
    async ratesOf(customerIds) {
      const ids = [...new Set(customerIds.map((id) => id.toLowerCase()))];
      const histories = new Map<string, RateHistory>();
      if (ids.length === 0) return histories;
      (await customersOf(ids)).forEach((customer, index) => {
        histories.set(
          ids[index]!,
          customer &&
            customer.contracts.map((contract) => ({
              ...contract,
              rates: contract.rates.map((rate) => ({
                ...rate,
                contractId: contract.id,
                unitPrice: rate.unitPrice.amount,
                currency: rate.unitPrice.currency,
                effectiveFrom: new Date(rate.effectiveFrom),
                effectiveTo: rate.effectiveTo === null ? null : new Date(rate.effectiveTo),
              })),
            })),
        );
      });
      return histories;
    },
  };
}
