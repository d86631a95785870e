/**
 * The demo world: one consistent story told across the four subgraphs' databases. Customers,
 * contracts and rates (sales), their bookings (bookings), the bridge and the calls on it
 * (conferencing), and the charges rated from those calls (billing) share ids, so a federated
 * query joins them as it would in production. Deterministic per customer index (same index,
 * same customer), so the benchmark generator can build 100,000 customers chunk by chunk.
 */
import { Faker, it as italian, en, base } from '@faker-js/faker';
import { groupCharges, invoiceLines, invoiceTotals } from '../../subgraphs/billing/invoicing/invoice-lines.js';
import { EXEMPT_SERVICE, lineVatTermsOf, OUTSIDE_SCOPE_SERVICE, SPLIT_PAYMENT_VAT, STANDARD_VAT, treatmentColumns, type VatTreatment } from '../../subgraphs/billing/invoicing/vat-treatment.js';
import { rateConnectionTime, ratePerCall, serviceOfLeg, type RateTerms } from '../../subgraphs/billing/rating/rate-usage.js';
import type { Prisma as Billing } from '../../subgraphs/billing/generated/prisma/client.js';
import type { Prisma as Bookings } from '../../subgraphs/bookings/generated/prisma/client.js';
import type { Prisma as Conferencing } from '../../subgraphs/conferencing/generated/prisma/client.js';
import type { Prisma as Mailings } from '../../subgraphs/mailings/generated/prisma/client.js';
import type { Prisma as Sales } from '../../subgraphs/sales/generated/prisma/client.js';
import { bridgeWindow } from '../../subgraphs/conferencing/reservations/window.js';
import { participantCap } from '../../subgraphs/conferencing/reservations/participant-cap.js';
import { DEFAULT_BRIDGE_LIMITS } from '../../subgraphs/conferencing/config.js';
import { COMPANY_TIME_ZONE, startOfLocalDay } from '../../subgraphs/shared/calendar.js';
import { withPartitaIvaCheckDigit } from '../../subgraphs/shared/italian-fiscal-codes.js';

/** Rows of the world always carry their id, so the subgraphs' rows can point at each other. */
type Row<T extends { id?: string }> = T & { id: string };

export interface World {
  sales: {
    customers: Row<Sales.CustomerCreateManyInput>[];
    contacts: Row<Sales.ContactCreateManyInput>[];
    contracts: Row<Sales.ContractCreateManyInput>[];
    rates: Row<Sales.ContractRateCreateManyInput>[];
  };
  bookings: { bookings: Bookings.BookingCreateManyInput[] };
  conferencing: {
    reservations: Row<Conferencing.BridgeReservationCreateManyInput>[];
    conferences: Row<Conferencing.ConferenceCreateManyInput>[];
    legs: Row<Conferencing.ParticipantLegCreateManyInput>[];
  };
  billing: {
    accounts: Row<Billing.BillingAccountCreateManyInput>[];
    periods: Row<Billing.BillingPeriodCreateManyInput>[];
    charges: Row<Billing.UsageChargeCreateManyInput>[];
    invoices: Row<Billing.InvoiceCreateManyInput>[];
    invoiceLines: Row<Billing.InvoiceLineCreateManyInput>[];
    /** Each issued invoice's recipient, as the customer's fiscal data stood at issue. */
    invoiceRecipients: Billing.InvoiceRecipientCreateManyInput[];
    /** Each issued invoice's contract, as it stood at issue. */
    invoiceContracts: Billing.InvoiceContractCreateManyInput[];
    /** The last invoice number issued per year, so the next issue continues the series. */
    numberCounters: Billing.DocumentNumberCounterCreateManyInput[];
    /** Each issued invoice's FatturaPA file, TO_SEND, and its first history entry. */
    eInvoiceFiles: Billing.EInvoiceTransmissionCreateManyInput[];
    eInvoiceHistory: Billing.EInvoiceTransitionCreateManyInput[];
  };
  mailings: { templates: Row<Mailings.LetterTemplateCreateManyInput>[] };
}

