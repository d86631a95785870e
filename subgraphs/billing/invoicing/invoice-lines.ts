/**
 * Turns the rated charges of a period into invoice lines, the one way billing does it: the draft
 * a salesperson sees as `currentBilling` and the issued invoice come out of these functions, so
 * they say the same to the cent.
 *
 * One line per service and price. A line's net amount is recomputed from the line itself, never
 * summed from rounded pieces: per minute, unitPrice × billedSeconds / 60; per call,
 * unitPrice × calls; rounded half-up once, to the currency's ISO 4217 minor unit (JPY 0, EUR 2,
 * BHD 3). VAT is per rate, on the sum of the rate's line amounts, rounded once (vat.ts); each
 * line carries its share of it. Every line states the account's VAT treatment in force for the
 * period (vat-treatment.ts): its rate, and for a zero-rated line its Natura and the law.
 * Totals are the sums of the lines.
 */
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from '../../shared/money.js';
import { vatOfRate, withVatShares } from './vat.js';
import type { LineVatTerms } from './vat-treatment.js';

/** Charges of one service at one price, as the database sums them. */
export interface ChargeGroup {
  service: string;
  unit: string;
  unitPrice: Decimal.Value;
  currency: string;
  billedSeconds: number;
  /** Charges in the group: legs for a per-minute line, conferences for a per-call line. */
  charges: number;
}

export interface ChargeForInvoice {
  service: string;
  unit: string;
  unitPrice: Decimal.Value;
  billedSeconds: number;
  currency: string;
}

export interface InvoiceLineDraft extends LineVatTerms {
  position: number;
  description: string;
  service: string;
  quantity: string;
  unit: string;
  billedSeconds: number;
  unitPrice: string;
  amount: string;
  taxAmount: string;
}

export interface InvoiceTotals {
  netTotal: string;
  taxTotal: string;
  total: string;
}

const SERVICE_NAMES: Record<string, string> = {
  CONFERENCE_DIAL_IN: 'Conference calls, dial-in',
  CONFERENCE_TOLL_FREE: 'Conference calls, toll-free',
  CONFERENCE_RECORDING: 'Conference recording',
};

export function atMinorUnit(amount: Decimal.Value, currency: string): string {
  return new Decimal(amount).toFixed(minorUnitDigits(currency), Decimal.ROUND_HALF_UP);
}

/** The rule a line's amount can be checked by: quantity × unit price, rounded once. */
export function lineAmount(line: { unit: string; unitPrice: Decimal.Value; billedSeconds: number; charges: number }, currency: string): string {
  const price = new Decimal(line.unitPrice);
  const exact = line.unit === 'MINUTE' ? price.times(line.billedSeconds).dividedBy(60) : price.times(line.charges);
  return atMinorUnit(exact, currency);
}

/** Sums charges one by one into groups (the database does the same with GROUP BY). */
export function groupCharges(charges: ChargeForInvoice[]): ChargeGroup[] {
  const groups = new Map<string, ChargeGroup>();
  for (const charge of charges) {
    const key = [charge.service, charge.unit, new Decimal(charge.unitPrice).toFixed(6), charge.currency].join('|');
    const group = groups.get(key) ?? { ...charge, unitPrice: new Decimal(charge.unitPrice).toFixed(6), billedSeconds: 0, charges: 0 };
    group.billedSeconds += charge.billedSeconds;
    group.charges += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function invoiceLines(groups: ChargeGroup[], vat: LineVatTerms): InvoiceLineDraft[] {
  const currency = groups[0]?.currency ?? 'EUR';
  const untaxed = [...groups]
    .sort((a, b) => a.service.localeCompare(b.service) || new Decimal(a.unitPrice).comparedTo(b.unitPrice))
    .map((group, index) => {
      const perMinute = group.unit === 'MINUTE';
      const quantity = perMinute ? new Decimal(group.billedSeconds).dividedBy(60).toFixed(4, Decimal.ROUND_HALF_UP) : String(group.charges);
      const price = new Decimal(group.unitPrice);
      const amount = lineAmount(group, group.currency);
      const shownQuantity = perMinute ? `${new Decimal(group.billedSeconds).dividedBy(60).toFixed(2, Decimal.ROUND_HALF_UP)} min` : `${group.charges} call${group.charges === 1 ? '' : 's'}`;
      return {
        position: index + 1,
        description: `${SERVICE_NAMES[group.service] ?? group.service}, ${shownQuantity} at ${price.toFixed(Math.max(2, price.decimalPlaces()))} ${group.currency}/${perMinute ? 'min' : 'call'}`,
        service: group.service,
        quantity,
        unit: group.unit,
        billedSeconds: perMinute ? group.billedSeconds : 0,
        unitPrice: price.toFixed(6),
        amount,
        ...vat,
      };
    });
  return withVatShares(untaxed, currency, (rate) => vatOfRate(rate.taxableAmount, rate.vatRate, currency));
}

/**
 * The net total of the lines `invoiceLines` makes of these groups (each line's amount does not
 * depend on VAT), without making them: what `currentBilling.chargesToDate` shows.
 */
export function netTotalOf(groups: ChargeGroup[], currency: string): string {
  return atMinorUnit(groups.reduce((sum, group) => sum.plus(lineAmount(group, group.currency)), new Decimal(0)), currency);
}

export function invoiceTotals(lines: Pick<InvoiceLineDraft, 'amount' | 'taxAmount'>[], currency: string): InvoiceTotals {
  const net = lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
  const tax = lines.reduce((sum, line) => sum.plus(line.taxAmount), new Decimal(0));
  return { netTotal: atMinorUnit(net, currency), taxTotal: atMinorUnit(tax, currency), total: atMinorUnit(net.plus(tax), currency) };
}

/**
 * What the customer pays: the gross total, less the VAT under split payment (EsigibilitaIVA S),
 * which the public body pays to the State itself. The document's total still includes that VAT,
 * as FatturaPA's ImportoTotaleDocumento does; only the payment (ImportoPagamento) leaves it out.
 */
export function amountDue(total: Decimal.Value, lines: { taxAmount: Decimal.Value | { toString(): string }; vatEsigibilita: string }[], currency: string): string {
  const splitPaymentVat = lines.filter((line) => line.vatEsigibilita === 'S').reduce((sum, line) => sum.plus(line.taxAmount.toString()), new Decimal(0));
  return atMinorUnit(new Decimal(total.toString()).minus(splitPaymentVat), currency);
}
