/**
 * Italian fiscal identifiers as the Agenzia delle Entrate defines them: the partita IVA (11
 * digits, the last a Luhn-style check digit) and the codice fiscale (a company's is 11 digits
 * like a partita IVA; a person's is 16 characters ending in a check letter). A wrong check
 * character is a typo that SdI would reject days later; catching it here names the field now.
 * The check-digit algorithms are shared with sales (subgraphs/shared/italian-fiscal-codes.ts);
 * here they are put as the reasons a file cannot be made.
 */
import { codiceFiscaleCheckChar, partitaIvaCheckDigit, PERSONAL_CODICE_FISCALE } from '../../shared/italian-fiscal-codes.js';

/** Why an 11-digit partita IVA is not one, or null when it is. */
export function partitaIvaProblem(value: string): string | null {
  if (!/^\d{11}$/.test(value)) return `must be 11 digits, got "${value}"`;
  if (/^0{7}/.test(value)) return `"${value}" is not a partita IVA: its first seven digits (the taxpayer number) are all zero`;
  const expected = partitaIvaCheckDigit(value.slice(0, 10));
  if (value[10] !== expected) return `"${value}" has a wrong check digit (the last digit should be ${expected}); check for a typo`;
  return null;
}

export function isValidPartitaIva(value: string): boolean {
  return partitaIvaProblem(value) === null;
}

/**
 * Why a codice fiscale is not one, or null when it is: 11 digits (a company's, checked like a
 * partita IVA) or 16 characters (a person's, with its check letter). Letters in the number's
 * digit places (omocodia) are accepted, as the Agenzia issues them.
 */
export function codiceFiscaleProblem(value: string): string | null {
  if (/^\d{11}$/.test(value)) return partitaIvaProblem(value);
  if (!PERSONAL_CODICE_FISCALE.test(value)) {
    return `must be 11 digits (a company) or 16 letters and digits (a person, such as RSSMRA85T10A562S), in capitals, got "${value}"`;
  }
  const expected = codiceFiscaleCheckChar(value.slice(0, 15));
  if (value[15] !== expected) return `"${value}" has a wrong check character (the last should be ${expected}); check for a typo`;
  return null;
}

/**
 * Why an IBAN is not one, or null when it is: letters in capitals, no spaces, the two check
 * digits right (ISO 13616: the number with its first four characters moved to the end, letters
 * as 10 to 35, leaves 1 when divided by 97); an Italian one is 27 characters.
 */
export function ibanProblem(value: string): string | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value)) return `must be an IBAN in capitals without spaces (IT60X0542811101000000123456), got "${value}"`;
  if (value.startsWith('IT') && value.length !== 27) return `an Italian IBAN has 27 characters, "${value}" has ${value.length}`;
  const digits = (value.slice(4) + value.slice(0, 4)).replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  if (remainder !== 1) return `"${value}" has wrong check digits; check for a typo`;
  return null;
}
