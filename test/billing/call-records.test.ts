/**
 * The conference.ended consumer applied directly, as the delivery platform will call it:
 * `prepare` (one request to sales per batch), then `apply` inside a transaction.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBillingPrisma, type BillingPrisma } from '../../subgraphs/billing/database.js';
import { callRecordsHandler } from '../../subgraphs/billing/rating/call-records.js';
import type { CallRecord, ConferenceEnded, IntegrationEvent } from '../../subgraphs/shared/events/contract.js';
import { MAX_CONFERENCE_HOURS } from '../../subgraphs/billing/rating/connection-time.js';
import { parkFailedEvents, replayInboxEvent } from '../../subgraphs/shared/events/inbox.js';
import type { EventStore } from '../../subgraphs/shared/events/store.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { conferenceEnded, FakeSales, perCallRate, perMinuteRate } from './fixtures.js';

let db: TestDatabase;
let prisma: BillingPrisma;
let sales: FakeSales;
let handler: ReturnType<typeof callRecordsHandler>;

beforeAll(async () => {
  db = await createTestDatabase('billing');
  prisma = createBillingPrisma(db.adapter);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.close();
});

beforeEach(async () => {
  await prisma.$executeRawUnsafe('TRUNCATE integration_inbox, "CreditNoteLine", "CreditNote", "InvoiceLine", "Invoice", "UsageCharge", "BillingPeriod", "BillingAccount" CASCADE');
  sales = new FakeSales();
  handler = callRecordsHandler({ rates: sales });
});

async function deliver(events: IntegrationEvent<ConferenceEnded>[]) {
  const prepared = await handler.prepare!(events);
  return prisma.$transaction((tx) => handler.apply(tx, events, prepared));
}

const standardRates = () => [
  perMinuteRate('CONFERENCE_DIAL_IN', '0.06', { to: '2026-11-10T00:00:00Z' }),
  perMinuteRate('CONFERENCE_DIAL_IN', '0.05', { from: '2026-11-10T00:00:00Z' }),
  perMinuteRate('CONFERENCE_TOLL_FREE', '0.09', { increment: 30 }),
  perCallRate('CONFERENCE_RECORDING', '2.50'),
];

describe('callRecordsHandler', () => {
  it('prices each leg at the rate in force when it started, and keeps what it applied', async () => {
    const { customerId, contract } = sales.addCustomer(standardRates());
    const [oldDialIn, newDialIn, tollFree, recording] = contract.rates;
    // One conference across the price change: the first leg joined before it, the second after.
    const event = conferenceEnded(
      customerId,
      [
        { joinedAt: '2026-11-09T23:59:00Z', seconds: 61 },
        { joinedAt: '2026-11-10T00:00:30Z', seconds: 61 },
        { joinedAt: '2026-11-10T00:01:00Z', seconds: 31, tollFree: true },
      ],
      { recording: true },
    );
    const outcomes = await deliver([event]);
    expect(outcomes.get(event.id)).toEqual({ status: 'applied' });

    const charges = await prisma.usageCharge.findMany({ orderBy: [{ occurredAt: 'asc' }, { usageKey: 'asc' }] });
    const legs = event.payload.legs;
    expect(charges.map((charge) => ({ key: charge.usageKey, rateId: charge.rateId, price: charge.unitPrice.toString(), billed: charge.billedSeconds, amount: charge.amount.toString() }))).toEqual([
      { key: `leg:${legs[0]!.legId}`, rateId: oldDialIn!.id, price: '0.06', billed: 120, amount: '0.12' },
      // Recording is priced once, at the rate in force when the conference started (the first join).
      { key: `recording:${event.payload.conferenceId}`, rateId: recording!.id, price: '2.5', billed: 0, amount: '2.5' },
      { key: `leg:${legs[1]!.legId}`, rateId: newDialIn!.id, price: '0.05', billed: 120, amount: '0.1' },
      { key: `leg:${legs[2]!.legId}`, rateId: tollFree!.id, price: '0.09', billed: 60, amount: '0.09' },
    ]);
    for (const charge of charges) {
      expect(charge).toMatchObject({ contractId: contract.id, conferenceId: event.payload.conferenceId, bookingId: event.payload.bookingId, currency: 'EUR' });
    }
    expect(charges.find((charge) => charge.service === 'CONFERENCE_TOLL_FREE')).toMatchObject({ billingIncrementSeconds: 30, legId: legs[2]!.legId });
    // The customer had no billing account: it was opened in the currency of its rates, with the open period of the usage.
    const account = await prisma.billingAccount.findUniqueOrThrow({ where: { customerId }, include: { periods: true } });
    expect(account).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Rome', vatTreatment: 'STANDARD', natura: null });
    expect(account.vatRate.toString()).toBe('22');
    expect(account.periods.map((period) => [period.startsOn.toISOString().slice(0, 10), period.endsOn.toISOString().slice(0, 10), period.status])).toEqual([['2026-11-01', '2026-11-30', 'OPEN']]);
  });

  it('asks sales once per batch and writes a fixed number of statements, however many legs', async () => {
    const customers = Array.from({ length: 5 }, () => sales.addCustomer(standardRates()).customerId);
    const batch = (conferences: number) =>
      Array.from({ length: conferences }, (_, index) =>
        conferenceEnded(customers[index % customers.length]!, Array.from({ length: 6 }, (_, leg) => ({ joinedAt: `2026-11-12T09:${String(leg).padStart(2, '0')}:00Z`, seconds: 300 + leg, tollFree: leg % 2 === 1 }))),
      );
    // A first batch opens the accounts and periods, so the two measured batches do the same work.
    await deliver(batch(5));

    const statementsFor = async (conferences: number) => {
      const events = batch(conferences);
      sales.requests = 0;
      db.queries.reset();
      const outcomes = await deliver(events);
      expect([...outcomes.values()].every((outcome) => outcome.status === 'applied')).toBe(true);
      expect(sales.requests).toBe(1);
      return db.queries.total;
    };
    const small = await statementsFor(10);
    const large = await statementsFor(200);
    expect(large).toBe(small);
    expect(await prisma.usageCharge.count()).toBe((5 + 10 + 200) * 6);
  });

  it('charges the same call record once, delivered twice in one batch, again, or in another event', async () => {
    const { customerId } = sales.addCustomer(standardRates());
    const event = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 600 }, { joinedAt: '2026-11-12T10:00:05Z', seconds: 500 }], { recording: true });
    const redelivered = { ...event, id: crypto.randomUUID() };
    await deliver([event, redelivered]);
    await deliver([event]);
    await deliver([redelivered]);
    expect(await prisma.usageCharge.count()).toBe(3);
    const { _sum } = await prisma.usageCharge.aggregate({ _sum: { amount: true } });
    // 600 s + 540 s at 0.05/min = 0.50 + 0.45, plus 2.50 recording.
    expect(_sum.amount?.toString()).toBe('3.45');
  });

  it('parks a conference with a leg it cannot price, writes none of it, and charges it on replay once the rate exists', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    const priceable = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 120 }]);
    const missingTollFree = conferenceEnded(customerId, [
      { joinedAt: '2026-11-12T11:00:00Z', seconds: 120 },
      { joinedAt: '2026-11-12T11:00:10Z', seconds: 120, tollFree: true },
    ]);
    const outcomes = await deliver([priceable, missingTollFree]);
    expect(outcomes.get(priceable.id)).toEqual({ status: 'applied' });
    expect(outcomes.get(missingTollFree.id)).toEqual({
      status: 'parked',
      reason: `customer ${customerId} has no CONFERENCE_TOLL_FREE rate in force at 2026-11-12T11:00:10.000Z nor when its conference started (2026-11-12T11:00:00.000Z); price CONFERENCE_TOLL_FREE for that time in sales (a contract in force then), then replay this event`,
    });
    // All or nothing: the dial-in leg of the parked conference is not charged either (never at zero).
    expect(await prisma.usageCharge.count({ where: { conferenceId: missingTollFree.payload.conferenceId } })).toBe(0);

    sales.addRate(customerId, perMinuteRate('CONFERENCE_TOLL_FREE', '0.09'));
    expect((await deliver([missingTollFree])).get(missingTollFree.id)).toEqual({ status: 'applied' });
    expect(await prisma.usageCharge.count({ where: { conferenceId: missingTollFree.payload.conferenceId } })).toBe(2);
  });

  it('parks usage whose rate is in another currency than the billing account, and a customer sales does not know', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 60 }])]);
    sales.customers.get(customerId)![0]!.rates = [{ ...sales.customers.get(customerId)![0]!.rates[0]!, currency: 'USD' }];
    const inDollars = conferenceEnded(customerId, [{ joinedAt: '2026-11-13T10:00:00Z', seconds: 60 }]);
    const stranger = conferenceEnded(crypto.randomUUID(), [{ joinedAt: '2026-11-13T10:00:00Z', seconds: 60 }]);
    const outcomes = await deliver([inDollars, stranger]);
    expect(outcomes.get(inDollars.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('is billed in EUR but its CONFERENCE_DIAL_IN rate') });
    expect(outcomes.get(stranger.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('is unknown to sales') });
    expect(await prisma.usageCharge.count()).toBe(1);
  });

  it('parks a malformed call record instead of retrying it for ever', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    const negative = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: -5 }]);
    const undated = conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 60 }]);
    undated.payload.legs[0]!.joinedAt = 'yesterday';
    const outcomes = await deliver([negative, undated]);
    expect(outcomes.get(negative.id)).toMatchObject({
      status: 'parked',
      reason: expect.stringContaining(`malformed call record (leg ${negative.payload.legs[0]!.legId}: seconds must be a non-negative integer, got -5)`),
    });
    expect(outcomes.get(undated.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('malformed call record') });
    expect(await prisma.usageCharge.count()).toBe(0);
  });

  it('cuts periods in the account time zone: 00:30 in Rome on 1 December is December, 23:30 on 30 November is November', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    const november = conferenceEnded(customerId, [{ joinedAt: '2026-11-30T22:30:00Z', seconds: 60 }]);
    const december = conferenceEnded(customerId, [{ joinedAt: '2026-11-30T23:30:00Z', seconds: 60 }]);
    await deliver([november, december]);
    const periods = await prisma.billingPeriod.findMany({ include: { charges: true }, orderBy: { startsOn: 'asc' } });
    expect(periods.map((period) => ({ startsOn: period.startsOn.toISOString().slice(0, 10), status: period.status, conferences: period.charges.map((charge) => charge.conferenceId) }))).toEqual([
      { startsOn: '2026-11-01', status: 'OPEN', conferences: [november.payload.conferenceId] },
      // Usage after the open period is never refused: the next period is cut, to open when November closes.
      { startsOn: '2026-12-01', status: 'UPCOMING', conferences: [december.payload.conferenceId] },
    ]);
  });

  it('bills a late call record for a closed period on the open period', async () => {
    const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.05')]);
    await deliver([conferenceEnded(customerId, [{ joinedAt: '2026-11-12T10:00:00Z', seconds: 60 }])]);
    const account = await prisma.billingAccount.findUniqueOrThrow({ where: { customerId } });
    await prisma.$transaction([
      prisma.billingPeriod.updateMany({ where: { accountId: account.id }, data: { status: 'CLOSED' } }),
      prisma.billingPeriod.create({ data: { accountId: account.id, startsOn: new Date('2026-12-01'), endsOn: new Date('2026-12-31'), status: 'OPEN' } }),
    ]);
    const late = conferenceEnded(customerId, [{ joinedAt: '2026-11-20T10:00:00Z', seconds: 60 }]);
    expect((await deliver([late])).get(late.id)).toEqual({ status: 'applied' });
    const charge = await prisma.usageCharge.findFirstOrThrow({ where: { conferenceId: late.payload.conferenceId }, include: { period: true } });
    expect(charge.period.startsOn.toISOString().slice(0, 10)).toBe('2026-12-01');
  });

  describe('believes no figure it can recompute', () => {
    const at = '2026-11-12T10:00:00Z';
    const minutes = (iso: string, count: number) => new Date(new Date(iso).getTime() + count * 60_000).toISOString();
    const parkedFor = (event: IntegrationEvent<ConferenceEnded>, why: string) => ({
      status: 'parked',
      reason: `conference ${event.payload.conferenceId} has a malformed call record (${why}); correct it in conferencing, then replay this event`,
    });

    it('parks a forged conference.ended whose seconds say 100,000 when its leg lasted 60 s (it charged 100 EUR), and charges nothing of it', async () => {
      const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.06')]);
      const forged = conferenceEnded(customerId, [{ joinedAt: at, seconds: 60 }, { joinedAt: at, seconds: 60 }]);
      const leg = forged.payload.legs[1]!;
      leg.seconds = 100_000;
      expect((await deliver([forged])).get(forged.id)).toEqual(parkedFor(forged, `leg ${leg.legId}: seconds says 100000 but leftAt − joinedAt is 60 s`));
      // The honest leg of the same conference is not charged either: whole or nothing.
      expect(await prisma.usageCharge.count()).toBe(0);
    });

    it('bills connection time from leftAt − joinedAt in whole seconds, the reported seconds allowed one second astray', async () => {
      const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.06', { increment: 1 })]);
      const event = conferenceEnded(customerId, [{ joinedAt: at, seconds: 60 }, { joinedAt: at, seconds: 60 }]);
      const [roundedUp, milliseconds] = event.payload.legs;
      roundedUp!.seconds = 61;
      // 59.5 s between the instants: the bridge counts 59 whole seconds, and so does billing.
      milliseconds!.joinedAt = '2026-11-12T10:00:00.700Z';
      milliseconds!.leftAt = '2026-11-12T10:01:00.200Z';
      milliseconds!.seconds = 60;
      event.payload.endedAt = milliseconds!.leftAt;
      expect((await deliver([event])).get(event.id)).toEqual({ status: 'applied' });
      const charges = await prisma.usageCharge.findMany({ orderBy: { occurredAt: 'asc' } });
      expect(charges.map((charge) => [charge.legId, charge.seconds, charge.billedSeconds, charge.amount.toString()])).toEqual([
        [roundedUp!.legId, 60, 60, '0.06'],
        [milliseconds!.legId, 59, 59, '0.059'],
      ]);
    });

    it('parks a leg that left before it joined, one without a valid leftAt, and one outside its conference, naming the leg', async () => {
      const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.06')]);
      const backwards = conferenceEnded(customerId, [{ joinedAt: at, seconds: 120 }]);
      const backwardsLeg = backwards.payload.legs[0]!;
      [backwardsLeg.joinedAt, backwardsLeg.leftAt] = [backwardsLeg.leftAt, backwardsLeg.joinedAt];
      const missing = conferenceEnded(customerId, [{ joinedAt: at, seconds: 120 }]);
      delete (missing.payload.legs[0] as Partial<CallRecord>).leftAt;
      const invalid = conferenceEnded(customerId, [{ joinedAt: at, seconds: 120 }]);
      invalid.payload.legs[0]!.leftAt = '2026-11-31T10:02:00Z';
      const early = conferenceEnded(customerId, [{ joinedAt: at, seconds: 120 }]);
      early.payload.startedAt = minutes(at, 1);
      const late = conferenceEnded(customerId, [{ joinedAt: at, seconds: 120 }]);
      late.payload.endedAt = minutes(at, 1);

      const outcomes = await deliver([backwards, missing, invalid, early, late]);
      expect(outcomes.get(backwards.id)).toEqual(parkedFor(backwards, `leg ${backwardsLeg.legId}: leftAt 2026-11-12T10:00:00.000Z is before joinedAt 2026-11-12T10:02:00.000Z`));
      expect(outcomes.get(missing.id)).toEqual(parkedFor(missing, `leg ${missing.payload.legs[0]!.legId}: leftAt is missing, not an ISO 8601 instant`));
      expect(outcomes.get(invalid.id)).toEqual(parkedFor(invalid, `leg ${invalid.payload.legs[0]!.legId}: leftAt is "2026-11-31T10:02:00Z", not an ISO 8601 instant`));
      expect(outcomes.get(early.id)).toEqual(
        parkedFor(early, `leg ${early.payload.legs[0]!.legId}: 2026-11-12T10:00:00.000Z..2026-11-12T10:02:00.000Z is outside the conference's 2026-11-12T10:01:00.000Z..2026-11-12T10:02:00.000Z`),
      );
      expect(outcomes.get(late.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining(`leg ${late.payload.legs[0]!.legId}: 2026-11-12T10:00:00.000Z..2026-11-12T10:02:00.000Z is outside the conference's`) });
      expect(await prisma.usageCharge.count()).toBe(0);
    });

    it('parks a conference that ended before it started or lasted longer than anyone can book, recording included', async () => {
      const { customerId } = sales.addCustomer([perMinuteRate('CONFERENCE_DIAL_IN', '0.06'), perMinuteRate('CONFERENCE_RECORDING', '0.10')]);
      // A recording is charged by the conference's length: a forged endedAt a year later would bill it for a year.
      const yearLong = conferenceEnded(customerId, [{ joinedAt: at, seconds: 60 }], { recording: true });
      yearLong.payload.endedAt = '2027-11-12T10:00:00.000Z';
      const reversed = conferenceEnded(customerId, [], { recording: true });
      reversed.payload.endedAt = minutes(reversed.payload.startedAt, -5);
      const outcomes = await deliver([yearLong, reversed]);
      expect(outcomes.get(yearLong.id)).toEqual(
        parkedFor(yearLong, `the conference lasted 8760.0 h (2026-11-12T10:00:00.000Z..2027-11-12T10:00:00.000Z), longer than the ${MAX_CONFERENCE_HOURS} h billing believes`),
      );
      expect(outcomes.get(reversed.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('conference endedAt 2026-11-10T08:55:00.000Z is before its startedAt 2026-11-10T09:00:00.000Z') });
      expect(await prisma.usageCharge.count()).toBe(0);
    });
  });
});

/**
 * Issue 15: contract days are days in Rome, as billing periods are, and a conference that
 * outlives its contract is charged under it. The instants are written in Rome's offset.
 */
