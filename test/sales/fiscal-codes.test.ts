/** The check characters of Italian fiscal codes: known values, and every single-character change refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codiceFiscaleCheckChar,
  isValidCodiceFiscale,
  isValidPartitaIva,
  isValidPersonalCodiceFiscale,
  partitaIvaCheckDigit,
  withCodiceFiscaleCheckChar,
  withPartitaIvaCheckDigit,
} from '../../subgraphs/shared/italian-fiscal-codes.js';
import { firstNonLatin1 } from '../../subgraphs/shared/validation.js';

describe('partita IVA', () => {
  it.each(['12345678903', '01234567897', '99999999990', '00000010009'])('accepts %s', (digits) => {
    expect(isValidPartitaIva(digits)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '12345678901'],
    ['two digits swapped', '21345678903'],
    ['10 digits', '1234567890'],
    ['12 digits', '123456789030'],
    ['a letter', '1234567890A'],
    ['all zeros', '00000000000'],
    ['the country prefix', 'IT12345678903'],
  ])('refuses %s (%s)', (_case, digits) => {
    expect(isValidPartitaIva(digits)).toBe(false);
  });

  it('computes the check digit of the Agenzia delle Entrate (odd places once, even places doubled less 9)', () => {
    // 1+3+5+7+9 = 25; 2→4, 4→8, 6→12-9=3, 8→16-9=7, 0→0: 22; (10 - 47 % 10) % 10 = 3.
    expect(partitaIvaCheckDigit('1234567890')).toBe('3');
  });
});

describe('codice fiscale', () => {
  it.each([
    ['the textbook example', 'RSSMRA80A01H501U'],
    ['another published example', 'MRTMTT25D09F205Z'],
    ['omocodia (the last digit of the town replaced by M)', withCodiceFiscaleCheckChar('RSSMRA80A01H50M')],
    ['a company (11 digits, the partita IVA rule)', '12345678903'],
  ])('accepts %s: %s', (_case, code) => {
    expect(isValidCodiceFiscale(code)).toBe(true);
  });

  it.each([
    ['a wrong check letter', 'RSSMRA80A01H501V'],
    ['a month letter that is none (F)', withCodiceFiscaleCheckChar('RSSMRA80F01H501')],
    ['15 characters', 'RSSMRA80A01H501'],
    ['lower case', 'rssmra80a01h501u'],
    ['a company code with a wrong check digit', '12345678901'],
  ])('refuses %s: %s', (_case, code) => {
    expect(isValidCodiceFiscale(code)).toBe(false);
  });

  it('computes the check letter from the odd and even place tables', () => {
    expect(codiceFiscaleCheckChar('RSSMRA80A01H501')).toBe('U');
  });
});

const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digit = '0123456789';
const omocodia = 'LMNPQRSTUV';
const char = (alphabet: string) => fc.constantFrom(...alphabet);

/** What a typing error can put in a code: any letter or digit, lower case, punctuation, a non-Latin letter. */
const anyCharacter = fc.constantFrom(...`${upper}${digit}abcxyz -./ÀÉŁ`);

const partitaIva = fc.array(char(digit), { minLength: 10, maxLength: 10 }).map((digits) => withPartitaIvaCheckDigit(digits.join('')));

/** Surname and name, birth year, month, day (and sex), place of birth; digits possibly replaced (omocodia). */
const personalCodiceFiscale = fc
  .tuple(
    fc.array(char(upper), { minLength: 6, maxLength: 6 }),
    fc.array(char(digit + omocodia), { minLength: 2, maxLength: 2 }),
    char('ABCDEHLMPRST'),
    fc.array(char(digit + omocodia), { minLength: 2, maxLength: 2 }),
    char(upper),
    fc.array(char(digit + omocodia), { minLength: 3, maxLength: 3 }),
  )
  .map(([names, year, month, day, place, town]) => withCodiceFiscaleCheckChar([...names, ...year, month, ...day, place, ...town].join('')));

/** The code with one character replaced by a different one. */
const withOneChange = (codes: fc.Arbitrary<string>) =>
  codes.chain((code) =>
    fc.tuple(fc.constant(code), fc.nat({ max: code.length - 1 }), anyCharacter).filter(([, index, replacement]) => code[index] !== replacement),
  ).map(([code, index, replacement]) => ({ code, changed: code.slice(0, index) + replacement + code.slice(index + 1) }));

describe('generated codes (the demo world makes its own this way)', () => {
  it('every generated partita IVA is accepted, and any single change to it refused', () => {
    fc.assert(
      fc.property(withOneChange(partitaIva), ({ code, changed }) => {
        expect(isValidPartitaIva(code) || code === '00000000000').toBe(true);
        expect(isValidPartitaIva(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("every generated person's codice fiscale is accepted, and any single change to it refused", () => {
    fc.assert(
      fc.property(withOneChange(personalCodiceFiscale), ({ code, changed }) => {
        expect(isValidPersonalCodiceFiscale(code)).toBe(true);
        expect(isValidCodiceFiscale(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Latin-1', () => {
  it.each([
    ['plain ASCII', 'Rossi & Figli S.r.l.', undefined],
    ['Italian and German letters', 'Società Cooperativa Città Müller Straße', undefined],
    ['a Polish letter', 'Łódź Sp. z o.o.', 'Ł'],
    ['a typographic apostrophe', 'L’Aquila S.p.A.', '’'],
    ['the euro sign (not in ISO-8859-1)', 'Euro € S.r.l.', '€'],
    ['an emoji, whole', 'Pizza 🍕 S.r.l.', '🍕'],
  ])('%s: first character outside Latin-1 is %s', (_case, text, offending) => {
    expect(firstNonLatin1(text)).toBe(offending);
  });
});