export interface WorldOptions {
  /** Index of the first customer; customers are numbered from 0. */
  firstCustomer?: number;
  customers: number;
  /** Dates are laid out around this instant: last month is closed, this month is open. Default PINNED_NOW. */
  now?: Date;
  /**
   * A customer of each fiscal kind in the first dozen (DEMO_INVOICED_SLOTS) gets an issued invoice
   * for last month, numbered from INV-<year>-000001 in index order. Default true.
   */
  issueInvoiceForFirstCustomer?: boolean;
  /**
   * Every customer gets an issued invoice for last month, numbered INV-<year>-<index + 1> (for the
   * e-invoice export benchmark), in one build from customer 0: the number counters count the
   * invoices of the build that starts at customer 0.
   */
  invoiceEveryCustomer?: boolean;
}

const CITIES = [
  { city: 'Milano', province: 'MI', postalCode: '20121', prefix: '02' },
  { city: 'Roma', province: 'RM', postalCode: '00184', prefix: '06' },
  { city: 'Torino', province: 'TO', postalCode: '10121', prefix: '011' },
  { city: 'Bologna', province: 'BO', postalCode: '40121', prefix: '051' },
  { city: 'Firenze', province: 'FI', postalCode: '50123', prefix: '055' },
  { city: 'Napoli', province: 'NA', postalCode: '80133', prefix: '081' },
  { city: 'Genova', province: 'GE', postalCode: '16121', prefix: '010' },
  { city: 'Padova', province: 'PD', postalCode: '35122', prefix: '049' },
  { city: 'Verona', province: 'VR', postalCode: '37121', prefix: '045' },
  { city: 'Bari', province: 'BA', postalCode: '70121', prefix: '080' },
  { city: 'Trieste', province: 'TS', postalCode: '34121', prefix: '040' },
  { city: 'Brescia', province: 'BS', postalCode: '25121', prefix: '030' },
] as const;

const SEGMENTS = ['ENTERPRISE', 'SMALL_BUSINESS', 'PUBLIC_SECTOR'] as const;

/** Per-minute prices by segment: [dial-in before the last review, dial-in now, toll-free], and the increment. */
const PRICE_BOOK = {
  ENTERPRISE: { dialInBefore: '0.042', dialIn: '0.0385', tollFree: '0.081', incrementSeconds: 1, recording: '2.50' },
  SMALL_BUSINESS: { dialInBefore: '0.055', dialIn: '0.052', tollFree: '0.098', incrementSeconds: 60, recording: '3.90' },
  PUBLIC_SECTOR: { dialInBefore: '0.045', dialIn: '0.041', tollFree: '0.0875', incrementSeconds: 30, recording: '2.90' },
} as const;

/**
 * The exempt customer runs assisted training sessions (exempt, art. 10 DPR 633/72), at prices
 * that put every month's invoice over the stamp duty threshold (77.47 EUR), so its file carries
 * the duty: at least two calls of three people for 30 minutes at 0.95/min is 171 EUR.
 */
const EXEMPT_SERVICE_PRICES = { dialInBefore: '0.95', dialIn: '0.95', tollFree: '1.20', incrementSeconds: 60, recording: '25.00' } as const;

const MEETINGS = ['Riunione commerciale settimanale', 'Revisione trimestrale', 'Call con i fornitori', 'Comitato di direzione', 'Formazione rete vendita', 'Allineamento progetto'];

function monthStart(at: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - monthsBack, 1));
}

function lastDayOfMonth(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
}

function endOfMeeting(start: Date, durationMinutes: number): Date {
  return new Date(start.getTime() + durationMinutes * 60_000);
}

/** Meetings start on the quarter hour, as people book them. */
function onQuarterHour(at: Date): Date {
  const quarter = 15 * 60_000;
  return new Date(Math.floor(at.getTime() / quarter) * quarter);
}

/**
 * Values that must be unique across 100,000 customers cannot be drawn at random (9 random
 * digits collide within a few hundred thousand draws). Multiplying the index by a prime that
 * shares no factor with the modulus maps every index to its own value, and scatters them.
 */
