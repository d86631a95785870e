/**
 * The figures of a customer's current billing period: what sales shows on the customer profile,
 * and the ended period still waiting for its invoice, for billing.
 *
 * "Current" is the period the request's instant falls in, in the account's time zone:
 * - normally the OPEN period;
 * - between a period's last day and its close (the month-end run on the 1st, say), the period
 *   after it, where that day's calls land: UPCOMING once a call has fallen in it, and before
 *   that an empty one with its dates but no row (`period` null). The ended period is
 *   `billingAwaitingInvoice` until it is closed;
 * - after an early close (`closeBillingPeriod(endsOn: today)`), the OPEN remainder, which takes
 *   today's calls although it starts tomorrow.
 * `chargesToDate` is the net total of the invoice the period would get now, computed by the same
 * functions as the invoice (invoice-lines.ts), under the VAT treatment in force for the period (a
 * change made during the open period already applies to the period after it), so it is what the
 * invoice will say.
 */
import type { BillingAccount, BillingPeriod } from './generated/prisma/client.js';
import { invoiceLines, invoiceTotals, netTotalOf, type ChargeGroup } from './invoicing/invoice-lines.js';
import { vatTermsOf } from './invoicing/close-period.js';
import { settingsColumnsOf, settingsInForceOn } from './invoicing/account-settings.js';
import { treatmentOfRow } from './invoicing/vat-treatment.js';
import { hasEnded, periodOf, type PeriodBounds, type PeriodRule } from './invoicing/periods.js';
import type { BillingLoaders } from './loaders.js';
import type { BillingSummaryParent, DraftInvoiceParent } from './models.js';

/** Shown for customers billing has no account for yet, so the field can stay non-null. */
export const DEFAULT_CURRENCY = 'EUR';

interface CurrentPeriod {
  /** The period's row, null for a period no call has fallen in yet. */
  period: BillingPeriod | null;
  bounds: PeriodBounds;
}

/** Which of the account's live periods (OPEN and UPCOMING, oldest first) is current at `now`. */
export function currentPeriodOf(account: Pick<BillingAccount, 'timeZone' | 'periodRule'>, livePeriods: BillingPeriod[], now: Date): CurrentPeriod {
  const open = livePeriods.find((period) => period.status === 'OPEN');
  if (open && !hasEnded(open, now, account.timeZone)) return { period: open, bounds: open };
  const bounds = periodOf(now, account.timeZone, account.periodRule as PeriodRule);
  const upcoming = livePeriods.find((period) => period.status === 'UPCOMING' && period.startsOn.getTime() === bounds.startsOn.getTime());
  return { period: upcoming ?? null, bounds: upcoming ?? bounds };
}

async function summaryOf(account: BillingAccount, period: BillingPeriod | null, bounds: PeriodBounds | null, loaders: BillingLoaders): Promise<BillingSummaryParent> {
  const usage = period ? await loaders.usageOfPeriod.load(period.id) : null;
  const groups = usage?.groups ?? [];
  return {
    period,
    startsOn: bounds?.startsOn ?? null,
    endsOn: bounds?.endsOn ?? null,
    calls: usage?.calls ?? 0,
    legs: usage?.legs ?? 0,
    billedSeconds: usage?.billedSeconds ?? 0,
    charges: netTotalOf(groups, account.currency),
    currency: account.currency,
    lastUsageAt: usage?.lastUsageAt ?? null,
    // Its lines, VAT and wording cost more than all the figures above, and most queries (a page of
    // customers with their charges) never ask for it.
    draftInvoice: period ? () => draftInvoiceOf(account, period, bounds, groups, loaders) : async () => null,
  };
}

async function draftInvoiceOf(account: BillingAccount, period: BillingPeriod, bounds: PeriodBounds | null, groups: ChargeGroup[], loaders: BillingLoaders): Promise<DraftInvoiceParent> {
  const open = (await loaders.livePeriodsOfAccount.load(account.id)).find((candidate) => candidate.status === 'OPEN');
  // Only a period after the open one can be under a change not yet applied to the account.
  const afterOpen = bounds && open && bounds.startsOn.getTime() > open.startsOn.getTime();
  const settings = afterOpen ? settingsInForceOn(settingsColumnsOf(account), await loaders.settingsOfAccount.load(account.id), bounds.startsOn, open.startsOn) : settingsColumnsOf(account);
  const lines = invoiceLines(groups, vatTermsOf(settings));
  const totals = invoiceTotals(lines, account.currency);
  return { period, currency: account.currency, totals, vatTreatment: treatmentOfRow(settings), lines: lines.map((line) => ({ ...line, periodId: period.id, currency: account.currency })) };
}

export async function currentBillingOf(customerId: string, loaders: BillingLoaders, now: Date): Promise<BillingSummaryParent> {
  const account = await loaders.accountOfCustomer.load(customerId);
  if (!account) {
    return { period: null, startsOn: null, endsOn: null, calls: 0, legs: 0, billedSeconds: 0, charges: netTotalOf([], DEFAULT_CURRENCY), currency: DEFAULT_CURRENCY, lastUsageAt: null, draftInvoice: async () => null };
  }
  const { period, bounds } = currentPeriodOf(account, await loaders.livePeriodsOfAccount.load(account.id), now);
  return summaryOf(account, period, bounds, loaders);
}

/** The OPEN period once its last day is over and until it is closed, with its figures; null otherwise. */
export async function billingAwaitingInvoiceOf(customerId: string, loaders: BillingLoaders, now: Date): Promise<BillingSummaryParent | null> {
  const account = await loaders.accountOfCustomer.load(customerId);
  if (!account) return null;
  const open = (await loaders.livePeriodsOfAccount.load(account.id)).find((period) => period.status === 'OPEN');
  if (!open || !hasEnded(open, now, account.timeZone)) return null;
  return summaryOf(account, open, open, loaders);
}
