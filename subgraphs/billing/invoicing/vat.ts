/**
 * VAT the way Italian law (and FatturaPA's DatiRiepilogo) counts it: once per rate, on the sum
 * of the rounded net amounts of that rate's lines (ImponibileImporto), rounded half-up to the
 * currency's minor unit. Summing VAT rounded per line would drift a cent per few lines from what
 * SdI recomputes, and SdI rejects the file.
 *
 * A line's own taxAmount is the line's share of its rate's VAT, for reading only: the rate's VAT
 * is spread over its lines in proportion to their net amounts (largest remainder), so the shares
 * of a rate always add up to the rate's VAT and the document's tax total is the sum of its lines.
 */
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from '../../shared/money.js';

export interface VatSummaryRow {
  /** Percentage with 2 decimals, such as "22.00". */
  vatRate: string;
  /** FatturaPA Natura (N1 to N7) of a zero rate, null when VAT is charged. */
  natura: string | null;
  /** The law that says why no VAT is charged (RiferimentoNormativo), with a Natura. */
  legalReference: string | null;
  /** EsigibilitaIVA: I, or S under split payment. */
  esigibilita: string;
  taxableAmount: string;
  taxAmount: string;
}

export interface TaxedLine {
  amount: Decimal.Value;
  vatRate: Decimal.Value;
  taxAmount: Decimal.Value;
  natura?: string | null;
  vatLegalReference?: string | null;
  vatEsigibilita?: string;
}

/** Lines are summed per rate and Natura (and esigibilita): each such group is one DatiRiepilogo. */
export const rateKey = (line: { vatRate: Decimal.Value; natura?: string | null; vatEsigibilita?: string }) =>
  `${new Decimal(line.vatRate).toFixed(2)}|${line.natura ?? ''}|${line.vatEsigibilita ?? 'I'}`;

/** The VAT of one rate: taxable × rate / 100, rounded half-up once. */
export function vatOfRate(taxableAmount: Decimal.Value, vatRate: Decimal.Value, currency: string): Decimal {
  return new Decimal(taxableAmount).times(vatRate).dividedBy(100).toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_UP);
}

/**
 * Splits `total` (at the minor unit, not negative) over `weights` in proportion, to the minor
 * unit, so the parts add up to it exactly: each part rounded down, the cents left over going to
 * the largest remainders (the earlier line on a tie). Zero weights get zero unless all are zero.
 */
export function shareOut(total: Decimal.Value, weights: Decimal.Value[], currency: string): Decimal[] {
  const unit = new Decimal(10).pow(-minorUnitDigits(currency));
  const units = new Decimal(total).dividedBy(unit);
  const sum = weights.reduce<Decimal>((acc, weight) => acc.plus(weight), new Decimal(0));
  if (weights.length === 0) return [];
  const exact = weights.map((weight) => (sum.isZero() ? (units.isZero() ? new Decimal(0) : units.dividedBy(weights.length)) : units.times(weight).dividedBy(sum)));
  const parts = exact.map((part) => part.floor());
  let left = units.minus(parts.reduce((acc, part) => acc.plus(part), new Decimal(0))).toNumber();
  const byRemainder = exact.map((part, index) => ({ index, remainder: part.minus(parts[index]!) })).sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    parts[index] = parts[index]!.plus(1);
    left -= 1;
  }
  return parts.map((part) => part.times(unit));
}

/** Gives each line its share of its rate's VAT, computed from the rate's total by `vatOf`. */
export function withVatShares<Line extends { amount: string; vatRate: string; natura?: string | null; vatEsigibilita?: string }>(
  lines: Line[],
  currency: string,
  vatOf: (rate: { vatRate: string; natura: string | null; taxableAmount: Decimal; lines: Line[] }) => Decimal,
): (Line & { taxAmount: string })[] {
  const digits = minorUnitDigits(currency);
  const shares = new Map<Line, Decimal>();
  for (const group of groupByRate(lines).values()) {
    const taxableAmount = group.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
    const vat = vatOf({ vatRate: new Decimal(group[0]!.vatRate).toFixed(2), natura: group[0]!.natura ?? null, taxableAmount, lines: group });
    shareOut(vat, group.map((line) => line.amount), currency).forEach((share, index) => shares.set(group[index]!, share));
  }
  return lines.map((line) => ({ ...line, taxAmount: shares.get(line)!.toFixed(digits) }));
}

function groupByRate<Line extends { vatRate: Decimal.Value; natura?: string | null; vatEsigibilita?: string }>(lines: Line[]): Map<string, Line[]> {
  const groups = new Map<string, Line[]>();
  for (const line of lines) groups.set(rateKey(line), [...(groups.get(rateKey(line)) ?? []), line]);
  return groups;
}

/** FatturaPA's DatiRiepilogo: per rate (and Natura), the taxable amount and its VAT, highest rate first. */
export function vatSummaryOf(lines: TaxedLine[], currency: string): VatSummaryRow[] {
  const digits = minorUnitDigits(currency);
  return [...groupByRate(lines).values()]
    .map((group) => ({
      vatRate: new Decimal(group[0]!.vatRate).toFixed(2),
      natura: group[0]!.natura ?? null,
      legalReference: group[0]!.vatLegalReference ?? null,
      esigibilita: group[0]!.vatEsigibilita ?? 'I',
      taxableAmount: group.reduce((sum, line) => sum.plus(line.amount), new Decimal(0)).toFixed(digits),
      taxAmount: group.reduce((sum, line) => sum.plus(line.taxAmount), new Decimal(0)).toFixed(digits),
    }))
    .sort((a, b) => new Decimal(b.vatRate).comparedTo(a.vatRate) || (a.natura ?? '').localeCompare(b.natura ?? ''));
}

/** What an invoice charged, or its credit notes credited so far, on one rate. */
export interface RateFigures {
  taxableAmount: Decimal.Value;
  taxAmount: Decimal.Value;
}

/**
 * The VAT a credit note credits on one rate. The VAT credited so far on the rate is kept at
 * round_half_up(net credited so far × rate): so each note is within a cent of its own net × rate
 * (what SdI checks on the note), crediting the whole taxable amount credits exactly the VAT that
 * was charged, and the VAT credited on a rate never exceeds the VAT charged on it.
 */
export function creditedVatOfRate(
  { vatRate, net, charged, creditedBefore, currency }: { vatRate: Decimal.Value; net: Decimal.Value; charged: RateFigures; creditedBefore: RateFigures; currency: string },
): Decimal {
  const creditedNet = new Decimal(creditedBefore.taxableAmount).plus(net);
  const left = new Decimal(charged.taxAmount).minus(creditedBefore.taxAmount);
  // An invoice issued before VAT was counted per rate may have charged a cent more than the rule
  // gives: the last credit of the rate reverses what was charged, not what the rule says.
  const cumulative = creditedNet.greaterThanOrEqualTo(charged.taxableAmount) ? new Decimal(charged.taxAmount) : vatOfRate(creditedNet, vatRate, currency);
  return Decimal.max(0, Decimal.min(left, cumulative.minus(creditedBefore.taxAmount)));
}