function uniqueDigits(index: number, digits: number, prime: number): string {
  const modulus = 10n ** BigInt(digits);
  return ((BigInt(index + 1) * BigInt(prime)) % modulus).toString().padStart(digits, '0');
}

/** Eleven digits whose last is a right check digit: a partita IVA no real company holds in the demo. */
function partitaIva(index: number): string {
  return withPartitaIvaCheckDigit(uniqueDigits(index, 10, 104_729));
}

/**
 * A customer of every fiscal kind in each dozen, so an invoice of each kind can be exported
 * (by index in each dozen; no faker draws, so every other value and id stays as it was). The
 * public body's service gets split payment in billing, the EU business reverse charge; the
 * exempt customer is an Italian business whose service billing treats as exempt.
 */
export const FISCAL_SLOTS = {
  EU_BUSINESS: 1,
  ITALIAN_PUBLIC_BODY: 2,
  ITALIAN_BUSINESS_WITH_PEC: 6,
  NON_EU_BUSINESS: 7,
  EXEMPT_SERVICE: 9,
} as const;

/** The VAT treatment billing applies to each fiscal slot: the kind of customer decides it. */
function vatTreatmentOfSlot(index: number): VatTreatment {
  switch (index % DEMO_CUSTOMERS) {
    case FISCAL_SLOTS.EU_BUSINESS:
    case FISCAL_SLOTS.NON_EU_BUSINESS:
      // A service to a business established abroad, in the EU or not, is outside Italian VAT (art. 7-ter).
      return OUTSIDE_SCOPE_SERVICE;
    case FISCAL_SLOTS.ITALIAN_PUBLIC_BODY:
      return SPLIT_PAYMENT_VAT;
    case FISCAL_SLOTS.EXEMPT_SERVICE:
      return EXEMPT_SERVICE;
    default:
      return STANDARD_VAT;
  }
}

/**
 * The first dozen's customers invoiced for last month in the demo, one of each kind: an Italian
 * business with an SdI code (standard 22%), an EU business (N2.1), a public body (split payment,
 * FPA12), an Italian business reached by PEC, a non-EU business (N2.1) and the exempt service
 * (N4 with stamp duty).
 */
export const DEMO_INVOICED_SLOTS = [0, FISCAL_SLOTS.EU_BUSINESS, FISCAL_SLOTS.ITALIAN_PUBLIC_BODY, FISCAL_SLOTS.ITALIAN_BUSINESS_WITH_PEC, FISCAL_SLOTS.NON_EU_BUSINESS, FISCAL_SLOTS.EXEMPT_SERVICE] as const;

/** The number of customer `index`'s invoice (1, 2 ...), or null when it gets none. */
function invoiceSequenceOf(index: number, { issueInvoiceForFirstCustomer, invoiceEveryCustomer }: Pick<WorldOptions, 'issueInvoiceForFirstCustomer' | 'invoiceEveryCustomer'>): number | null {
  if (invoiceEveryCustomer) return index + 1;
  const position = (DEMO_INVOICED_SLOTS as readonly number[]).indexOf(index);
  return issueInvoiceForFirstCustomer && position >= 0 ? position + 1 : null;
}

/** An SdI code of 6 or 7 capital letters and digits, unique per index. */
function sdiCode(index: number, length: 6 | 7): string {
  return BigInt(uniqueDigits(index, 9, 7_907)).toString(36).toUpperCase().padStart(length, 'K').slice(-length);
}

interface FiscalIdentity {
  legalName?: string;
  columns: Pick<Sales.CustomerCreateManyInput, 'vatNumber' | 'fiscalCategory' | 'fiscalCode' | 'sdiRecipientCode' | 'pecAddress'>;
  address?: Pick<Sales.CustomerCreateManyInput, 'addressStreet' | 'addressPostalCode' | 'addressCity' | 'addressProvince' | 'addressCountry'>;
  contract?: Pick<Sales.ContractCreateManyInput, 'cig' | 'cup'>;
}

