/**
 * Closing a billing period: its invoice is issued and the next period opens, in one transaction.
 *
 * The period row is locked first (UPDATE to CLOSED): rating transactions writing charges to it
 * hold it FOR SHARE (the UsageCharge trigger), so the close waits for them, and any charge
 * written after the close is refused by the database and retried by the rating, landing on the
 * next period. Then the charges are read, the lines computed (invoice-lines.ts, the same
 * function as currentBilling), numbered from the locked counter, inserted as a draft and issued.
 */
import type { BillingPrisma } from '../database.js';
import type { BillingAccount, BillingPeriod, Invoice, Prisma } from '../generated/prisma/client.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { validate, uuid } from '../../shared/validation.js';
import { invoiceLines, invoiceTotals, type ChargeGroup } from './invoice-lines.js';
import { nextDocumentNumber } from './numbering.js';
import { startEInvoiceTransmission } from './einvoice-transmission.js';
import { hasEnded, isoDay, localDate, periodAfter, type PeriodRule } from './periods.js';
import { paymentDueOn, settingsForPeriodStartingOn } from './account-settings.js';
import { lineVatTermsOf, treatmentOfRow, type LineVatTerms } from './vat-treatment.js';
import type { BillingPeriodCloseOutcomeParent, BillingPeriodClosingParent } from '../models.js';
import type { Clock } from '../../shared/clock.js';
import { euroExchangeRateFor, NO_EURO_EXCHANGE_RATES, type EuroExchangeRates } from './euro-exchange-rates.js';
import { prefetchedRecipients, readRecipient, recipientRow, type CustomerFiscalData, type RecipientReader } from './recipients.js';
import { contractForInvoice, invoiceContractRow } from './invoice-contracts.js';

/** What the lines of a period's invoice say about VAT: the account's treatment in force for the period. */
export function vatTermsOf(settings: Parameters<typeof treatmentOfRow>[0]): LineVatTerms {
  return lineVatTermsOf(treatmentOfRow(settings));
}

/** The charges of periods summed per service and price: what the lines are computed from. */
export async function chargeGroupsOf(db: Pick<Prisma.TransactionClient, '$queryRaw'>, periodIds: string[]): Promise<(ChargeGroup & { periodId: string })[]> {
  if (periodIds.length === 0) return [];
  const rows = await db.$queryRaw<{ periodId: string; service: string; unit: string; unitPrice: { toString(): string }; currency: string; billedSeconds: number; charges: number }[]>`
    SELECT "periodId", "service", "unit", "unitPrice", "currency",
           coalesce(sum("billedSeconds"), 0)::int AS "billedSeconds", count(*)::int AS "charges"
      FROM "UsageCharge"
     WHERE "periodId" = ANY(${periodIds}::uuid[])
     GROUP BY "periodId", "service", "unit", "unitPrice", "currency"`;
  return rows.map((row) => ({ ...row, unitPrice: row.unitPrice.toString() }));
}

/**
 * `now` is when the request arrived, which decides whether the period is over; the invoice is
 * dated by `clock` when it is numbered (numbering.ts), which may be later. The recipient and the
 * customer's contracts are read from sales before the transaction (no lock waits on sales); the
 * recipient and the contract in force for the period are stored with the invoice in it.
 */
