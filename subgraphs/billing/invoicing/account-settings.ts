/**
 * A billing account's settings (VAT treatment, payment terms, IBAN, time zone, period rule) and
 * their history. The account row holds the settings in force for its OPEN period; every version
 * is kept in BillingAccountSettings from the first day of the period it applies from. A change
 * made while a period is open applies from the period after it, so an invoice always states the
 * treatment its period started with; it is applied to the account when that period opens
 * (close-period.ts, `settingsForPeriodStartingOn`).
 */
import type { BillingPrisma } from '../database.js';
import type { BillingAccount, BillingAccountSettings, Prisma } from '../generated/prisma/client.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { uuid, validate } from '../../shared/validation.js';
import { ibanProblem } from '../einvoice/fiscal-codes.js';
import { isTimeZone, localDate, periodOf, type PeriodRule } from './periods.js';
import { isFieldProblem, treatmentColumns, treatmentOfRow, vatTreatmentOf, type VatTreatmentRequest } from './vat-treatment.js';

export interface BillingAccountSettingsRequest {
  vatTreatment?: VatTreatmentRequest | null;
  paymentTerms?: { days: number; endOfMonth?: boolean | null } | null;
  iban?: string | null;
  timeZone?: string | null;
  periodRule?: PeriodRule | null;
}

/** The columns a version of the settings is stored in, on the account and in its history alike. */
export type SettingsColumns = Pick<
  BillingAccountSettings,
  'vatTreatment' | 'natura' | 'vatLegalReference' | 'paymentTermsDays' | 'paymentTermsEndOfMonth' | 'iban' | 'timeZone' | 'periodRule'
> & { vatRate: string };

export const PAYMENT_TERMS_MAX_DAYS = 365;

export function settingsColumnsOf(row: BillingAccount | BillingAccountSettings): SettingsColumns {
  return {
    ...treatmentColumns(treatmentOfRow(row)),
    paymentTermsDays: row.paymentTermsDays,
    paymentTermsEndOfMonth: row.paymentTermsEndOfMonth,
    iban: row.iban,
    timeZone: row.timeZone,
    periodRule: row.periodRule,
  };
}

const sameSettings = (a: SettingsColumns, b: SettingsColumns) => JSON.stringify(a) === JSON.stringify(b, Object.keys(a));

/** An IANA zone name (Europe/Rome, America/New_York, UTC) that this runtime knows. */
function isIanaTimeZone(name: string): boolean {
  return (name === 'UTC' || /^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+$/.test(name)) && isTimeZone(name);
}

/** The settings `request` changes `base` to, checked field by field; the first problem names its input field. */
export function changedSettings(base: SettingsColumns, request: BillingAccountSettingsRequest): SettingsColumns {
  const changed = { ...base };
  if (request.vatTreatment) {
    const treatment = vatTreatmentOf(request.vatTreatment);
    if (isFieldProblem(treatment)) throw badUserInput(`input.vatTreatment.${treatment.field}`, treatment.message);
    Object.assign(changed, treatmentColumns(treatment));
  }
  if (request.paymentTerms) {
    const { days, endOfMonth } = request.paymentTerms;
    if (!Number.isInteger(days) || days < 0 || days > PAYMENT_TERMS_MAX_DAYS) {
      throw badUserInput('input.paymentTerms.days', `must be a whole number of days from 0 to ${PAYMENT_TERMS_MAX_DAYS}, got ${days}`);
    }
    Object.assign(changed, { paymentTermsDays: days, paymentTermsEndOfMonth: endOfMonth ?? false });
  }
  if (request.iban !== undefined) {
    const iban = request.iban === null ? null : request.iban.replace(/\s+/g, '').toUpperCase();
    const problem = iban === null ? null : ibanProblem(iban);
    if (problem) throw badUserInput('input.iban', problem);
    changed.iban = iban || null;
  }
  if (request.timeZone != null) {
    const timeZone = request.timeZone.trim();
    if (!isIanaTimeZone(timeZone)) throw badUserInput('input.timeZone', `must be an IANA time zone such as Europe/Rome or America/New_York, got "${request.timeZone}"`);
    changed.timeZone = timeZone;
  }
  if (request.periodRule != null) changed.periodRule = request.periodRule;
  return changed;
}

/**
 * Records a change of the customer's settings, from the period after the OPEN one (at once when
 * the account has no open period). Refused whole, naming the field, when any part is invalid.
 */