function fiscalIdentity(index: number, city: string, domain: string): FiscalIdentity {
  const digits = partitaIva(index);
  switch (index % DEMO_CUSTOMERS) {
    case FISCAL_SLOTS.EU_BUSINESS:
      return {
        columns: { vatNumber: `DE${uniqueDigits(index, 9, 104_729)}`, fiscalCategory: 'EU_BUSINESS', fiscalCode: null, sdiRecipientCode: 'XXXXXXX', pecAddress: null },
        address: { addressStreet: `Friedrichstraße ${(index % 180) + 1}`, addressPostalCode: '10117', addressCity: 'Berlin', addressProvince: null, addressCountry: 'DE' },
      };
    case FISCAL_SLOTS.NON_EU_BUSINESS:
      return {
        columns: { vatNumber: `GB${uniqueDigits(index, 9, 104_729)}`, fiscalCategory: 'NON_EU_BUSINESS', fiscalCode: null, sdiRecipientCode: 'XXXXXXX', pecAddress: null },
        address: { addressStreet: `${(index % 180) + 1} Finsbury Square`, addressPostalCode: 'EC2A 1AE', addressCity: 'London', addressProvince: null, addressCountry: 'GB' },
      };
    case FISCAL_SLOTS.ITALIAN_PUBLIC_BODY:
      // A public body often has only its codice fiscale; this one has a VAT number too.
      return {
        legalName: `Comune di ${city}`,
        columns: { vatNumber: `IT${digits}`, fiscalCategory: 'ITALIAN_PUBLIC_BODY', fiscalCode: digits, sdiRecipientCode: sdiCode(index, 6), pecAddress: null },
        contract: { cig: `Z${sdiCode(index, 7)}${uniqueDigits(index, 2, 7)}`, cup: `J${uniqueDigits(index, 2, 7)}E${uniqueDigits(index, 11, 104_729)}` },
      };
    case FISCAL_SLOTS.ITALIAN_BUSINESS_WITH_PEC:
    case FISCAL_SLOTS.EXEMPT_SERVICE:
      return { columns: { vatNumber: `IT${digits}`, fiscalCategory: 'ITALIAN_BUSINESS', fiscalCode: digits, sdiRecipientCode: '0000000', pecAddress: `fatture@pec.${domain}` } };
    default:
      return { columns: { vatNumber: `IT${digits}`, fiscalCategory: 'ITALIAN_BUSINESS', fiscalCode: digits, sdiRecipientCode: sdiCode(index, 7), pecAddress: null } };
  }
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '').slice(0, 20) || 'azienda';
}

export function emptyWorld(): World {
  return {
    sales: { customers: [], contacts: [], contracts: [], rates: [] },
    bookings: { bookings: [] },
    conferencing: { reservations: [], conferences: [], legs: [] },
    billing: { accounts: [], periods: [], charges: [], invoices: [], invoiceLines: [], invoiceRecipients: [], invoiceContracts: [], numberCounters: [], eInvoiceFiles: [], eInvoiceHistory: [] },
    mailings: { templates: [] },
  };
}

/**
 * The instant tests lay the world out around, so they give the same answers at any hour they
 * run, the first hours of a month included (a world laid out around 00:30 on the 1st has a
 * "this month" call before the month began).
 */
export const PINNED_NOW = new Date('2026-11-15T10:00:00.000Z');

/**
 * The instant `npm start` lays its demo world out around: the real clock, so the data looks
 * current (this month open, last month invoiced, bookings ahead), except in the first two days
 * of a month in Rome, where no call of the new month has happened yet: then it is noon on the
 * last day of the month before, whose period is still open until someone closes it.
 */
export function demoNow(real: Date = new Date()): Date {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(real)
    .split('-')
    .map(Number) as [number, number, number];
  return day > 2 ? real : new Date(Date.UTC(year, month - 1, 0, 11));
}

