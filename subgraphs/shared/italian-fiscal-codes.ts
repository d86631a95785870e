/**
 * Italian fiscal identifiers and their check characters, as the Agenzia delle Entrate defines
 * them: a partita IVA (11 digits, the last a Luhn-like check digit), a codice fiscale (16
 * characters for a person, the last a check letter; 11 digits for a company, with the partita
 * IVA's rule), and the codes FatturaPA carries (SdI recipient code, CIG, CUP). Pure functions,
 * so the demo world and the property tests generate valid values with the same algorithm.
 */

/** Partita IVA (and numeric codice fiscale): digits in odd places count once, in even places doubled (less 9 over 9). */
export function partitaIvaCheckDigit(firstTenDigits: string): string {
  if (!/^\d{10}$/.test(firstTenDigits)) throw new Error(`expected 10 digits, got ${firstTenDigits}`);
  let sum = 0;
  for (const [index, char] of [...firstTenDigits].entries()) {
    const digit = Number(char);
    if (index % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return String((10 - (sum % 10)) % 10);
}

export function withPartitaIvaCheckDigit(firstTenDigits: string): string {
  return firstTenDigits + partitaIvaCheckDigit(firstTenDigits);
}

/** Eleven digits with a right check digit; all zeros passes the arithmetic but is no number anyone was given. */
export function isValidPartitaIva(digits: string): boolean {
  return /^\d{11}$/.test(digits) && digits !== '00000000000' && partitaIvaCheckDigit(digits.slice(0, 10)) === digits[10];
}

/** What a character in an odd place (1st, 3rd, ... 15th) of a codice fiscale counts for; digits count as the letter of the same rank. */
const ODD_PLACE_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function rank(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

export function codiceFiscaleCheckChar(firstFifteen: string): string {
  if (!/^[A-Z0-9]{15}$/.test(firstFifteen)) throw new Error(`expected 15 capital letters or digits, got ${firstFifteen}`);
  let sum = 0;
  for (const [index, char] of [...firstFifteen].entries()) sum += index % 2 === 0 ? ODD_PLACE_VALUES[rank(char)]! : rank(char);
  return String.fromCharCode(65 + (sum % 26));
}

export function withCodiceFiscaleCheckChar(firstFifteen: string): string {
  return firstFifteen + codiceFiscaleCheckChar(firstFifteen);
}

/**
 * A person's codice fiscale: surname (3 letters), name (3), year (2 digits), month (a letter),
 * day and sex (2 digits), place of birth (a letter and 3 digits), check letter. When two people
 * would get the same code, digits are replaced by the letters L M N P Q R S T U V (omocodia).
 */
export const PERSONAL_CODICE_FISCALE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

export function isValidPersonalCodiceFiscale(code: string): boolean {
  return PERSONAL_CODICE_FISCALE.test(code) && codiceFiscaleCheckChar(code.slice(0, 15)) === code[15];
}

/** A codice fiscale of either kind: 16 characters for a person, 11 digits for a company or public body. */
export function isValidCodiceFiscale(code: string): boolean {
  return code.length === 11 ? isValidPartitaIva(code) : isValidPersonalCodiceFiscale(code);
}

/** VAT prefixes of the EU member states (Greece is EL, Northern Ireland's goods XI), as VIES writes them. */
export const EU_VAT_PREFIXES = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT',
  'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI',
]);

/** The number part of an EU VAT number: 2 to 12 letters or digits (VIES' widest formats), checked for format only. */
export const FOREIGN_VAT_NUMBER = /^[A-Z]{2}[A-Z0-9]{2,12}$/;

/** SdI recipient codes: what a business or person has (7), a public office's code (6), any foreign customer's (7 X). */
export const RECIPIENT_CODE_PATTERN = /^[A-Z0-9]{7}$/;
export const PUBLIC_OFFICE_CODE_PATTERN = /^[A-Z0-9]{6}$/;
export const FOREIGN_RECIPIENT_CODE = 'XXXXXXX';
/** The code given with a PEC address, or to a person who receives invoices in the Agenzia's reserved area. */
export const NO_RECIPIENT_CODE = '0000000';

/** Codice Identificativo di Gara (10 characters) and Codice Unico di Progetto (15). */
export const CIG_PATTERN = /^[A-Z0-9]{10}$/;
export const CUP_PATTERN = /^[A-Z0-9]{15}$/;
