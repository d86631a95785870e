/** The ISO 4217 table money is validated and rounded against (no database, no runtime locale data). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { NOT_MONEY, findCurrency } from '../../subgraphs/shared/currencies.js';
import { minorUnitDigits, roundedMoney } from '../../subgraphs/shared/money.js';
import { currencyCode } from '../../subgraphs/shared/validation.js';

describe('currencies', () => {
  it.each([
    ['JPY', 0],
    ['EUR', 2],
    ['USD', 2],
    ['BHD', 3],
    ['CLF', 4],
  ])('gives %s its minor unit of %i digits', (code, digits) => {
    expect(minorUnitDigits(code)).toBe(digits);
    expect(findCurrency(code)?.minorUnitDigits).toBe(digits);
  });

  it('rounds an amount owed to the minor unit of its currency', () => {
    expect(roundedMoney('1.2345', 'BHD')).toEqual({ amount: '1.235', currency: 'BHD' });
    expect(roundedMoney('1234.5', 'JPY')).toEqual({ amount: '1235', currency: 'JPY' });
  });

  it('leaves out exactly the codes ISO 4217 lists without a minor unit (metals, units of account, XTS, XXX)', () => {
    // The official list the package is built from ships with it; "N.A." marks units that are not money.
    const xml = readFileSync(createRequire(import.meta.url).resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
    const withoutMinorUnit = new Set(
      [...xml.matchAll(/<Ccy>([A-Z]{3})<\/Ccy>\s*<CcyNbr>\d+<\/CcyNbr>\s*<CcyMnrUnts>N\.A\.<\/CcyMnrUnts>/g)].map((match) => match[1]),
    );
    expect([...withoutMinorUnit].sort()).toEqual([...NOT_MONEY].sort());
  });

  it.each(['ABC', 'XXX', 'XTS', 'XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'eur', 'EURO', ''])('refuses %j', (code) => {
    expect(findCurrency(code)).toBeUndefined();
    expect(currencyCode.safeParse(code).success).toBe(false);
  });

  it('treats a stored currency that is not money as a bug, not as 2 digits', () => {
    expect(() => minorUnitDigits('XXX')).toThrow(/XXX is not an ISO 4217 currency/);
  });
});