export function buildWorld({ firstCustomer = 0, customers, now = PINNED_NOW, issueInvoiceForFirstCustomer = true, invoiceEveryCustomer = false }: WorldOptions): World {
  const world = emptyWorld();
  if (firstCustomer === 0) world.mailings.templates.push(DEMO_LETTER_TEMPLATE);
  const thisMonth = monthStart(now);
  const lastMonth = monthStart(now, 1);
  const priceReview = monthStart(now, 2);
  const contractStart = monthStart(now, 14);
  // A contract's first day is a day in Rome: its first rates apply from that day's first instant there.
  const ratesFrom = startOfLocalDay(contractStart, COMPANY_TIME_ZONE);

  for (let index = firstCustomer; index < firstCustomer + customers; index += 1) {
    const faker = new Faker({ locale: [italian, en, base], seed: index + 1 });
    const uuid = () => faker.string.uuid();
    const place = CITIES[index % CITIES.length]!;
    const segment = SEGMENTS[index % SEGMENTS.length]!;
    const prices = index % DEMO_CUSTOMERS === FISCAL_SLOTS.EXEMPT_SERVICE ? EXEMPT_SERVICE_PRICES : PRICE_BOOK[segment];
    const companyName = faker.company.name();
    const domain = `${slug(companyName)}.example.it`;
    const customerId = uuid();
    const fiscal = fiscalIdentity(index, place.city, domain);
    const legalName = fiscal.legalName ?? companyName;

    world.sales.customers.push({
      id: customerId,
      legalName,
      segment,
      ...fiscal.columns,
      email: `amministrazione@${domain}`,
      phone: `+39 ${place.prefix} ${faker.string.numeric(7)}`,
      addressStreet: `${faker.location.street()} ${faker.number.int({ min: 1, max: 180 })}`,
      addressPostalCode: place.postalCode,
      addressCity: place.city,
      addressProvince: place.province,
      addressCountry: 'IT',
      ...fiscal.address,
      ...mailingVariant(index, legalName),
      createdAt: contractStart,
      updatedAt: contractStart,
    });
    for (const role of ['Responsabile amministrativo', 'Referente tecnico']) {
      const fullName = faker.person.fullName();
      const contactId = uuid();
      const noticeContact = role === 'Referente tecnico' && index % DEMO_CUSTOMERS === NOTICE_CONTACT_WITHOUT_EMAIL;
      world.sales.contacts.push({
        id: contactId,
        customerId,
        fullName,
        role,
        email: noticeContact ? null : `${slug(fullName)}@${domain}`,
        phone: `+39 3${faker.string.numeric(2)} ${faker.string.numeric(7)}`,
      });
      if (noticeContact) world.sales.customers.at(-1)!.noticeContactId = contactId;
    }

    const contractId = uuid();
    const contractNumber = `CTR-${contractStart.getUTCFullYear()}-${String(index + 1).padStart(6, '0')}`;
    world.sales.contracts.push({
      id: contractId,
      customerId,
      number: contractNumber,
      startsOn: contractStart,
      endsOn: null,
      status: 'ACTIVE',
      cig: fiscal.contract?.cig ?? null,
      cup: fiscal.contract?.cup ?? null,
      cigExempt: false,
      createdAt: contractStart,
      updatedAt: contractStart,
    });
    const rate = (service: RateTerms['service'], unit: RateTerms['unit'], unitPrice: string, from: Date, to: Date | null) => {
      const row = {
        id: uuid(),
        contractId,
        service: service as Sales.ContractRateCreateManyInput['service'],
        unitPrice,
        unit,
        billingIncrementSeconds: unit === 'MINUTE' ? prices.incrementSeconds : 1,
        currency: 'EUR',
        effectiveFrom: from,
        effectiveTo: to,
      };
      world.sales.rates.push(row);
      return row;
    };
    rate('CONFERENCE_DIAL_IN', 'MINUTE', prices.dialInBefore, ratesFrom, priceReview);
    const currentRates = {
      CONFERENCE_DIAL_IN: rate('CONFERENCE_DIAL_IN', 'MINUTE', prices.dialIn, priceReview, null),
      CONFERENCE_TOLL_FREE: rate('CONFERENCE_TOLL_FREE', 'MINUTE', prices.tollFree, ratesFrom, null),
      CONFERENCE_RECORDING: rate('CONFERENCE_RECORDING', 'CALL', prices.recording, ratesFrom, null),
    };

    const accountId = uuid();
    const closedPeriodId = uuid();
    const openPeriodId = uuid();
    const vatTreatment = vatTreatmentOfSlot(index);
    world.billing.accounts.push({ id: accountId, customerId, currency: 'EUR', periodRule: 'MONTHLY', ...treatmentColumns(vatTreatment), createdAt: contractStart });
    world.billing.periods.push(
      { id: closedPeriodId, accountId, startsOn: lastMonth, endsOn: lastDayOfMonth(lastMonth), status: 'CLOSED' },
      { id: openPeriodId, accountId, startsOn: thisMonth, endsOn: lastDayOfMonth(thisMonth), status: 'OPEN' },
    );

    // Two calls last month, one earlier this month, one still to come.
    const elapsedThisMonth = Math.max(now.getTime() - thisMonth.getTime(), 3 * 3600_000);
    const schedule = [
      { start: new Date(lastMonth.getTime() + faker.number.int({ min: 2, max: 12 }) * 86_400_000 + 9.5 * 3600_000), periodId: closedPeriodId },
      { start: new Date(lastMonth.getTime() + faker.number.int({ min: 14, max: 26 }) * 86_400_000 + 15 * 3600_000), periodId: closedPeriodId },
      { start: onQuarterHour(new Date(thisMonth.getTime() + Math.floor(elapsedThisMonth / 3) - 2 * 3600_000)), periodId: openPeriodId },
      { start: onQuarterHour(new Date(now.getTime() + faker.number.int({ min: 2, max: 20 }) * 86_400_000)), periodId: null },
    ];
    const closedPeriodCharges: World['billing']['charges'] = [];
    for (const [bookingNumber, { start, periodId }] of schedule.entries()) {
      const bookingId = uuid();
      const participants = faker.number.int({ min: 3, max: 8 });
      const durationMinutes = faker.helpers.arrayElement([30, 45, 60, 90]);
      const tollFree = faker.datatype.boolean({ probability: 0.4 });
      const recording = faker.datatype.boolean({ probability: 0.3 });
      const organiser = world.sales.contacts[world.sales.contacts.length - 2]!;
      world.bookings.bookings.push({
        id: bookingId,
        customerId,
        title: faker.helpers.arrayElement(MEETINGS),
        organiserName: organiser.fullName,
        organiserEmail: organiser.email!,
        scheduledStart: start,
        durationMinutes,
        expectedParticipants: participants,
        tollFree,
        recording,
        status: periodId ? 'COMPLETED' : 'CONFIRMED',
        createdAt: new Date(start.getTime() - 7 * 86_400_000),
        updatedAt: periodId ? endOfMeeting(start, durationMinutes) : new Date(start.getTime() - 7 * 86_400_000),
      });
      const reservationId = uuid();
      world.conferencing.reservations.push({
        id: reservationId,
        bookingId,
        customerId,
        dialInNumber: `+39 02 ${faker.string.numeric(8)}`,
        tollFreeNumber: tollFree ? `800 ${faker.string.numeric(6)}` : null,
        accessCode: uniqueDigits(index * schedule.length + bookingNumber, 9, 7_919),
        moderatorPin: faker.string.numeric(6),
        status: periodId ? 'RELEASED' : 'RESERVED',
        ...bridgeWindow(start, durationMinutes),
        appliedRevision: 1,
        maxParticipants: participantCap(participants, DEFAULT_BRIDGE_LIMITS.participantMarginPercent),
        createdAt: new Date(start.getTime() - 7 * 86_400_000),
      });
      if (!periodId) continue;

      const conferenceId = uuid();
      const endedAt = new Date(start.getTime() + (durationMinutes + faker.number.int({ min: -5, max: 10 })) * 60_000);
      world.conferencing.conferences.push({ id: conferenceId, reservationId, startedAt: start, endedAt });
      const charges = periodId === closedPeriodId ? closedPeriodCharges : world.billing.charges;
      for (let leg = 0; leg < participants; leg += 1) {
        const legId = uuid();
        const joinedAt = new Date(start.getTime() + faker.number.int({ min: 0, max: 240 }) * 1000);
        const leftAt = new Date(endedAt.getTime() - faker.number.int({ min: 0, max: 600 }) * 1000);
        const seconds = Math.round((leftAt.getTime() - joinedAt.getTime()) / 1000);
        const legTollFree = tollFree && leg > 0 && faker.datatype.boolean({ probability: 0.5 });
        world.conferencing.legs.push({
          id: legId,
          conferenceId,
          phoneNumber: `+39 3${faker.string.numeric(2)} ${faker.string.numeric(7)}`,
          tollFree: legTollFree,
          joinedAt,
          leftAt,
          seconds,
        });
        const terms = currentRates[serviceOfLeg({ tollFree: legTollFree })];
        const priced = rateConnectionTime(seconds, { ...terms, unitPrice: terms.unitPrice });
        charges.push({
          id: uuid(),
          usageKey: `leg:${legId}`,
          accountId,
          periodId,
          conferenceId,
          legId,
          bookingId,
          rateId: terms.id,
          contractId,
          service: terms.service,
          unit: terms.unit,
          occurredAt: joinedAt,
          seconds,
          billedSeconds: priced.billedSeconds,
          billingIncrementSeconds: terms.billingIncrementSeconds,
          unitPrice: terms.unitPrice,
          amount: priced.amount.toFixed(6),
          currency: terms.currency,
        });
      }
      if (recording) {
        const terms = currentRates.CONFERENCE_RECORDING;
        charges.push({
          id: uuid(),
          usageKey: `recording:${conferenceId}`,
          accountId,
          periodId,
          conferenceId,
          bookingId,
          rateId: terms.id,
          contractId,
          service: terms.service,
          unit: terms.unit,
          occurredAt: endedAt,
          seconds: 0,
          billedSeconds: 0,
          billingIncrementSeconds: 1,
          unitPrice: terms.unitPrice,
          amount: ratePerCall(terms).amount.toFixed(6),
          currency: terms.currency,
        });
      }
    }
    world.billing.charges.push(...closedPeriodCharges);

    const sequence = invoiceSequenceOf(index, { issueInvoiceForFirstCustomer, invoiceEveryCustomer });
    if (sequence !== null) {
      const invoiceId = uuid();
      const lines = invoiceLines(groupCharges(closedPeriodCharges.map((charge) => ({ ...charge, unitPrice: charge.unitPrice.toString() }))), lineVatTermsOf(vatTreatment));
      // Issued in index order, a second apart, on the 3rd at 10:00 (or now, if that is still to come).
      const dueIssue = new Date(thisMonth.getTime() + 2 * 86_400_000 + 10 * 3600_000 + (sequence - 1) * 1000);
      const issuedAt = dueIssue < now ? dueIssue : now;
      world.billing.invoices.push({
        id: invoiceId,
        accountId,
        periodId: closedPeriodId,
        number: `INV-${thisMonth.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`,
        status: 'ISSUED',
        currency: 'EUR',
        ...invoiceTotals(lines, 'EUR'),
        issuedAt,
        createdAt: new Date(thisMonth.getTime() + 3600_000),
      });
      const fileId = uuid();
      const progressive = sequence.toString(36).toUpperCase().padStart(5, '0');
      world.billing.eInvoiceFiles.push({ id: fileId, invoiceId, attempt: 1, progressive, state: 'TO_SEND', createdAt: issuedAt, updatedAt: issuedAt });
      world.billing.eInvoiceHistory.push({ id: uuid(), transmissionId: fileId, toState: 'TO_SEND', actor: 'billing', occurredAt: issuedAt });
      world.billing.invoiceLines.push(...lines.map((line) => ({ id: uuid(), invoiceId, ...line })));
      const customer = world.sales.customers.at(-1)!;
      world.billing.invoiceRecipients.push({
        invoiceId,
        fiscalCategory: customer.fiscalCategory ?? 'ITALIAN_BUSINESS',
        legalName: customer.legalName,
        vatNumber: customer.vatNumber ?? null,
        fiscalCode: customer.fiscalCode ?? null,
        sdiRecipientCode: customer.sdiRecipientCode ?? null,
        pecAddress: customer.pecAddress ?? null,
        street: customer.addressStreet,
        street2: customer.addressStreet2 ?? null,
        postalCode: customer.addressPostalCode,
        city: customer.addressCity,
        province: customer.addressProvince ?? null,
        country: customer.addressCountry,
        recordedAt: issuedAt < now ? issuedAt : now,
      });
      world.billing.invoiceContracts.push({
        invoiceId,
        contractId,
        number: contractNumber,
        startsOn: contractStart,
        cig: fiscal.contract?.cig ?? null,
        cup: fiscal.contract?.cup ?? null,
        cigExempt: false,
        recordedAt: issuedAt < now ? issuedAt : now,
      });
    }
  }
  const issued = world.billing.invoices.length;
  if (issued > 0 && firstCustomer === 0) {
    // The next invoice issued continues the series after the last one here.
    world.billing.numberCounters.push({ series: 'INV', year: thisMonth.getUTCFullYear(), last: issued }, { series: 'SDI', year: 0, last: issued });
  }
  return world;
}

