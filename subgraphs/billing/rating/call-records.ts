/**
 * The consumer of `conference.ended`: each participant leg becomes a usage charge on the
 * customer's open billing period, priced with the contract rate in force at the leg's start,
 * read from sales at rating time (one request per batch: `prepare`).
 *
 * `apply` runs inside the delivery platform's transaction and costs a fixed number of SQL
 * statements per batch, whatever its size: one read of the accounts, one of their periods,
 * bulk inserts of the missing accounts and periods (only when some are missing, then one more
 * read) and of the charges. A charge is keyed by what it rates (`leg:<legId>`,
 * `recording:<conferenceId>`, `call:<conferenceId>:<service>`), so the same call record
 * delivered twice, even in another event, is charged once.
 *
 * A conference started under a contract is charged under it to its end: a leg is priced at the
 * rate in force when it joined, and, when none is in force then (the contract ended, or the
 * rate did, while the conference ran), at the rate in force for its service when the conference
 * started (`requireRate`). Otherwise a leg that joined after midnight on a contract's last day would
 * park the whole conference, and no replay could ever charge it: a terminated contract takes no
 * new rate.
 *
 * A conference is charged whole or not at all: when any of its usage cannot be priced (no rate
 * in force for the service, a rate in another currency than the account's, a customer sales
 * does not know) the event is parked with the reason, nothing of it is written, and replaying
 * it after sales is fixed charges it. So is a conference whose call records contradict
 * themselves (connection-time.ts): connection time is billed from each leg's leftAt − joinedAt,
 * never from the `seconds` the event reports.
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EVENT_TYPES, type CallRecord, type ConferenceEnded, type EventHandler, type EventOutcome, type IntegrationEvent } from '../../shared/events/contract.js';
import type { BillingAccount, BillingPeriod, Prisma } from '../generated/prisma/client.js';
import { DEFAULT_TIME_ZONE, isoDay, periodAfter, periodOf, type PeriodRule } from '../invoicing/periods.js';
import { rateInForce, type HistoricContract, type HistoricRate, type RateHistory, type RateHistoryReader } from './rate-history.js';
import { measureConference, type MeasuredLeg } from './connection-time.js';
import { CHARGE_DECIMALS, rateConnectionTime, ratePerCall, serviceOfLeg, type RateTerms } from './rate-usage.js';

export type BillingTransaction = Prisma.TransactionClient;

/** What `prepare` read from sales for a batch: each customer's contracts and rates. */
export type RateHistories = Map<string, RateHistory>;

export type CallRecordsHandler = EventHandler<BillingTransaction, ConferenceEnded, RateHistories>;

export interface CallRecordsHandlerOptions {
  rates: RateHistoryReader;
}

type ChargeRow = Omit<Prisma.UsageChargeCreateManyInput, 'id' | 'occurredAt' | 'unitPrice' | 'amount'> & { occurredAt: Date; unitPrice: string; amount: string };

const CHARGE_COLUMNS: [keyof ChargeRow, string][] = [
  ['usageKey', 'text'],
  ['accountId', 'uuid'],
  ['periodId', 'uuid'],
  ['conferenceId', 'uuid'],
  ['legId', 'uuid'],
  ['bookingId', 'uuid'],
  ['rateId', 'uuid'],
  ['contractId', 'uuid'],
  ['service', 'text'],
  ['unit', 'text'],
  ['occurredAt', 'timestamp(3)'],
  ['seconds', 'integer'],
  ['billedSeconds', 'integer'],
  ['billingIncrementSeconds', 'integer'],
  ['unitPrice', 'numeric'],
  ['amount', 'numeric'],
  ['currency', 'char(3)'],
];

/**
 * All the charges of a batch in one statement, one array parameter per column: Prisma's
 * createMany binds one parameter per value and splits large batches (about 4,500 rows/s,
 * prisma/demo/bulk-insert.ts), short of the 10,000 legs/s rating must sustain.
 */
