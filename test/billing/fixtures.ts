/**
 * Shared by the billing tests: a billing database, a fake sales rate history that counts its
 * requests, and `conference.ended` events built from a few numbers.
 */
import { randomUUID } from 'node:crypto';
import type { ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import type { HistoricContract, HistoricRate, RateHistory, RateHistoryReader } from '../../subgraphs/billing/rating/rate-history.js';
import type { CustomerFiscalData, RecipientFiscalData, RecipientReader } from '../../subgraphs/billing/invoicing/recipients.js';
import { SalesUnavailableError } from '../../subgraphs/billing/sales-entities.js';

/** An Italian business, as sales answers its fiscal data; `legalName` tells customers apart. */
export function italianBusiness(legalName = 'Ferramenta Lagunare S.r.l.'): RecipientFiscalData {
  return {
    fiscalCategory: 'ITALIAN_BUSINESS',
    legalName,
    vatNumber: 'IT04120930278',
    fiscalCode: null,
    sdiRecipientCode: 'M5UXCR1',
    pecAddress: null,
    address: { street: 'Fondamenta dei Vetrai 12', street2: null, postalCode: '30141', city: 'Venezia', province: 'VE', country: 'IT' },
  };
}

export interface ContractCodes {
  cig?: string | null;
  cup?: string | null;
  cigExempt?: boolean;
}

/** A CIG as ANAC assigns one: 10 letters or digits. */
export const A_CIG = 'Z4A1B2C3D4';

export class FakeSales implements RateHistoryReader, RecipientReader {
  requests = 0;
  recipientRequests = 0;
  /** While set, recipients cannot be read, as when sales is down. */
  down = false;
  readonly customers = new Map<string, HistoricContract[]>();
  readonly fiscalData = new Map<string, RecipientFiscalData>();
  /** The CIG, CUP and exemption of each customer's contracts (none unless set), by customer id. */
  readonly contractCodes = new Map<string, ContractCodes>();

  /** Each customer's fiscal data with its contracts, numbered CTR-<year>-000001 on, as sales answers them together. */
  async recipientsOf(customerIds: string[]): Promise<Map<string, CustomerFiscalData | null>> {
    this.recipientRequests += 1;
    if (this.down) throw new SalesUnavailableError('sales cannot be reached: connection refused');
    return new Map(
      customerIds.map((id) => {
        const fiscal = this.fiscalData.get(id.toLowerCase());
        if (!fiscal) return [id.toLowerCase(), null];
        const codes = { cig: null, cup: null, cigExempt: false, ...this.contractCodes.get(id.toLowerCase()) };
        const contracts = (this.customers.get(id.toLowerCase()) ?? []).map(({ id: contractId, status, startsOn, endsOn }, index) => ({
          id: contractId,
          number: `CTR-${startsOn.slice(0, 4)}-${String(index + 1).padStart(6, '0')}`,
          status: status as 'DRAFT' | 'ACTIVE' | 'TERMINATED',
          startsOn,
          endsOn,
          ...codes,
        }));
        return [id.toLowerCase(), { ...structuredClone(fiscal), contracts }];
      }),
    );
  }

  async ratesOf(customerIds: string[]): Promise<Map<string, RateHistory>> {
    this.requests += 1;
    return new Map(customerIds.map((id) => [id.toLowerCase(), structuredClone(this.customers.get(id.toLowerCase()) ?? null)]));
  }

  /** A customer with one active contract since 2025 and the given rates. */
  addCustomer(rates: Omit<HistoricRate, 'id' | 'contractId'>[], customerId: string = randomUUID()): { customerId: string; contract: HistoricContract } {
    const contractId = randomUUID();
    const contract: HistoricContract = {
      id: contractId,
      status: 'ACTIVE',
      startsOn: '2025-01-01',
      endsOn: null,
      rates: rates.map((rate) => ({ ...rate, id: randomUUID(), contractId })),
    };
    this.customers.set(customerId, [contract]);
    this.fiscalData.set(customerId, italianBusiness());
    return { customerId, contract };
  }

  addRate(customerId: string, rate: Omit<HistoricRate, 'id' | 'contractId'>): HistoricRate {
    const contract = this.customers.get(customerId)![0]!;
    const added = { ...rate, id: randomUUID(), contractId: contract.id };
    contract.rates.push(added);
    return added;
  }
}

export function perMinuteRate(service: string, unitPrice: string, { currency = 'EUR', increment = 60, from = '2025-01-01T00:00:00Z', to = null as string | null } = {}): Omit<HistoricRate, 'id' | 'contractId'> {
  return { service, unit: 'MINUTE', unitPrice, currency, billingIncrementSeconds: increment, effectiveFrom: new Date(from), effectiveTo: to === null ? null : new Date(to) };
}

export function perCallRate(service: string, unitPrice: string, currency = 'EUR'): Omit<HistoricRate, 'id' | 'contractId'> {
  return { service, unit: 'CALL', unitPrice, currency, billingIncrementSeconds: 1, effectiveFrom: new Date('2025-01-01T00:00:00Z'), effectiveTo: null };
}

export interface LegSpec {
  joinedAt: string;
  seconds: number;
  tollFree?: boolean;
}

export function conferenceEnded(customerId: string, legs: LegSpec[], { recording = false } = {}): IntegrationEvent<ConferenceEnded> {
  const conferenceId = randomUUID();
  const startedAt = legs.map((leg) => leg.joinedAt).sort()[0] ?? '2026-11-10T09:00:00Z';
  const endedAt = new Date(Math.max(...legs.map((leg) => new Date(leg.joinedAt).getTime() + leg.seconds * 1000), new Date(startedAt).getTime())).toISOString();
  return {
    id: randomUUID(),
    type: 'conference.ended',
    source: 'conferencing',
    subject: conferenceId,
    occurredAt: endedAt,
    payload: {
      conferenceId,
      reservationId: randomUUID(),
      bookingId: randomUUID(),
      customerId,
      startedAt,
      endedAt,
      recording,
      legs: legs.map((leg) => ({
        legId: randomUUID(),
        phoneNumber: '+39 02 1234567',
        tollFree: leg.tollFree ?? false,
        joinedAt: leg.joinedAt,
        leftAt: new Date(new Date(leg.joinedAt).getTime() + leg.seconds * 1000).toISOString(),
        seconds: leg.seconds,
      })),
    },
  };
}