/**
 * Customers a mailing cannot fully serve, so a demo campaign shows every case (by index in
 * each dozen; no faker draws, so every other value and id stays as it was).
 */
const DECLINES_EMAIL_NOTICES = 5;
const NOTICE_CONTACT_WITHOUT_EMAIL = 8;
const ADDRESS_TOO_LONG_FOR_ENVELOPE = 10;
const HAS_MAILING_ADDRESS = 3;

function mailingVariant(index: number, legalName: string): Partial<Sales.CustomerCreateManyInput> {
  const slot = index % DEMO_CUSTOMERS;
  const mailing = slot === HAS_MAILING_ADDRESS;
  return {
    acceptsEmailNotices: slot !== DECLINES_EMAIL_NOTICES,
    noticeContactId: null,
    addressStreet2: slot === ADDRESS_TOO_LONG_FOR_ENVELOPE ? 'Centro Direzionale Colleoni, Palazzo Andromeda, scala B' : null,
    // The recipient line of a long legal name is shortened by hand, as a clerk would.
    addressRecipient: legalName.length > 40 ? legalName.slice(0, 40).trimEnd() : null,
    // Every row has every column: the bulk loader takes its columns from the first row.
    mailingRecipient: null,
    mailingAttention: mailing ? 'c/o Ufficio Posta' : null,
    mailingStreet: mailing ? 'Casella Postale 1234' : null,
    mailingStreet2: null,
    mailingPostalCode: mailing ? '20123' : null,
    mailingCity: mailing ? 'Milano' : null,
    mailingProvince: mailing ? 'MI' : null,
    mailingCountry: mailing ? 'IT' : null,
  };
}