export async function closeBillingPeriod(
  prisma: BillingPrisma,
  rawCustomerId: string,
  now: Date,
  clock: Clock,
  endsEarlyOn: Date | undefined,
  recipients: RecipientReader,
  euroExchangeRates: EuroExchangeRates = NO_EURO_EXCHANGE_RATES,
): Promise<BillingPeriodClosingParent> {
  const customerId = validate(uuid, rawCustomerId, 'customerId');
  if (endsEarlyOn && Number.isNaN(endsEarlyOn.getTime())) throw badUserInput('endsOn', 'must be a valid date');
  // Before asking sales: a customer billing has no account for is NOT_FOUND whether sales is up or not.
  if (!(await prisma.billingAccount.findUnique({ where: { customerId }, select: { id: true } }))) throw notFound('Billing account of customer', customerId);
  const recipient = await readRecipient(recipients, customerId, { whatFailed: 'The period was not closed and no invoice was issued', retry: 'Close it again once sales answers.' });
  return prisma.$transaction(async (tx) => {
    const account = await tx.billingAccount.findUnique({ where: { customerId } });
    if (!account) throw notFound('Billing account of customer', customerId);
    const open = await tx.billingPeriod.findFirst({ where: { accountId: account.id, status: 'OPEN' } });
    if (!open) throw conflict(`Customer ${customerId} has no open billing period to close.`);
    const endsOn = endsEarlyOn ? await earlyEnd(tx, account, open, endsEarlyOn, now) : open.endsOn;
    if (!endsEarlyOn && !hasEnded(open, now, account.timeZone)) {
      throw conflict(
        `The billing period ${isoDay(open.startsOn)} to ${isoDay(open.endsOn)} runs until the end of ${isoDay(open.endsOn)} (${account.timeZone}); close it after its last day, or give endsOn to close it early.`,
        { periodId: open.id },
      );
    }
    // Only one closer wins: the other finds the period no longer OPEN once the first commits.
    const closed = await tx.billingPeriod.updateMany({ where: { id: open.id, status: 'OPEN' }, data: { status: 'CLOSED', endsOn } });
    if (closed.count === 0) throw conflict(`The billing period ${isoDay(open.startsOn)} to ${isoDay(open.endsOn)} was closed by someone else meanwhile.`);
    const closedPeriod = { ...open, endsOn, status: 'CLOSED' as const };

    const invoice = await issueInvoice(tx, account, closedPeriod, clock, recipient, euroExchangeRates);
    const openPeriod =
      endsOn.getTime() < open.endsOn.getTime()
        ? // The rest of the planned period: later periods keep their calendar bounds.
          await tx.billingPeriod.create({ data: { accountId: account.id, startsOn: new Date(endsOn.getTime() + 86_400_000), endsOn: open.endsOn, status: 'OPEN' } })
        : await openNextPeriod(tx, account, closedPeriod);
    return { closedPeriod, invoice, openPeriod };
  });
}

