/**
 * Turns the rated charges of a period into invoice lines: one line per service and price,
 * quantity in minutes (or calls), amount rounded half-up to the currency's minor unit once,
 * on the line, so the total is the sum of what the customer reads.
 */
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from '../../shared/money.js';

export interface ChargeForInvoice {
  service: string;
  unit: string;
  unitPrice: Decimal.Value;
  billedSeconds: number;
  amount: Decimal.Value;
  currency: string;
}

export interface InvoiceLineDraft {
  position: number;
  description: string;
  service: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
}

const SERVICE_NAMES: Record<string, string> = {
  CONFERENCE_DIAL_IN: 'Conference calls, dial-in',
  CONFERENCE_TOLL_FREE: 'Conference calls, toll-free',
  CONFERENCE_RECORDING: 'Conference recording',
};

export function invoiceLines(charges: ChargeForInvoice[]): InvoiceLineDraft[] {
  const groups = new Map<string, { first: ChargeForInvoice; seconds: number; calls: number; amount: Decimal }>();
  for (const charge of charges) {
    const key = [charge.service, charge.unit, new Decimal(charge.unitPrice).toFixed(6), charge.currency].join('|');
    const group = groups.get(key) ?? { first: charge, seconds: 0, calls: 0, amount: new Decimal(0) };
    group.seconds += charge.billedSeconds;
    group.calls += 1;
    group.amount = group.amount.plus(charge.amount);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.first.service.localeCompare(b.first.service) || new Decimal(a.first.unitPrice).comparedTo(b.first.unitPrice))
    .map(({ first, seconds, calls, amount }, index) => {
      const perMinute = first.unit === 'MINUTE';
      const quantity = perMinute ? new Decimal(seconds).dividedBy(60).toFixed(4) : String(calls);
      const price = new Decimal(first.unitPrice);
      return {
        position: index + 1,
        description: `${SERVICE_NAMES[first.service] ?? first.service}, ${perMinute ? `${new Decimal(quantity).toFixed(2)} min` : `${calls} call${calls === 1 ? '' : 's'}`} at ${price.toFixed(Math.max(2, price.decimalPlaces()))} ${first.currency}/${perMinute ? 'min' : 'call'}`,
        service: first.service,
        quantity,
        unit: first.unit,
        unitPrice: price.toFixed(6),
        amount: amount.toFixed(minorUnitDigits(first.currency), Decimal.ROUND_HALF_UP),
      };
    });
}

export function invoiceTotal(lines: Pick<InvoiceLineDraft, 'amount'>[]): string {
  const sum = lines.reduce((total, line) => total.plus(line.amount), new Decimal(0));
  return sum.toFixed(2);
}