/** A letter about the new prices, as the demo campaign sends it. */
export const DEMO_LETTER_TEMPLATE: Row<Mailings.LetterTemplateCreateManyInput> = {
  id: '5f1d7c1e-3a52-4c1b-9a55-0c6f2a9b7e01',
  name: 'Nuove tariffe',
  subject: 'Contratto {{ contract.number }}: le nuove tariffe',
  body: `Gentile {{ recipient.name }},

le scriviamo in merito al contratto {{ contract.number }}, in vigore dal {{ contract.starts_on }}.
Dal prossimo mese le tariffe per le audioconferenze cambiano: trova il dettaglio nel prospetto allegato.

Nel periodo in corso ({{ billing.period_start }} - {{ billing.period_end }}) ha svolto {{ billing.calls }} conferenze per {{ billing.billed_minutes }} minuti fatturati, per un importo di {{ billing.charges_to_date }}.

Restiamo a disposizione per ogni chiarimento.

Cordiali saluti,
Integra S.p.A.`,
  fields: ['billing.billed_minutes', 'billing.calls', 'billing.charges_to_date', 'billing.period_end', 'billing.period_start', 'contract.number', 'contract.starts_on', 'recipient.name'],
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

/** The world `npm start` shows on first start: a dozen customers. */
export const DEMO_CUSTOMERS = 12;
