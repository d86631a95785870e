/**
 * VAT the Italian way (invoicing/vat.ts): once per rate on the sum of the rounded line amounts,
 * half-up; credit notes credit per rate and never more VAT on a rate than was charged on it.
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { invoiceTotals } from '../../subgraphs/billing/invoicing/invoice-lines.js';
import { creditedVatOfRate, vatOfRate, vatSummaryOf, withVatShares } from '../../subgraphs/billing/invoicing/vat.js';

const perRate = <Line extends { amount: string; vatRate: string }>(lines: Line[]) => withVatShares(lines, 'EUR', (rate) => vatOfRate(rate.taxableAmount, rate.vatRate, 'EUR'));

const cents = fc.integer({ min: 0, max: 10_000_00 }).map((value) => new Decimal(value).dividedBy(100).toFixed(2));
const rates = fc.constantFrom('22.00', '10.00', '5.00', '4.00', '0.00');

describe('VAT per rate', () => {
  it('charges 22% of 56.00 once (12.32), not the sum of four rounded lines (12.34)', () => {
    const lines = perRate(['12.25', '30.75', '4.75', '8.25'].map((amount) => ({ amount, vatRate: '22.00' })));
    expect(invoiceTotals(lines, 'EUR')).toEqual({ netTotal: '56.00', taxTotal: '12.32', total: '68.32' });
    expect(vatSummaryOf(lines, 'EUR')).toEqual([{ vatRate: '22.00', natura: null, legalReference: null, esigibilita: 'I', taxableAmount: '56.00', taxAmount: '12.32' }]);
  });

  it('for any lines and rates, the tax total is the sum over rates of round_half_up(sum of the rate’s amounts × rate), and the line shares add up to it', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: cents, vatRate: rates }), { maxLength: 40 }), (drafts) => {
        const lines = perRate(drafts);
        const expected = [...new Set(drafts.map((line) => line.vatRate))].reduce((sum, rate) => {
          const taxable = drafts.filter((line) => line.vatRate === rate).reduce((acc, line) => acc.plus(line.amount), new Decimal(0));
          return sum.plus(taxable.times(rate).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
        }, new Decimal(0));
        expect(invoiceTotals(lines, 'EUR').taxTotal).toBe(expected.toFixed(2));
        const summary = vatSummaryOf(lines, 'EUR');
        expect(summary.reduce((sum, row) => sum.plus(row.taxAmount), new Decimal(0)).toFixed(2)).toBe(expected.toFixed(2));
        for (const line of lines) expect(new Decimal(line.taxAmount).isNegative()).toBe(false);
      }),
    );
  });
});

/** Issues a sequence of credit notes on one line the way credit-notes.ts does, with the figures it reads. */
function creditInSequence(lineAmount: string, vatRate: string, credits: string[]) {
  const charged = { taxableAmount: lineAmount, taxAmount: vatOfRate(lineAmount, vatRate, 'EUR') };
  let creditedBefore = { taxableAmount: new Decimal(0), taxAmount: new Decimal(0) };
  return credits.map((net) => {
    const vat = creditedVatOfRate({ vatRate, net, charged, creditedBefore, currency: 'EUR' });
    creditedBefore = { taxableAmount: creditedBefore.taxableAmount.plus(net), taxAmount: creditedBefore.taxAmount.plus(vat) };
    return { net: new Decimal(net), vat };
  });
}

describe('credit notes per rate', () => {
  it('three credit notes of 0.03 on a 0.09 line (VAT 0.02, invoice 0.11) credit 0.02 VAT and 0.11 gross', () => {
    const notes = creditInSequence('0.09', '22.00', ['0.03', '0.03', '0.03']);
    expect(notes.map((note) => note.vat.toFixed(2))).toEqual(['0.01', '0.00', '0.01']);
    const vat = notes.reduce((sum, note) => sum.plus(note.vat), new Decimal(0));
    expect(vat.toFixed(2)).toBe('0.02');
    expect(notes.reduce((sum, note) => sum.plus(note.net).plus(note.vat), new Decimal(0)).toFixed(2)).toBe('0.11');
  });

  it('for any sequence of credits within the line, never credits more VAT or gross than was charged, each note within a cent of its own net × rate, all of it once fully credited', () => {
    const sequence = fc
      .tuple(fc.integer({ min: 1, max: 100_000 }), rates, fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 12 }))
      .map(([lineCents, rate, parts]) => {
        let left = lineCents;
        const credits = parts.map((part) => Math.min(left, part)).filter((part) => part > 0 && (left -= part) >= 0);
        return { line: new Decimal(lineCents).dividedBy(100).toFixed(2), rate, credits: credits.map((credit) => new Decimal(credit).dividedBy(100).toFixed(2)) };
      });
    fc.assert(
      fc.property(sequence, ({ line, rate, credits }) => {
        const charged = vatOfRate(line, rate, 'EUR');
        const notes = creditInSequence(line, rate, credits);
        const vat = notes.reduce((sum, note) => sum.plus(note.vat), new Decimal(0));
        const net = notes.reduce((sum, note) => sum.plus(note.net), new Decimal(0));
        expect(vat.lessThanOrEqualTo(charged)).toBe(true);
        expect(net.plus(vat).lessThanOrEqualTo(new Decimal(line).plus(charged))).toBe(true);
        for (const note of notes) expect(note.vat.minus(note.net.times(rate).dividedBy(100)).abs().lessThanOrEqualTo('0.01')).toBe(true);
        if (net.equals(line)) expect(vat.toFixed(2)).toBe(charged.toFixed(2));
      }),
    );
  });
});
