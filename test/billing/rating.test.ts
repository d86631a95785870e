/**
 * Rating and invoicing as pure functions: billing increments, charge amounts, invoice lines and
 * the money formatting shared by the subgraphs. No database.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { amountDue, groupCharges, invoiceLines, invoiceTotals, lineAmount, netTotalOf, type ChargeForInvoice } from '../../subgraphs/billing/invoicing/invoice-lines.js';
import { EXEMPT_SERVICE, lineVatTermsOf, OUTSIDE_SCOPE_SERVICE, SPLIT_PAYMENT_VAT, STANDARD_VAT } from '../../subgraphs/billing/invoicing/vat-treatment.js';
import {
  CHARGE_DECIMALS,
  rateConnectionTime,
  ratePerCall,
  roundUpToIncrement,
  serviceOfLeg,
  type RateTerms,
} from '../../subgraphs/billing/rating/rate-usage.js';
import { minorUnitDigits, priceMoney, roundedMoney } from '../../subgraphs/shared/money.js';

function perMinute(unitPrice: string, billingIncrementSeconds: number, service = 'CONFERENCE_DIAL_IN'): RateTerms {
  return { service, unit: 'MINUTE', unitPrice, billingIncrementSeconds, currency: 'EUR' };
}

const recording: RateTerms = { service: 'CONFERENCE_RECORDING', unit: 'CALL', unitPrice: '2.50', billingIncrementSeconds: 1, currency: 'EUR' };

describe('roundUpToIncrement', () => {
  it.each([
    [61, 60, 120],
    [60, 60, 60],
    [59, 60, 60],
    [1, 60, 60],
    [0, 60, 0],
    [0, 1, 0],
    [61, 1, 61],
    [3599, 1, 3599],
    [31, 30, 60],
    [90, 30, 90],
  ])('bills %i s at a %i s increment as %i s', (seconds, increment, billed) => {
    expect(roundUpToIncrement(seconds, increment)).toBe(billed);
  });

  it.each([
    ['negative seconds', -1, 60],
    ['fractional seconds', 1.5, 60],
    ['an increment of 0', 60, 0],
    ['a negative increment', 60, -60],
    ['a fractional increment', 60, 0.5],
  ])('throws a RangeError for %s', (_label, seconds, increment) => {
    expect(() => roundUpToIncrement(seconds, increment)).toThrow(RangeError);
  });
});

describe('rateConnectionTime', () => {
  it('bills 61 s at a 60 s increment as 120 s, priced per minute', () => {
    const charge = rateConnectionTime(61, perMinute('0.052', 60));
    expect(charge.billedSeconds).toBe(120);
    expect(charge.amount.toFixed(CHARGE_DECIMALS)).toBe('0.104000');
  });

  it('bills 0 s as nothing', () => {
    const charge = rateConnectionTime(0, perMinute('0.052', 60));
    expect(charge.billedSeconds).toBe(0);
    expect(charge.amount.isZero()).toBe(true);
  });

  it('bills exactly at a 1 s increment: price × seconds / 60', () => {
    const charge = rateConnectionTime(61, perMinute('0.0385', 1));
    expect(charge.billedSeconds).toBe(61);
    // 0.0385 × 61 / 60 = 0.0391416666… → 0.039142
    expect(charge.amount.toFixed(CHARGE_DECIMALS)).toBe('0.039142');
  });

  it('keeps 6 decimals, rounding half-up (not half-even)', () => {
    expect(CHARGE_DECIMALS).toBe(6);
    // 0.000009 × 30 / 60 = 0.0000045: half-up gives 0.000005, half-even would give 0.000004.
    expect(rateConnectionTime(30, perMinute('0.000009', 1)).amount.toFixed(6)).toBe('0.000005');
    // 0.000003 × 30 / 60 = 0.0000015 → 0.000002 (half-even would also say 0.000002; the pair pins half-up).
    expect(rateConnectionTime(30, perMinute('0.000003', 1)).amount.toFixed(6)).toBe('0.000002');
    // 0.000001 × 20 / 60 = 0.00000033… → 0.000000
    expect(rateConnectionTime(20, perMinute('0.000001', 1)).amount.toFixed(6)).toBe('0.000000');
  });

  it('prices a 30 s increment: 31 s bill as 60 s', () => {
    const charge = rateConnectionTime(31, perMinute('0.041', 30));
    expect(charge).toEqual({ billedSeconds: 60, amount: new Decimal('0.041') });
  });

  it('does no float arithmetic: 0.1 + 0.2 style prices stay exact', () => {
    // 0.07 × 180 / 60 = 0.21 exactly (as floats, 0.07 * 3 = 0.21000000000000002).
    expect(rateConnectionTime(180, perMinute('0.07', 60)).amount.toString()).toBe('0.21');
  });

  it('throws for a rate priced per call', () => {
    expect(() => rateConnectionTime(60, recording)).toThrow(new RangeError('CONFERENCE_RECORDING is priced per CALL, not per minute'));
  });

  it('throws for negative seconds', () => {
    expect(() => rateConnectionTime(-5, perMinute('0.052', 60))).toThrow(RangeError);
  });
});

describe('ratePerCall', () => {
  it('charges the unit price once, whatever the length', () => {
    const charge = ratePerCall(recording);
    expect(charge.billedSeconds).toBe(0);
    expect(charge.amount.toFixed(2)).toBe('2.50');
  });

  it('throws for a rate priced per minute', () => {
    expect(() => ratePerCall(perMinute('0.052', 60))).toThrow(new RangeError('CONFERENCE_DIAL_IN is priced per MINUTE, not per call'));
  });
});

describe('serviceOfLeg', () => {
  it('bills a toll-free leg as toll-free and any other as dial-in', () => {
    expect(serviceOfLeg({ tollFree: true })).toBe('CONFERENCE_TOLL_FREE');
    expect(serviceOfLeg({ tollFree: false })).toBe('CONFERENCE_DIAL_IN');
  });
});

function minuteCharge(unitPrice: string, seconds: number, increment = 1, service = 'CONFERENCE_DIAL_IN', currency = 'EUR'): ChargeForInvoice {
  const { billedSeconds } = rateConnectionTime(seconds, { ...perMinute(unitPrice, increment, service), currency });
  return { service, unit: 'MINUTE', unitPrice, billedSeconds, currency };
}

function callCharge(unitPrice = '2.50'): ChargeForInvoice {
  return { service: 'CONFERENCE_RECORDING', unit: 'CALL', unitPrice, billedSeconds: 0, currency: 'EUR' };
}

const VAT_22 = lineVatTermsOf(STANDARD_VAT);
const lines = (charges: ChargeForInvoice[], vat = VAT_22) => invoiceLines(groupCharges(charges), vat);

describe('invoiceLines', () => {
  it('groups charges by service and price, sorted by service name then price, quantity in minutes with 4 decimals, VAT per rate shared over the lines', () => {
    const result = lines([
      minuteCharge('0.0385', 61), // dial-in at the new price
      minuteCharge('0.042', 100), // dial-in at the old price
      callCharge(),
      minuteCharge('0.0385', 119),
      minuteCharge('0.081', 600, 1, 'CONFERENCE_TOLL_FREE'),
      callCharge(),
      minuteCharge('0.03850', 20), // the same price written differently
    ]);
    const common = { vatRate: '22.00', natura: null, vatLegalReference: null, vatEsigibilita: 'I' };
    expect(result).toEqual([
      // 61 + 119 + 20 = 200 s: 0.0385 × 200 / 60 = 0.128333… → 0.13. VAT is 22% of 6.01 = 1.3222 → 1.32
      // (per line it would be 1.33), shared in proportion to the amounts, largest remainders first.
      { position: 1, description: 'Conference calls, dial-in, 3.33 min at 0.0385 EUR/min', service: 'CONFERENCE_DIAL_IN', quantity: '3.3333', unit: 'MINUTE', billedSeconds: 200, unitPrice: '0.038500', amount: '0.13', taxAmount: '0.03', ...common },
      { position: 2, description: 'Conference calls, dial-in, 1.67 min at 0.042 EUR/min', service: 'CONFERENCE_DIAL_IN', quantity: '1.6667', unit: 'MINUTE', billedSeconds: 100, unitPrice: '0.042000', amount: '0.07', taxAmount: '0.01', ...common },
      { position: 3, description: 'Conference recording, 2 calls at 2.50 EUR/call', service: 'CONFERENCE_RECORDING', quantity: '2', unit: 'CALL', billedSeconds: 0, unitPrice: '2.500000', amount: '5.00', taxAmount: '1.10', ...common },
      { position: 4, description: 'Conference calls, toll-free, 10.00 min at 0.081 EUR/min', service: 'CONFERENCE_TOLL_FREE', quantity: '10.0000', unit: 'MINUTE', billedSeconds: 600, unitPrice: '0.081000', amount: '0.81', taxAmount: '0.18', ...common },
    ]);
    expect(invoiceTotals(result, 'EUR')).toEqual({ netTotal: '6.01', taxTotal: '1.32', total: '7.33' });
  });

  it('computes a line from its own quantity and unit price, rounding once per line, not once per charge', () => {
    // Three 1 s legs at 0.24/min: 0.004 each would round to 0.00; the line is 0.24 × 3 / 60 = 0.012 → 0.01.
    const [line] = lines([0, 1, 2].map(() => minuteCharge('0.24', 1)));
    expect(line).toMatchObject({ billedSeconds: 3, quantity: '0.0500', amount: '0.01' });
    expect(lineAmount({ unit: 'MINUTE', unitPrice: line!.unitPrice, billedSeconds: line!.billedSeconds, charges: 3 }, 'EUR')).toBe(line!.amount);
  });

  it('rounds a line amount and its VAT half-up (not half-even)', () => {
    // 0.1 × 75 / 60 = 0.125 → 0.13 half-up; half-even would give 0.12.
    expect(lines([minuteCharge('0.1', 75)])[0]!.amount).toBe('0.13');
    // VAT of 0.25 at 22% is 0.055 → 0.06.
    expect(lines([callCharge('0.25')])[0]!.taxAmount).toBe('0.06');
  });

  it('gives no lines and zero totals for no charges', () => {
    expect(lines([])).toEqual([]);
    expect(invoiceTotals([], 'EUR')).toEqual({ netTotal: '0.00', taxTotal: '0.00', total: '0.00' });
  });

  it.each([
    // 5.5 JPY/min × 61 s / 60 = 5.591666… → 6 yen; VAT 1.32 → 1
    ['JPY', '6', '1', '7'],
    // → 5.59 EUR; VAT 1.2298 → 1.23
    ['EUR', '5.59', '1.23', '6.82'],
    // → 5.592 BHD; VAT 1.23024 → 1.230
    ['BHD', '5.592', '1.230', '6.822'],
  ])('rounds lines and totals to the minor unit of %s', (currency, amount, tax, total) => {
    const result = lines([minuteCharge('5.5', 61, 1, 'CONFERENCE_DIAL_IN', currency)]);
    expect(result[0]).toMatchObject({ amount, taxAmount: tax });
    expect(invoiceTotals(result, currency)).toEqual({ netTotal: amount, taxTotal: tax, total });
  });

  it('zero-rates lines with their Natura and the law: N2.1 for a service to an EU business, N4 for an exempt one', () => {
    const [outside] = lines([callCharge('100')], lineVatTermsOf(OUTSIDE_SCOPE_SERVICE));
    expect(outside).toMatchObject({ amount: '100.00', vatRate: '0.00', taxAmount: '0.00', natura: 'N2.1', vatLegalReference: 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72', vatEsigibilita: 'I' });
    const [exempt] = lines([callCharge('100')], lineVatTermsOf(EXEMPT_SERVICE));
    expect(exempt).toMatchObject({ vatRate: '0.00', taxAmount: '0.00', natura: 'N4', vatLegalReference: 'Operazione esente, art. 10 DPR 633/72' });
  });

  it('computes split-payment VAT as usual, marked S: the total states it, the customer pays the net', () => {
    const result = lines([callCharge('100')], lineVatTermsOf(SPLIT_PAYMENT_VAT));
    expect(result[0]).toMatchObject({ vatRate: '22.00', taxAmount: '22.00', natura: null, vatEsigibilita: 'S' });
    const totals = invoiceTotals(result, 'EUR');
    expect(totals).toEqual({ netTotal: '100.00', taxTotal: '22.00', total: '122.00' });
    expect(amountDue(totals.total, result, 'EUR')).toBe('100.00');
    expect(amountDue(totals.total, lines([callCharge('100')]), 'EUR')).toBe('122.00');
  });
});

describe('invoiceTotals', () => {
  it('sums the line amounts exactly, as decimals: gross is net plus tax', () => {
    const amounts = (net: string, tax: string) => ({ amount: net, taxAmount: tax });
    expect(invoiceTotals([amounts('0.10', '0.02'), amounts('0.20', '0.04'), amounts('12.06', '2.65'), amounts('2.50', '0.55')], 'EUR')).toEqual({ netTotal: '14.86', taxTotal: '3.26', total: '18.12' });
    expect(invoiceTotals([amounts('999999999.99', '0'), amounts('0.01', '0')], 'EUR').total).toBe('1000000000.00');
  });
});

describe('netTotalOf', () => {
  it('gives the net total of the invoice lines without making them, whatever the VAT treatment', () => {
    const charges = [
      minuteCharge('0.0385', 61),
      minuteCharge('0.042', 100),
      callCharge(),
      minuteCharge('0.0385', 119),
      minuteCharge('0.081', 601, 1, 'CONFERENCE_TOLL_FREE'),
      minuteCharge('0.0333333', 7, 1, 'CONFERENCE_TOLL_FREE'),
    ];
    for (const treatment of [STANDARD_VAT, SPLIT_PAYMENT_VAT, EXEMPT_SERVICE]) {
      expect(netTotalOf(groupCharges(charges), 'EUR')).toBe(invoiceTotals(lines(charges, lineVatTermsOf(treatment)), 'EUR').netTotal);
    }
    expect(netTotalOf(groupCharges(charges), 'EUR')).toBe('3.50');
    expect(netTotalOf([], 'JPY')).toBe('0');
  });
});

describe('shared money', () => {
  it('knows the minor unit of EUR and JPY', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
  });

  it.each([
    ['0.125', 'EUR', '0.13'],
    ['0.124999', 'EUR', '0.12'],
    ['0.135', 'EUR', '0.14'],
    ['2.5', 'EUR', '2.50'],
    ['8.765', 'EUR', '8.77'],
    ['0', 'EUR', '0.00'],
    ['1234.5', 'JPY', '1235'],
    ['1233.5', 'JPY', '1234'],
    ['1234.49', 'JPY', '1234'],
  ])('roundedMoney(%s, %s) is %s, half-up to the minor unit', (amount, currency, expected) => {
    expect(roundedMoney(amount, currency)).toEqual({ amount: expected, currency });
  });

  it('roundedMoney accepts decimals of any kind by their string form', () => {
    expect(roundedMoney(new Decimal('0.005'), 'EUR')).toEqual({ amount: '0.01', currency: 'EUR' });
    expect(roundedMoney({ toString: () => '19.995' }, 'EUR')).toEqual({ amount: '20.00', currency: 'EUR' });
  });

  it.each([
    ['0.0385', 'EUR', '0.0385'],
    ['0.038500', 'EUR', '0.0385'],
    ['0.000001', 'EUR', '0.000001'],
    ['0.123456', 'EUR', '0.123456'],
    ['2.5', 'EUR', '2.50'],
    ['3', 'EUR', '3.00'],
    ['12', 'JPY', '12'],
    ['5.25', 'JPY', '5.25'],
  ])('priceMoney(%s, %s) is %s: every decimal kept, at least the minor unit', (amount, currency, expected) => {
    expect(priceMoney(amount, currency)).toEqual({ amount: expected, currency });
  });
});