async function insertCharges(tx: BillingTransaction, rows: ChargeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = CHARGE_COLUMNS.map(([column]) => `"${column}"`).join(', ');
  const arrays = CHARGE_COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  const values = CHARGE_COLUMNS.map(([column]) =>
    rows.map((row) => {
      const value = row[column];
      // As text, cast by PostgreSQL: the same on pg and PGlite, whatever each infers from a JS value.
      if (value === null || value === undefined) return null;
      return value instanceof Date ? value.toISOString().replace('Z', '') : String(value);
    }),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO "UsageCharge" ("id", ${columns}) SELECT gen_random_uuid(), * FROM unnest(${arrays}) ON CONFLICT ("usageKey") DO NOTHING`,
    ...values,
  );
}

/** A charge before it knows its account and period. */
interface PricedUsage {
  usageKey: string;
  occurredAt: Date;
  service: string;
  rate: HistoricRate;
  seconds: number;
  billedSeconds: number;
  amount: Decimal;
  legId: string | null;
}

class Unpriceable extends Error {}

function terms(rate: HistoricRate): RateTerms {
  return { service: rate.service, unit: rate.unit, unitPrice: rate.unitPrice, billingIncrementSeconds: rate.billingIncrementSeconds, currency: rate.currency };
}

/**
 * The rate for usage of `service` that began at `at` in a conference that started at
 * `conferenceStartedAt`: the one in force at `at`, else the one in force when the conference
 * started (README, Billing rules: a conference that outlives its contract).
 */
function requireRate(customerId: string, history: HistoricContract[], service: string, at: Date, conferenceStartedAt: Date): HistoricRate {
  const rate = rateInForce(history, service, at) ?? rateInForce(history, service, conferenceStartedAt);
  if (!rate) {
    const alsoAtStart = at.getTime() === conferenceStartedAt.getTime() ? '' : ` nor when its conference started (${conferenceStartedAt.toISOString()})`;
    // A rate added now applies from now on (addContractRate): a past call needs a contract that priced the service then.
    throw new Unpriceable(
      `customer ${customerId} has no ${service} rate in force at ${at.toISOString()}${alsoAtStart}; price ${service} for that time in sales (a contract in force then), then replay this event`,
    );
  }
  return rate;
}

/** Prices every piece of a conference's usage, or says why it cannot be priced. */
function priceConference(conference: ConferenceEnded, history: RateHistory): PricedUsage[] {
  const measured = measureConference(conference);
  if (history === null) {
    throw new Unpriceable(`customer ${conference.customerId} is unknown to sales; its conference ${conference.conferenceId} cannot be priced`);
  }
  const usage: PricedUsage[] = [];
  const perCallServices = new Map<string, { rate: HistoricRate; at: Date }>();
  for (const [leg, time] of measured.legs) {
    const { joinedAt } = time;
    const service = serviceOfLeg(leg);
    const rate = requireRate(conference.customerId, history, service, joinedAt, measured.startedAt);
    if (rate.unit === 'CALL') {
      // A per-call fee: charged once per conference, at the rate in force when its first such leg started.
      const earlier = perCallServices.get(service);
      if (!earlier || joinedAt < earlier.at) perCallServices.set(service, { rate, at: joinedAt });
      continue;
    }
    usage.push(legUsage(leg, time, rate));
  }
  for (const [service, { rate, at }] of perCallServices) {
    usage.push({ usageKey: `call:${conference.conferenceId}:${service}`, occurredAt: at, service, rate, seconds: 0, billedSeconds: 0, amount: ratePerCall(terms(rate)).amount, legId: null });
  }
  if (conference.recording) {
    const { startedAt, seconds } = measured;
    const rate = requireRate(conference.customerId, history, 'CONFERENCE_RECORDING', startedAt, startedAt);
    const priced = rate.unit === 'CALL' ? ratePerCall(terms(rate)) : rateConnectionTime(seconds, terms(rate));
    usage.push({ usageKey: `recording:${conference.conferenceId}`, occurredAt: startedAt, service: rate.service, rate, seconds, billedSeconds: priced.billedSeconds, amount: priced.amount, legId: null });
  }
  return usage;
}

/** A leg's connection time as billing measured it (connection-time.ts), never the event's `seconds`. */
function legUsage(leg: CallRecord, { joinedAt, seconds }: MeasuredLeg, rate: HistoricRate): PricedUsage {
  const priced = rateConnectionTime(seconds, terms(rate));
  return { usageKey: `leg:${leg.legId}`, occurredAt: joinedAt, service: rate.service, rate, seconds, billedSeconds: priced.billedSeconds, amount: priced.amount, legId: leg.legId };
}

/**
 * Where a charge lands: the account's open period, or, for usage after it (the period has not
 * been closed yet), the UPCOMING period covering it, created when first needed, so usage is
 * never refused. Usage before the open period (a late call record for a period already
 * closed and invoiced) lands on the open period: it is billed on the next invoice, as
 * a closed period's charges never change.
 */
class PeriodPlan {
  private readonly byAccount = new Map<string, BillingPeriod[]>();
  readonly missing: Prisma.BillingPeriodCreateManyInput[] = [];

  constructor(periods: BillingPeriod[]) {
    for (const period of periods) this.periodsOf(period.accountId).push(period);
  }

  private periodsOf(accountId: string): BillingPeriod[] {
    let periods = this.byAccount.get(accountId);
    if (!periods) this.byAccount.set(accountId, (periods = []));
    return periods;
  }

  /** The period usage at `at` lands in; undefined until the missing periods are created. */
  find(account: BillingAccount, at: Date): BillingPeriod | undefined {
    const periods = this.periodsOf(account.id);
    const open = periods.find((period) => period.status === 'OPEN');
    const bounds = periodOf(at, account.timeZone || DEFAULT_TIME_ZONE, account.periodRule as PeriodRule);
    if (open && bounds.startsOn <= open.startsOn) return open;
    return periods.find((period) => isoDay(period.startsOn) === isoDay(bounds.startsOn));
  }

  /** Plans the period for usage at `at` (and any between it and the open one), if missing. */
  plan(account: BillingAccount, at: Date): void {
    if (this.find(account, at)) return;
    const rule = account.periodRule as PeriodRule;
    const periods = this.periodsOf(account.id);
    const target = periodOf(at, account.timeZone || DEFAULT_TIME_ZONE, rule);
    const latest = periods.reduce<BillingPeriod | undefined>((last, period) => (!last || period.startsOn > last.startsOn ? period : last), undefined);
    // Periods follow each other without holes, so every period between the latest and the target is cut too.
    let next = latest ? periodAfter(latest, rule) : target;
    while (next.startsOn <= target.startsOn) {
      const status = periods.some((period) => period.status === 'OPEN') ? 'UPCOMING' : 'OPEN';
      const period = { id: randomUUID(), accountId: account.id, startsOn: next.startsOn, endsOn: next.endsOn, status } as const;
      this.missing.push(period);
      periods.push({ ...period });
      next = periodAfter(next, rule);
    }
  }
}

export function callRecordsHandler({ rates }: CallRecordsHandlerOptions): CallRecordsHandler {
  return {
    types: [EVENT_TYPES.conferenceEnded],

    prepare: (events) => rates.ratesOf(events.map((event) => event.payload.customerId)),

    async apply(tx, events, histories) {
      const outcomes = new Map<string, EventOutcome>();
      const priced: { event: IntegrationEvent<ConferenceEnded>; usage: PricedUsage[] }[] = [];
      for (const event of events) {
        try {
          priced.push({ event, usage: priceConference(event.payload, histories.get(event.payload.customerId.toLowerCase()) ?? null) });
        } catch (error) {
          // A RangeError is a malformed call record (negative seconds, a date that is not one):
          // it would fail on every retry, so it is parked for a person, like a missing rate.
          if (error instanceof RangeError) {
            outcomes.set(event.id, { status: 'parked', reason: `conference ${event.payload.conferenceId} has a malformed call record (${error.message}); correct it in conferencing, then replay this event` });
            continue;
          }
          if (!(error instanceof Unpriceable)) throw error;
          outcomes.set(event.id, { status: 'parked', reason: error.message });
        }
      }
      if (priced.length === 0) return outcomes;

      const customerIds = [...new Set(priced.map(({ event }) => event.payload.customerId.toLowerCase()))];
      let accounts = await tx.billingAccount.findMany({ where: { customerId: { in: customerIds } } });
      const newAccounts = newAccountsFor(customerIds, accounts, priced);
      if (newAccounts.length) {
        await tx.billingAccount.createMany({ data: newAccounts, skipDuplicates: true });
        accounts = await tx.billingAccount.findMany({ where: { customerId: { in: customerIds } } });
      }
      const accountOf = new Map(accounts.map((account) => [account.customerId, account]));

      // A rate in another currency than the account's would put two currencies on one invoice.
      const chargeable = priced.filter(({ event, usage }) => {
        const account = accountOf.get(event.payload.customerId.toLowerCase())!;
        const foreign = usage.find((piece) => piece.rate.currency !== account.currency);
        if (!foreign) return true;
        outcomes.set(event.id, {
          status: 'parked',
          reason: `customer ${event.payload.customerId} is billed in ${account.currency} but its ${foreign.service} rate ${foreign.rate.id} (contract ${foreign.rate.contractId}) is in ${foreign.rate.currency}; correct the rate in sales or the billing account's currency, then replay this event`,
        });
        return false;
      });

      const accountIds = accounts.map((account) => account.id);
      let periods = await tx.billingPeriod.findMany({ where: { accountId: { in: accountIds }, status: { in: ['OPEN', 'UPCOMING'] } } });
      let plan = new PeriodPlan(periods);
      for (const { event, usage } of chargeable) {
        const account = accountOf.get(event.payload.customerId.toLowerCase())!;
        for (const piece of usage) plan.plan(account, piece.occurredAt);
      }
      if (plan.missing.length) {
        await tx.billingPeriod.createMany({ data: plan.missing, skipDuplicates: true });
        periods = await tx.billingPeriod.findMany({ where: { accountId: { in: accountIds }, status: { in: ['OPEN', 'UPCOMING'] } } });
        plan = new PeriodPlan(periods);
      }

      const rows: ChargeRow[] = [];
      for (const { event, usage } of chargeable) {
        const { conferenceId, bookingId, customerId } = event.payload;
        const account = accountOf.get(customerId.toLowerCase())!;
        for (const piece of usage) {
          const period = plan.find(account, piece.occurredAt);
          // Another transaction cut the periods differently between our reads: retry the batch.
          if (!period) throw new Error(`no billing period for ${piece.usageKey} of account ${account.id} at ${piece.occurredAt.toISOString()}`);
          rows.push({
            usageKey: piece.usageKey,
            accountId: account.id,
            periodId: period.id,
            conferenceId,
            legId: piece.legId,
            bookingId,
            rateId: piece.rate.id,
            contractId: piece.rate.contractId,
            service: piece.service,
            unit: piece.rate.unit,
            occurredAt: piece.occurredAt,
            seconds: piece.seconds,
            billedSeconds: piece.billedSeconds,
            billingIncrementSeconds: piece.rate.billingIncrementSeconds,
            unitPrice: piece.rate.unitPrice,
            amount: piece.amount.toFixed(CHARGE_DECIMALS),
            currency: piece.rate.currency,
          });
        }
        outcomes.set(event.id, { status: 'applied' });
      }
      // Usage already charged (the same call record delivered again) is skipped by its key.
      await insertCharges(tx, rows);
      return outcomes;
    },
  };
}

/** Billing accounts for customers billing has none for yet, in the currency their rates are in. */
function newAccountsFor(customerIds: string[], accounts: BillingAccount[], priced: { event: IntegrationEvent<ConferenceEnded>; usage: PricedUsage[] }[]): Prisma.BillingAccountCreateManyInput[] {
  const known = new Set(accounts.map((account) => account.customerId));
  return customerIds
    .filter((customerId) => !known.has(customerId))
    .map((customerId) => {
      const first = priced.find(({ event, usage }) => event.payload.customerId.toLowerCase() === customerId && usage.length)?.usage[0];
      return { customerId, currency: first?.rate.currency ?? 'EUR', periodRule: 'MONTHLY' as const };
    });
}