export async function updateBillingAccountSettings(prisma: BillingPrisma, rawCustomerId: string, request: BillingAccountSettingsRequest, now: Date): Promise<BillingAccount> {
  const customerId = validate(uuid, rawCustomerId, 'customerId');
  if (Object.values(request).every((value) => value === undefined)) throw badUserInput('input', 'must change at least one setting');
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "BillingAccount" WHERE "customerId" = ${customerId}::uuid FOR UPDATE`;
    if (!locked) throw notFound('Billing account of customer', customerId);
    const account = await tx.billingAccount.findUniqueOrThrow({ where: { id: locked.id } });
    const open = await tx.billingPeriod.findFirst({ where: { accountId: account.id, status: 'OPEN' } });
    const inForce = settingsColumnsOf(account);
    if (!open) {
      // Nothing has been billed in the current period yet: the change is in force at once.
      const changed = changedSettings(inForce, request);
      const effectiveFrom = periodOf(now, account.timeZone, account.periodRule as PeriodRule).startsOn;
      await tx.billingAccountSettings.upsert({ where: { accountId_effectiveFrom: { accountId: account.id, effectiveFrom } }, create: { accountId: account.id, effectiveFrom, ...changed }, update: { ...changed, recordedAt: now } });
      return tx.billingAccount.update({ where: { id: account.id }, data: changed });
    }
    const effectiveFrom = new Date(open.endsOn.getTime() + 86_400_000);
    const pending = await tx.billingAccountSettings.findUnique({ where: { accountId_effectiveFrom: { accountId: account.id, effectiveFrom } } });
    const changed = changedSettings(pending ? settingsColumnsOf(pending) : inForce, request);
    if (sameSettings(inForce, changed)) {
      // Back to what is in force: nothing is waiting any more.
      if (pending) await tx.billingAccountSettings.delete({ where: { id: pending.id } });
      return account;
    }
    await recordSettingsInForce(tx, account, open.startsOn);
    await tx.billingAccountSettings.upsert({
      where: { accountId_effectiveFrom: { accountId: account.id, effectiveFrom } },
      create: { accountId: account.id, effectiveFrom, ...changed, recordedAt: now },
      update: { ...changed, recordedAt: now },
    });
    return account;
  });
}

/** An account billed before its first change has no version yet: the one in force is recorded, so the history starts with it. */
async function recordSettingsInForce(tx: Prisma.TransactionClient, account: BillingAccount, openSince: Date): Promise<void> {
  const recorded = await tx.billingAccountSettings.count({ where: { accountId: account.id, effectiveFrom: { lte: openSince } } });
  if (recorded > 0) return;
  await tx.billingAccountSettings.create({ data: { accountId: account.id, effectiveFrom: openSince, ...settingsColumnsOf(account), recordedAt: account.createdAt } });
}

/**
 * When a period starting on `startsOn` opens: the account takes the version in force from that
 * day, if one was recorded after the settings it holds. Returns the account as it now stands.
 */
export async function settingsForPeriodStartingOn(tx: Prisma.TransactionClient, account: BillingAccount, startsOn: Date): Promise<BillingAccount> {
  const version = await tx.billingAccountSettings.findFirst({ where: { accountId: account.id, effectiveFrom: { lte: startsOn } }, orderBy: { effectiveFrom: 'desc' } });
  if (!version) return account;
  const columns = settingsColumnsOf(version);
  if (sameSettings(settingsColumnsOf(account), columns)) return account;
  return tx.billingAccount.update({ where: { id: account.id }, data: columns });
}

/**
 * The settings in force for a period starting on `startsOn`, given the account (in force for its
 * OPEN period, which started on `openSince`) and its versions: a later period may already be
 * under a pending change.
 */
export function settingsInForceOn<Settings extends SettingsColumns>(
  account: Settings,
  versions: (BillingAccountSettings & { effectiveFrom: Date })[],
  startsOn: Date,
  openSince: Date | null,
): SettingsColumns {
  if (openSince && startsOn.getTime() <= openSince.getTime()) return account;
  const version = versions.filter((candidate) => candidate.effectiveFrom.getTime() <= startsOn.getTime()).sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())[0];
  return version ? settingsColumnsOf(version) : account;
}

/** The day payment is due for a document issued at `issuedAt`: the terms' days later, or the end of that month. */
export function paymentDueOn(issuedAt: Date, terms: Pick<SettingsColumns, 'paymentTermsDays' | 'paymentTermsEndOfMonth' | 'timeZone'>): Date {
  const issueDay = new Date(`${localDate(issuedAt, terms.timeZone)}T00:00:00.000Z`);
  const due = new Date(issueDay.getTime() + terms.paymentTermsDays * 86_400_000);
  return terms.paymentTermsEndOfMonth ? new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)) : due;
}