/** The day an early close ends the open period on, once it is checked against the period, today and its usage. */
async function earlyEnd(tx: Prisma.TransactionClient, account: BillingAccount, open: BillingPeriod, endsOn: Date, now: Date): Promise<Date> {
  const day = isoDay(endsOn);
  const today = localDate(now, account.timeZone);
  if (day < isoDay(open.startsOn) || day > isoDay(open.endsOn)) {
    throw badUserInput('endsOn', `must lie within the open period, ${isoDay(open.startsOn)} to ${isoDay(open.endsOn)}; got ${day}`);
  }
  if (day > today) throw badUserInput('endsOn', `cannot be after today (${today} in ${account.timeZone}); got ${day}`);
  // Rating holds the period FOR SHARE while it writes; locking it first means no charge can
  // arrive between reading the last usage and closing.
  await tx.$executeRaw`SELECT 1 FROM "BillingPeriod" WHERE "id" = ${open.id}::uuid FOR UPDATE`;
  const [last] = await tx.usageCharge.findMany({ where: { periodId: open.id }, orderBy: { occurredAt: 'desc' }, take: 1, select: { occurredAt: true } });
  const lastUsageDay = last ? localDate(last.occurredAt, account.timeZone) : null;
  if (lastUsageDay && lastUsageDay > day) {
    throw conflict(`The period holds usage rated on ${lastUsageDay} (${account.timeZone}); close it on that day or later.`, { periodId: open.id, lastUsageDay });
  }
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * Every open period over by `endedOn` (and by now, in its account's time zone), each in its own
 * transaction: what became of each account, a failure with its reason, so the caller sees which
 * accounts are left to fix and close again.
 */
export async function closeBillingPeriods(
  prisma: BillingPrisma,
  endedOn: Date,
  now: Date,
  clock: Clock,
  recipients: RecipientReader,
  euroExchangeRates: EuroExchangeRates = NO_EURO_EXCHANGE_RATES,
): Promise<BillingPeriodCloseOutcomeParent[]> {
  if (Number.isNaN(endedOn.getTime())) throw badUserInput('endedOn', 'must be a valid date');
  const due = await prisma.billingPeriod.findMany({
    where: { status: 'OPEN', endsOn: { lte: endedOn } },
    include: { account: { select: { customerId: true, timeZone: true } } },
    orderBy: { accountId: 'asc' },
  });
  const ended = due.filter((candidate) => hasEnded(candidate, now, candidate.account.timeZone));
  // One request to sales for every recipient of the run; if it fails, each account fails with why.
  const recipientsOfRun = await prefetchedRecipients(recipients, ended.map((period) => period.account.customerId));
  const outcomes: BillingPeriodCloseOutcomeParent[] = [];
  for (const { account, ...period } of ended) {
    try {
      const closing = await closeBillingPeriod(prisma, account.customerId, now, clock, undefined, recipientsOfRun, euroExchangeRates);
      outcomes.push({ customerId: account.customerId, period: closing.closedPeriod, status: closing.invoice ? 'INVOICED' : 'NOTHING_TO_INVOICE', closing, failure: null });
    } catch (error) {
      outcomes.push({ customerId: account.customerId, period, status: 'FAILED', closing: null, failure: (error as Error).message });
    }
  }
  return outcomes;
}

async function issueInvoice(
  tx: Prisma.TransactionClient,
  account: BillingAccount,
  period: BillingPeriod,
  clock: Clock,
  recipient: CustomerFiscalData,
  euroExchangeRates: EuroExchangeRates,
): Promise<Invoice | null> {
  const groups = await chargeGroupsOf(tx, [period.id]);
  if (groups.length === 0) return null;
  const foreign = groups.find((group) => group.currency !== account.currency);
  // Rating refuses such charges; one here is a bug to see, not a mixed-currency invoice to issue.
  if (foreign) throw new Error(`Period ${period.id} holds ${foreign.currency} charges on a ${account.currency} account`);
  const euroExchangeRate = euroExchangeRateFor(account.currency, euroExchangeRates, account.customerId);
  const contract = contractForInvoice(recipient, account.customerId, period);
  const lines = invoiceLines(groups, vatTermsOf(account));
  const totals = invoiceTotals(lines, account.currency);
  const { number, issuedAt } = await nextDocumentNumber(tx, 'INV', clock);
  const draft = await tx.invoice.create({
    data: {
      accountId: account.id,
      periodId: period.id,
      number,
      status: 'DRAFT',
      currency: account.currency,
      ...totals,
      issuedAt,
      paymentDueOn: paymentDueOn(issuedAt, account),
      paymentIban: account.iban,
      euroExchangeRate,
    },
  });
  await tx.invoiceLine.createMany({ data: lines.map((line) => ({ ...line, invoiceId: draft.id })) });
  await tx.invoiceRecipient.create({ data: recipientRow(draft.id, recipient, issuedAt) });
  if (contract) await tx.invoiceContract.create({ data: invoiceContractRow(draft.id, contract, issuedAt) });
  const issued = await tx.invoice.update({ where: { id: draft.id }, data: { status: 'ISSUED' } });
  await startEInvoiceTransmission(tx, { invoiceId: issued.id }, issuedAt);
  return issued;
}

/**
 * The period after the closed one opens under the settings in force from its first day (a change
 * made during the closed period takes effect now): the UPCOMING one usage already fell in, or a
 * new one. A new period rule cuts it: the first quarterly period after monthly ones runs to the
 * end of its quarter; an UPCOMING period cut by the old rule is trimmed or stretched to match.
 */
async function openNextPeriod(tx: Prisma.TransactionClient, closingAccount: BillingAccount, closed: BillingPeriod): Promise<BillingPeriod> {
  const startsOn = new Date(closed.endsOn.getTime() + 86_400_000);
  const account = await settingsForPeriodStartingOn(tx, closingAccount, startsOn);
  const { endsOn } = periodAfter(closed, account.periodRule as PeriodRule);
  const upcoming = await tx.billingPeriod.findUnique({ where: { accountId_startsOn: { accountId: account.id, startsOn } } });
  if (!upcoming) return tx.billingPeriod.create({ data: { accountId: account.id, startsOn, endsOn, status: 'OPEN' } });
  if (upcoming.endsOn.getTime() === endsOn.getTime()) return tx.billingPeriod.update({ where: { id: upcoming.id }, data: { status: 'OPEN' } });
  const later = await tx.billingPeriod.findFirst({ where: { accountId: account.id, status: 'UPCOMING', startsOn: { gt: startsOn } }, orderBy: { startsOn: 'asc' } });
  const [outside] = await tx.usageCharge.findMany({ where: { periodId: upcoming.id }, orderBy: { occurredAt: 'desc' }, take: 1, select: { occurredAt: true } });
  if (later || (outside && localDate(outside.occurredAt, account.timeZone) > isoDay(endsOn))) {
    throw conflict(
      `The period rule changes to ${account.periodRule} from ${isoDay(startsOn)}, but usage already fell in periods cut by the old rule after ${isoDay(endsOn)}; close this period before the next one ends, or set the period rule back.`,
      { periodId: upcoming.id },
    );
  }
  return tx.billingPeriod.update({ where: { id: upcoming.id }, data: { status: 'OPEN', endsOn } });
}
