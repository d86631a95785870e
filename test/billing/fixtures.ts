/**
 * Shared by the billing tests: a billing database, a fake sales rate history that counts its
 * requests, and `conference.ended` events built from a few numbers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { buildBillingServer } from '../../subgraphs/billing/server.js';
import type { Identity } from '../../subgraphs/shared/identity/roles.js';
import { createTestDatabase } from '../support/databases.js';
import { EVERY_ROLE, execute, type GraphQLResult } from '../support/graphql.js';
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

  /** Back to no customers, no requests counted, sales up: each test starts from here. */
  reset(): void {
    this.requests = 0;
    this.recipientRequests = 0;
    this.down = false;
    this.customers.clear();
    this.fiscalData.clear();
    this.contractCodes.clear();
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

/** Every billing table, emptied before each test (CASCADE takes what refers to them). */
const BILLING_TABLES = [
  'EInvoiceTransition',
  'EInvoiceTransmission',
  'InvoiceRecipientRevision',
  'InvoiceContract',
  'InvoiceRecipient',
  'CreditNoteLine',
  'CreditNote',
  'InvoiceLine',
  'Invoice',
  'UsageCharge',
  'BillingAccountSettings',
  'BillingPeriod',
  'BillingAccount',
  'DocumentNumberCounter',
];

export interface BillingTestServer {
  prisma: BillingPrisma;
  server: ReturnType<typeof buildBillingServer>;
  /** The sales billing reads rates and recipients from, emptied before each test. */
  sales: FakeSales;
  /** The server's clock: back at `startsAt` before each test, moved by setting `now`. */
  clock: { now: Date };
  /** Runs an operation as `identity` (every role when none was given). */
  run(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
}

/**
 * A billing server over a test database of its own, for one test file (call it at the top
 * level): every billing table empty, sales empty and the clock at `startsAt` before each test;
 * everything closed after the file.
 */
export async function billingTestServer({ startsAt, identity = EVERY_ROLE }: { startsAt: string; identity?: Identity }): Promise<BillingTestServer> {
  const database = await createTestDatabase('billing');
  const prisma = createBillingPrisma(database.adapter);
  const sales = new FakeSales();
  const clock = { now: new Date(startsAt) };
  const server = buildBillingServer(prisma, { clock: () => clock.now, recipients: { recipientsOf: (ids) => sales.recipientsOf(ids) } });
  beforeEach(async () => {
    await prisma.$executeRawUnsafe(`TRUNCATE ${BILLING_TABLES.map((table) => `"${table}"`).join(', ')} CASCADE`);
    sales.reset();
    clock.now = new Date(startsAt);
  });
  afterAll(async () => {
    await server.server.stop();
    await prisma.$disconnect();
    await database.close();
  });
  return { prisma, server, sales, clock, run: (query, variables = {}) => execute(server, query, variables, identity) };
}
