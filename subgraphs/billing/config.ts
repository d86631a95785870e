/**
 * What billing needs besides its port and database: the company that issues the invoices, as
 * its FatturaPA files name it (CedentePrestatore), and how it is paid. Read and checked once at
 * start-up, with the checks the files themselves get (partita IVA check digit, lengths,
 * alphabet): a value SdI would reject stops the service naming the variable, not a month-end
 * run. Development gets a fictitious demo company; production must be told the real one.
 * See the README's configuration table.
 */
import { bool, cleanEnv, makeValidator, str } from 'envalid';
import { ConfigError, throwOnInvalidEnv, withNodeEnvDefault } from '../shared/config.js';
import { eInvoiceIssuerIssues } from './einvoice/check-document.js';
import { REGIMI_FISCALI, type EInvoiceIssuer, type RegimeFiscale } from './einvoice/document.js';
import { ibanProblem } from './einvoice/fiscal-codes.js';

export interface EInvoicingConfig {
  issuer: EInvoiceIssuer;
  /** Where customers pay by bank transfer (DatiPagamento, MP05). */
  iban: string;
  /** Days from the issue date to the payment's due date. */
  paymentDays: number;
}

export interface BillingConfig {
  eInvoicing: EInvoicingConfig;
}

/** A fictitious company for development and the demo world; its partita IVA has a valid check digit. */
export const DEMO_ISSUER: EInvoiceIssuer = {
  vatNumber: '09157890154',
  name: 'Integra S.p.A.',
  regime: 'RF01',
  registeredOffice: { street: 'Via Esempio', streetNumber: '1', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  rea: { office: 'MI', number: '1234567', shareCapital: '120000.00', shareholders: 'SM', liquidation: 'LN' },
};
/** The example IBAN of Italian banking documentation: valid check digits, nobody's account. */
export const DEMO_IBAN = 'IT60X0542811101000000123456';
export const DEFAULT_PAYMENT_DAYS = 30;
/** What billing uses when not given its configuration: tests and in-process stacks, never a started service (index.ts reads the real one). */
export const DEMO_E_INVOICING: EInvoicingConfig = { issuer: DEMO_ISSUER, iban: DEMO_IBAN, paymentDays: DEFAULT_PAYMENT_DAYS };

/** Which variable holds each field the issuer checks name. */
const ISSUER_VARIABLES: Record<string, string> = {
  'issuer.vatNumber': 'EINVOICE_ISSUER_VAT_NUMBER',
  'issuer.fiscalCode': 'EINVOICE_ISSUER_FISCAL_CODE',
  'issuer.name': 'EINVOICE_ISSUER_NAME',
  'issuer.regime': 'EINVOICE_ISSUER_REGIME',
  'issuer.registeredOffice.street': 'EINVOICE_ISSUER_STREET',
  'issuer.registeredOffice.streetNumber': 'EINVOICE_ISSUER_STREET_NUMBER',
  'issuer.registeredOffice.postalCode': 'EINVOICE_ISSUER_POSTAL_CODE',
  'issuer.registeredOffice.city': 'EINVOICE_ISSUER_CITY',
  'issuer.registeredOffice.province': 'EINVOICE_ISSUER_PROVINCE',
  'issuer.registeredOffice.country': 'EINVOICE_ISSUER_POSTAL_CODE',
  'issuer.rea.office': 'EINVOICE_ISSUER_REA_OFFICE',
  'issuer.rea.number': 'EINVOICE_ISSUER_REA_NUMBER',
  'issuer.rea.shareCapital': 'EINVOICE_ISSUER_SHARE_CAPITAL',
};

const iban = makeValidator<string>((input) => {
  const value = input.replace(/\s+/g, '').toUpperCase();
  const problem = ibanProblem(value);
  if (problem) throw new Error(problem);
  return value;
});

const paymentDays = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(input.trim()) || value > 365) throw new Error(`must be a whole number of days from 0 to 365, got "${input}"`);
  return value;
});

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export function readBillingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig {
  const office = DEMO_ISSUER.registeredOffice;
  const rea = DEMO_ISSUER.rea!;
  const clean = cleanEnv(
    withNodeEnvDefault(env),
    {
      EINVOICE_ISSUER_VAT_NUMBER: str({ devDefault: DEMO_ISSUER.vatNumber, desc: "the issuing company's partita IVA, 11 digits" }),
      EINVOICE_ISSUER_FISCAL_CODE: str({ default: '', desc: "the issuing company's codice fiscale, when it differs from its partita IVA" }),
      EINVOICE_ISSUER_NAME: str({ devDefault: DEMO_ISSUER.name, desc: "the issuing company's name (Denominazione), at most 80 Latin-1 characters" }),
      EINVOICE_ISSUER_REGIME: str({ choices: [...REGIMI_FISCALI], default: 'RF01', desc: 'RegimeFiscale; RF01 is the ordinary regime' }),
      EINVOICE_ISSUER_STREET: str({ devDefault: office.street, desc: 'registered office: street, at most 60 characters' }),
      EINVOICE_ISSUER_STREET_NUMBER: str({ default: '', devDefault: office.streetNumber, desc: 'registered office: street number, when not part of the street' }),
      EINVOICE_ISSUER_POSTAL_CODE: str({ devDefault: office.postalCode, desc: 'registered office: CAP, 5 digits' }),
      EINVOICE_ISSUER_CITY: str({ devDefault: office.city, desc: 'registered office: comune' }),
      EINVOICE_ISSUER_PROVINCE: str({ devDefault: office.province, desc: 'registered office: province, two letters' }),
      EINVOICE_ISSUER_REA_OFFICE: str({ default: '', devDefault: rea.office, desc: 'REA registration: province of the Chamber of Commerce; empty when not stated' }),
      EINVOICE_ISSUER_REA_NUMBER: str({ default: '', devDefault: rea.number, desc: 'REA registration number' }),
      EINVOICE_ISSUER_SHARE_CAPITAL: str({ default: '', devDefault: String(rea.shareCapital), desc: 'share capital paid in, in euro (12000.00); empty when not stated' }),
      EINVOICE_ISSUER_SHAREHOLDERS: str({ choices: ['', 'SU', 'SM'], default: '', devDefault: rea.shareholders, desc: 'SU: one shareholder, SM: several; empty when not stated' }),
      EINVOICE_ISSUER_IN_LIQUIDATION: bool({ default: false, desc: 'whether the company is in liquidation' }),
      EINVOICE_IBAN: iban({ devDefault: DEMO_IBAN, desc: 'the account customers pay invoices into by bank transfer' }),
      EINVOICE_PAYMENT_DAYS: paymentDays({ default: DEFAULT_PAYMENT_DAYS, desc: 'days from the issue date to the due date of payment' }),
    },
    { reporter: throwOnInvalidEnv },
  );
  const reaOffice = optional(clean.EINVOICE_ISSUER_REA_OFFICE);
  const reaNumber = optional(clean.EINVOICE_ISSUER_REA_NUMBER);
  if ((reaOffice === undefined) !== (reaNumber === undefined)) {
    throw new ConfigError(`Invalid configuration:\n  ${reaOffice ? 'EINVOICE_ISSUER_REA_NUMBER' : 'EINVOICE_ISSUER_REA_OFFICE'} is required with ${reaOffice ? 'EINVOICE_ISSUER_REA_OFFICE' : 'EINVOICE_ISSUER_REA_NUMBER'}: an REA registration has both`);
  }
  const shareCapital = optional(clean.EINVOICE_ISSUER_SHARE_CAPITAL);
  const shareholders = optional(clean.EINVOICE_ISSUER_SHAREHOLDERS) as 'SU' | 'SM' | undefined;
  const issuer: EInvoiceIssuer = {
    vatNumber: clean.EINVOICE_ISSUER_VAT_NUMBER.trim(),
    fiscalCode: optional(clean.EINVOICE_ISSUER_FISCAL_CODE)?.toUpperCase(),
    name: clean.EINVOICE_ISSUER_NAME.trim(),
    regime: clean.EINVOICE_ISSUER_REGIME as RegimeFiscale,
    registeredOffice: {
      street: clean.EINVOICE_ISSUER_STREET.trim(),
      streetNumber: optional(clean.EINVOICE_ISSUER_STREET_NUMBER),
      postalCode: clean.EINVOICE_ISSUER_POSTAL_CODE.trim(),
      city: clean.EINVOICE_ISSUER_CITY.trim(),
      province: clean.EINVOICE_ISSUER_PROVINCE.trim().toUpperCase(),
      country: 'IT',
    },
    rea:
      reaOffice && reaNumber
        ? { office: reaOffice.toUpperCase(), number: reaNumber, shareCapital, shareholders, liquidation: clean.EINVOICE_ISSUER_IN_LIQUIDATION ? 'LS' : 'LN' }
        : undefined,
  };
  const issues = eInvoiceIssuerIssues(issuer);
  if (issues.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${issues.map(({ field, message }) => `  ${ISSUER_VARIABLES[field] ?? field} is invalid: ${message}`).join('\n')}`);
  }
  return { eInvoicing: { issuer, iban: clean.EINVOICE_IBAN, paymentDays: clean.EINVOICE_PAYMENT_DAYS } };
}

/** The demo company as environment variables, for running the services as in production on demo data (benchmarks). */
export function demoEInvoicingEnvironment(): Record<string, string> {
  const office = DEMO_ISSUER.registeredOffice;
  return {
    EINVOICE_ISSUER_VAT_NUMBER: DEMO_ISSUER.vatNumber,
    EINVOICE_ISSUER_NAME: DEMO_ISSUER.name,
    EINVOICE_ISSUER_STREET: office.street,
    EINVOICE_ISSUER_STREET_NUMBER: office.streetNumber ?? '',
    EINVOICE_ISSUER_POSTAL_CODE: office.postalCode!,
    EINVOICE_ISSUER_CITY: office.city,
    EINVOICE_ISSUER_PROVINCE: office.province!,
    EINVOICE_IBAN: DEMO_IBAN,
  };
}
