/**
 * The figures of a customer's open billing period: what sales shows on the customer profile.
 * `chargesToDate` is the net total of the invoice the period would get now, computed by the
 * same functions as the invoice (invoice-lines.ts), so it is what the invoice will say.
 */
import { invoiceLines, invoiceTotals } from './invoicing/invoice-lines.js';
import { vatTermsOf } from './invoicing/close-period.js';
import type { BillingLoaders } from './loaders.js';
import type { BillingSummaryParent } from './models.js';

/** Shown for customers billing has no account for yet, so the field can stay non-null. */
export const DEFAULT_CURRENCY = 'EUR';

export async function currentBillingOf(customerId: string, loaders: BillingLoaders): Promise<BillingSummaryParent> {
  const account = await loaders.accountOfCustomer.load(customerId);
  const period = account ? await loaders.openPeriodOfAccount.load(account.id) : null;
  const usage = period ? await loaders.usageOfPeriod.load(period.id) : null;
  const currency = account?.currency ?? DEFAULT_CURRENCY;
  const lines = account ? invoiceLines(usage?.groups ?? [], vatTermsOf(account)) : [];
  const totals = invoiceTotals(lines, currency);
  return {
    period,
    calls: usage?.calls ?? 0,
    legs: usage?.legs ?? 0,
    billedSeconds: usage?.billedSeconds ?? 0,
    charges: totals.netTotal,
    currency,
    lastUsageAt: usage?.lastUsageAt ?? null,
    draftInvoice: period ? { period, currency, totals, lines: lines.map((line) => ({ ...line, periodId: period.id, currency })) } : null,
  };
}
