/**
 * What a FatturaPA file says, as billing hands it to `eInvoiceOf`: the issuer (configuration),
 * the recipient's fiscal data as it was at issue, and the invoice's or credit note's figures as
 * billing computed them. Nothing here is recomputed when the file is built: the file states what
 * billing issued, and `checkFatturaPAArithmetic` verifies afterwards that it adds up.
 */
import type { Decimal } from 'decimal.js';

/** An amount or quantity, never a float: a decimal string ("12.50") or a Decimal. */
export type DecimalInput = Decimal | string;

/** RegimeFiscale codes of Schema_VFPR12_v1.2.3 (there is no RF03). */
export const REGIMI_FISCALI = [
  'RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19', 'RF20',
] as const;
export type RegimeFiscale = (typeof REGIMI_FISCALI)[number];

/**
 * Natura codes valid on invoices since 2021-01-01 (N2, N3 and N6 alone were retired then,
 * though the schema still lists them).
 */
export const NATURE = [
  'N1', 'N2.1', 'N2.2', 'N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6', 'N4', 'N5',
  'N6.1', 'N6.2', 'N6.3', 'N6.4', 'N6.5', 'N6.6', 'N6.7', 'N6.8', 'N6.9', 'N7',
] as const;
export type Natura = (typeof NATURE)[number];

export interface EInvoiceAddress {
  /** Street (Indirizzo), at most 60 Latin-1 characters. */
  street: string;
  /** NumeroCivico, at most 8 ASCII characters; may instead be part of `street`. */
  streetNumber?: string;
  /** Italian CAP (5 digits); abroad, the local postcode, written before the city since FatturaPA's CAP is then 00000. */
  postalCode?: string;
  city: string;
  /** Two-letter Italian province (RM, MI); Italian addresses only. */
  province?: string;
  /** ISO 3166-1 alpha-2 country (IT, DE, US). */
  country: string;
}

/** The CedentePrestatore: the company that issues the invoice, from billing's configuration. */
export interface EInvoiceIssuer {
  /** Partita IVA, 11 digits (the country is IT). */
  vatNumber: string;
  /** Codice fiscale, when it differs from the partita IVA or is to be stated. */
  fiscalCode?: string;
  /** Denominazione, at most 80 Latin-1 characters. */
  name: string;
  regime: RegimeFiscale;
  registeredOffice: EInvoiceAddress;
  /** Registration in the Registro delle Imprese (IscrizioneREA), for companies that state it. */
  rea?: {
    /** Province of the Chamber of Commerce (RM). */
    office: string;
    number: string;
    shareCapital?: DecimalInput;
    /** SU: one shareholder; SM: several. */
    shareholders?: 'SU' | 'SM';
    /** LN: not in liquidation; LS: in liquidation. */
    liquidation: 'LN' | 'LS';
  };
}

/**
 * How SdI delivers the file to the recipient, which also decides the format: a public body's
 * office code (CodiceUnivocoUfficio) makes it FPA12, anything else FPR12.
 */
export type EInvoiceDelivery =
  /** The 7-character code of the recipient's channel (CodiceDestinatario). */
  | { channel: 'recipientCode'; code: string }
  /** A certified mail address (PECDestinatario); the code is then 0000000. */
  | { channel: 'pec'; address: string }
  /** An Italian public body's 6-character office code (CodiceUnivocoUfficio, from IndicePA). */
  | { channel: 'publicOffice'; officeCode: string }
  /** A recipient outside Italy: code XXXXXXX, SdI does not deliver, the customer gets a copy by other means. */
  | { channel: 'abroad' };

/** The CessionarioCommittente, as it was when the document was issued. */
export interface EInvoiceRecipient {
  /** VAT number with its country (IdFiscaleIVA): an Italian partita IVA or a foreign VAT id. */
  vatNumber?: { country: string; code: string };
  /** Italian codice fiscale; at least one of this and `vatNumber`. */
  fiscalCode?: string;
  /** Denominazione, at most 80 Latin-1 characters. */
  name: string;
  address: EInvoiceAddress;
  delivery: EInvoiceDelivery;
}

export interface EInvoiceLine {
  description: string;
  /** Quantity, written with at least 2 and at most 8 decimals. */
  quantity: DecimalInput;
  /** UnitaMisura, at most 10 ASCII characters ("min", "call"). */
  unit?: string;
  /** Price per unit, up to 8 decimals. */
  unitPrice: DecimalInput;
  /** The line's net amount as billing issued it (PrezzoTotale), 2 decimals. */
  amount: DecimalInput;
  /** VAT rate in percent (22, 10, 0). */
  vatRate: DecimalInput;
  /** Why no VAT is charged: required when the rate is 0, refused otherwise. */
  natura?: Natura;
  /** The period the service was provided in (DataInizioPeriodo, DataFinePeriodo), YYYY-MM-DD. */
  periodStart?: string;
  periodEnd?: string;
}

/**
 * I: VAT due at once; D: deferred (cash accounting); S: split payment, the public body pays the
 * VAT to the State and the supplier collects only the net.
 */
export type EsigibilitaIVA = 'I' | 'D' | 'S';

/** One DatiRiepilogo: the document's figures for one VAT rate (and Natura). */
export interface EInvoiceVatSummary {
  vatRate: DecimalInput;
  natura?: Natura;
  /** Sum of the amounts of the lines at this rate. */
  taxableAmount: DecimalInput;
  /** The VAT on `taxableAmount`, rounded half-up once for the rate. */
  vat: DecimalInput;
  esigibilita: EsigibilitaIVA;
  /** The law that says why no VAT is charged (RiferimentoNormativo), required with a Natura; at most 100 characters. */
  legalReference?: string;
}

export interface EInvoiceDocument {
  issuer: EInvoiceIssuer;
  /** ProgressivoInvio: 5 letters or digits, unique among the issuer's files; it also names the file. */
  progressive: string;
  recipient: EInvoiceRecipient;
  /** TD01: invoice; TD04: credit note. */
  kind: 'TD01' | 'TD04';
  /** The document's number (INV-2026-000001), at most 20 ASCII characters. */
  number: string;
  /** Issue date, YYYY-MM-DD. */
  date: string;
  /** FatturaPA amounts here are euro; another currency must be converted before. */
  currency: 'EUR';
  /** The invoice a credit note corrects (DatiFattureCollegate); required for TD04. */
  linkedInvoice?: { number: string; date: string };
  /**
   * The contract the document is issued under (DatiContratto), written when it has a CIG or CUP:
   * a public body pays only an invoice naming the CIG of its contract (L. 136/2010).
   */
  contract?: {
    /** The contract's number (IdDocumento), at most 20 ASCII characters. */
    number: string;
    /** The contract's first day, YYYY-MM-DD. */
    date: string;
    /** Codice Identificativo di Gara (CodiceCIG). */
    cig?: string;
    /** Codice Unico di Progetto (CodiceCUP). */
    cup?: string;
  };
  /** Causale: free text, split into 200-character blocks. */
  reason?: string;
  lines: EInvoiceLine[];
  vatSummary: EInvoiceVatSummary[];
  /** Bank transfer (MP05) of the whole amount (TP02) by `dueDate`; usually none on a credit note. */
  payment?: { iban: string; dueDate: string };
}