describe('contracts on the company clock', () => {
  /** A customer whose one contract runs over the given Rome days, with the given rates. */
  function customerWithTerm(startsOn: string, endsOn: string | null, rates: Parameters<FakeSales['addCustomer']>[0]) {
    const added = sales.addCustomer(rates);
    Object.assign(added.contract, { startsOn, endsOn, status: endsOn ? 'TERMINATED' : 'ACTIVE' });
    return added;
  }
  const chargesOf = async (conferenceId: string) =>
    (await prisma.usageCharge.findMany({ where: { conferenceId }, orderBy: [{ occurredAt: 'asc' }, { usageKey: 'asc' }] })).map((charge) => ({
      key: charge.usageKey,
      rateId: charge.rateId,
      amount: charge.amount.toString(),
    }));

  it('prices a call at 00:30 Rome on the first day of a contract starting 2026-01-01, at a rate from 2026-01-01T00:00+01:00', async () => {
    const { customerId, contract } = customerWithTerm('2026-01-01', null, [perMinuteRate('CONFERENCE_DIAL_IN', '0.05', { from: '2026-01-01T00:00:00+01:00' })]);
    const firstMinutes = conferenceEnded(customerId, [{ joinedAt: '2026-01-01T00:30:00+01:00', seconds: 60 }]);
    // 23:30 Rome on 31 December: before the contract, whatever the UTC day says.
    const dayBefore = conferenceEnded(customerId, [{ joinedAt: '2025-12-31T23:30:00+01:00', seconds: 60 }]);
    const outcomes = await deliver([firstMinutes, dayBefore]);
    expect(outcomes.get(firstMinutes.id)).toEqual({ status: 'applied' });
    expect(await chargesOf(firstMinutes.payload.conferenceId)).toEqual([{ key: `leg:${firstMinutes.payload.legs[0]!.legId}`, rateId: contract.rates[0]!.id, amount: '0.05' }]);
    expect(outcomes.get(dayBefore.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('has no CONFERENCE_DIAL_IN rate in force at 2025-12-31T22:30:00.000Z') });
  });

  it('ends a contract at midnight Rome after its last day, 25 hours after it began on the October DST night', async () => {
    // 25 October 2026 has 25 hours in Rome: it ends at 2026-10-25T23:00Z, not at 22:00Z or 24:00Z.
    const { customerId } = customerWithTerm('2026-01-01', '2026-10-25', [perMinuteRate('CONFERENCE_DIAL_IN', '0.05', { from: '2026-01-01T00:00:00+01:00' })]);
    const lastMinutes = conferenceEnded(customerId, [{ joinedAt: '2026-10-25T23:58:00+01:00', seconds: 60 }]);
    const nextDay = conferenceEnded(customerId, [{ joinedAt: '2026-10-26T00:00:00+01:00', seconds: 60 }]);
    const outcomes = await deliver([lastMinutes, nextDay]);
    expect(outcomes.get(lastMinutes.id)).toEqual({ status: 'applied' });
    expect(outcomes.get(nextDay.id)).toMatchObject({ status: 'parked', reason: expect.stringContaining('has no CONFERENCE_DIAL_IN rate in force at 2026-10-25T23:00:00.000Z') });
  });

  /**
   * A conference from 23:40 Rome on the contract's last day (31 December), recorded, with a
   * toll-free leg joining on 1 January: by default at 01:10 Rome, after the contract's end in
   * Rome and in UTC alike.
   */
  function pastMidnight(customerId: string, lateJoin = '2027-01-01T01:10:00+01:00') {
    return conferenceEnded(
      customerId,
      [
        { joinedAt: '2026-12-31T23:40:00+01:00', seconds: 3600 },
        { joinedAt: lateJoin, seconds: 600, tollFree: true },
      ],
      { recording: true },
    );
  }
  const lastDayRates = () => [perMinuteRate('CONFERENCE_DIAL_IN', '0.05'), perMinuteRate('CONFERENCE_TOLL_FREE', '0.09'), perCallRate('CONFERENCE_RECORDING', '2.50')];

  it('charges a conference that runs past its contract’s end at the rates in force when it started, leg by leg', async () => {
    const { customerId, contract } = customerWithTerm('2025-01-01', '2026-12-31', lastDayRates());
    const [dialIn, tollFree, recording] = contract.rates;
    const event = pastMidnight(customerId);
    expect((await deliver([event])).get(event.id)).toEqual({ status: 'applied' });
    const [early, late] = event.payload.legs;
    expect(await chargesOf(event.payload.conferenceId)).toEqual([
      { key: `leg:${early!.legId}`, rateId: dialIn!.id, amount: '3' },
      { key: `recording:${event.payload.conferenceId}`, rateId: recording!.id, amount: '2.5' },
      // Joined on 1 January, after the contract's last day: the toll-free rate of 23:40 on 31 December.
      { key: `leg:${late!.legId}`, rateId: tollFree!.id, amount: '0.9' },
    ]);
    // Each charge still lands in the period of the instant it happened (Rome): the late leg in January.
    const periods = await prisma.usageCharge.findMany({ where: { conferenceId: event.payload.conferenceId }, select: { legId: true, period: { select: { startsOn: true } } } });
    expect(periods.find((charge) => charge.legId === late!.legId)?.period.startsOn.toISOString().slice(0, 10)).toBe('2027-01-01');
  });

  it('prices a leg that joined under the next contract at that contract’s rate', async () => {
    const { customerId, contract } = customerWithTerm('2025-01-01', '2026-12-31', lastDayRates());
    const renewalId = crypto.randomUUID();
    const renewedTollFree = { ...perMinuteRate('CONFERENCE_TOLL_FREE', '0.07', { from: '2027-01-01T00:00:00+01:00' }), id: crypto.randomUUID(), contractId: renewalId };
    sales.customers.get(customerId)!.push({ id: renewalId, status: 'ACTIVE', startsOn: '2027-01-01', endsOn: null, rates: [renewedTollFree] });
    // 00:10 Rome on 1 January: still 31 December in UTC, when the old contract ran; in Rome the renewal's first minutes.
    const event = pastMidnight(customerId, '2027-01-01T00:10:00+01:00');
    expect((await deliver([event])).get(event.id)).toEqual({ status: 'applied' });
    const late = await prisma.usageCharge.findUniqueOrThrow({ where: { usageKey: `leg:${event.payload.legs[1]!.legId}` } });
    expect({ rateId: late.rateId, contractId: late.contractId, amount: late.amount.toString() }).toEqual({ rateId: renewedTollFree.id, contractId: renewalId, amount: '0.7' });
    expect(contract.rates).toHaveLength(3);
  });

  it('charges on replay a conference parked because it ran past its contract’s end', async () => {
    const { customerId } = customerWithTerm('2025-01-01', '2026-12-31', lastDayRates());
    const event = pastMidnight(customerId);
    // As billing left it before this rule: parked, with no way for sales to add a rate to a terminated contract.
    await parkFailedEvents(prisma, [event], `customer ${customerId} has no CONFERENCE_TOLL_FREE rate in force at 2027-01-01T00:10:00.000Z; add one in sales (addContractRate), then replay this event`);
    expect(await prisma.usageCharge.count()).toBe(0);

    const replayed = await replayInboxEvent(prisma as unknown as EventStore, [handler], event.id);
    expect(replayed).toMatchObject({ status: 'APPLIED', error: null });
    const { _sum, _count } = await prisma.usageCharge.aggregate({ where: { conferenceId: event.payload.conferenceId }, _sum: { amount: true }, _count: true });
    expect({ charges: _count, total: _sum.amount?.toString() }).toEqual({ charges: 3, total: '6.4' });
  });
});
