/** The figures of a customer's open billing period: what sales shows on the customer profile. */
import type { BillingLoaders } from './loaders.js';
import type { BillingSummaryParent } from './models.js';

/** Shown for customers billing has no account for yet, so the field can stay non-null. */
export const DEFAULT_CURRENCY = 'EUR';

export async function currentBillingOf(customerId: string, loaders: BillingLoaders): Promise<BillingSummaryParent> {
  const account = await loaders.accountOfCustomer.load(customerId);
  const period = account ? await loaders.openPeriodOfAccount.load(account.id) : null;
  const usage = period ? await loaders.usageOfPeriod.load(period.id) : null;
  return {
    period,
    calls: usage?.calls ?? 0,
    legs: usage?.legs ?? 0,
    billedSeconds: usage?.billedSeconds ?? 0,
    charges: usage?.charges ?? 0,
    currency: account?.currency ?? DEFAULT_CURRENCY,
    lastUsageAt: usage?.lastUsageAt ?? null,
  };
}
