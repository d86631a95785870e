/**
 * Recipients of every kind FatturaPA distinguishes, and documents for them, for the demo world,
 * the tests and the benchmark. Their codes are fictitious but well-formed (check digits right).
 * `vatSummaryOf` groups DatiRiepilogo per rate and Natura, with billing's own per-rate VAT
 * (invoicing/vat.ts: on the sum of the rounded line amounts, half-up once).
 */
import { Decimal } from 'decimal.js';
import { DEMO_ISSUER } from '../config.js';
import { vatOfRate } from '../invoicing/vat.js';
import { EXEMPT_SERVICE, OUTSIDE_SCOPE_SERVICE, SPLIT_PAYMENT_VAT, STANDARD_VAT, type VatTreatment } from '../invoicing/vat-treatment.js';
import type { EInvoiceDocument, EInvoiceLine, EInvoiceRecipient, EInvoiceVatSummary, Natura } from './document.js';

// One definition of the treatments for billing and the e-invoice: the demo uses billing's own.
export { EXEMPT_SERVICE, OUTSIDE_SCOPE_SERVICE, SPLIT_PAYMENT_VAT, STANDARD_VAT, type VatTreatment } from '../invoicing/vat-treatment.js';

export type DemoRecipientKind = 'italianBusiness' | 'italianBusinessByPec' | 'publicBody' | 'euBusiness' | 'nonEuBusiness' | 'exemptCustomer';

export const DEMO_RECIPIENTS: Record<DemoRecipientKind, { recipient: EInvoiceRecipient; treatment: VatTreatment }> = {
  italianBusiness: {
    recipient: {
      vatNumber: { country: 'IT', code: '04120930278' },
      name: 'Ferramenta Lagunare S.r.l.',
      address: { street: 'Fondamenta dei Vetrai', streetNumber: '12', postalCode: '30141', city: 'Venezia', province: 'VE', country: 'IT' },
      delivery: { channel: 'recipientCode', code: 'M5UXCR1' },
    },
    treatment: STANDARD_VAT,
  },
  italianBusinessByPec: {
    recipient: {
      vatNumber: { country: 'IT', code: '12345678903' },
      fiscalCode: '12345678903',
      name: "Studio Associato Dell'Orto & Bianchi",
      address: { street: 'Corso Vittorio Emanuele II', streetNumber: '45', postalCode: '10121', city: 'Torino', province: 'TO', country: 'IT' },
      delivery: { channel: 'pec', address: 'amministrazione@pec.studiodellorto.example' },
    },
    treatment: STANDARD_VAT,
  },
  publicBody: {
    recipient: {
      fiscalCode: '09876543217',
      name: 'Comune di Roccaverde - Ufficio Servizi Informatici',
      address: { street: 'Piazza del Municipio', streetNumber: '1', postalCode: '00118', city: 'Roma', province: 'RM', country: 'IT' },
      delivery: { channel: 'publicOffice', officeCode: 'UFY9MH' },
    },
    treatment: SPLIT_PAYMENT_VAT,
  },
  euBusiness: {
    recipient: {
      vatNumber: { country: 'DE', code: '129273398' },
      name: 'Brückner Konferenztechnik GmbH',
      address: { street: 'Friedrichstraße 123', postalCode: '10117', city: 'Berlin', country: 'DE' },
      delivery: { channel: 'abroad' },
    },
    treatment: OUTSIDE_SCOPE_SERVICE,
  },
  nonEuBusiness: {
    recipient: {
      vatNumber: { country: 'US', code: '123456789' },
      name: 'Harbor Lights Consulting LLC',
      address: { street: '500 Atlantic Avenue', postalCode: '02210', city: 'Boston MA', country: 'US' },
      delivery: { channel: 'abroad' },
    },
    treatment: OUTSIDE_SCOPE_SERVICE,
  },
  exemptCustomer: {
    recipient: {
      vatNumber: { country: 'IT', code: '03157890017' },
      name: 'Fondazione Ospedaliera San Giusto',
      address: { street: 'Via della Salute', streetNumber: '3', postalCode: '34121', city: 'Trieste', province: 'TS', country: 'IT' },
      delivery: { channel: 'recipientCode', code: 'KRRH6B9' },
    },
    treatment: EXEMPT_SERVICE,
  },
};

/** A line of `quantity` units at `unitPrice`, its amount rounded half-up to the cent. */
export function lineOf(description: string, quantity: string, unitPrice: string, treatment: VatTreatment, unit = 'min'): EInvoiceLine {
  return {
    description,
    quantity,
    unit,
    unitPrice,
    amount: new Decimal(quantity).times(unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    vatRate: treatment.vatRate,
    natura: treatment.kind === 'ZERO_RATED' ? treatment.natura : undefined,
  };
}

/** One DatiRiepilogo per rate and Natura: the VAT of the sum of the lines' amounts, rounded half-up once. */
export function vatSummaryOf(lines: readonly EInvoiceLine[], treatment: VatTreatment): EInvoiceVatSummary[] {
  const groups = new Map<string, { vatRate: Decimal; natura?: Natura; taxable: Decimal }>();
  for (const line of lines) {
    const key = `${new Decimal(line.vatRate).toFixed(2)}|${line.natura ?? ''}`;
    const group = groups.get(key) ?? { vatRate: new Decimal(line.vatRate), natura: line.natura, taxable: new Decimal(0) };
    group.taxable = group.taxable.plus(line.amount);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ vatRate, natura, taxable }) => ({
    vatRate: vatRate.toFixed(2),
    natura,
    taxableAmount: taxable.toFixed(2),
    vat: vatOfRate(taxable, vatRate, 'EUR').toFixed(2),
    esigibilita: treatment.esigibilita,
    legalReference: natura && treatment.kind === 'ZERO_RATED' ? treatment.legalReference : undefined,
  }));
}

/** An invoice (TD01) for a demo recipient, with a month of conference services, payable by transfer. */
export function demoInvoice(kind: DemoRecipientKind, { number = 'INV-2026-000001', progressive = '00001', lines }: { number?: string; progressive?: string; lines?: EInvoiceLine[] } = {}): EInvoiceDocument {
  const { recipient, treatment } = DEMO_RECIPIENTS[kind];
  const invoiceLines = lines ?? [
    lineOf('Conferenze con accesso telefonico (dial-in)', '1234.5000', '0.0385', treatment),
    lineOf('Conferenze con numero verde (toll-free)', '310.2500', '0.081', treatment),
    lineOf('Registrazione delle conferenze', '4.00', '2.50', treatment, 'call'),
  ];
  return {
    issuer: DEMO_ISSUER,
    progressive,
    recipient,
    kind: 'TD01',
    number,
    date: '2026-12-01',
    currency: 'EUR',
    lines: invoiceLines,
    vatSummary: vatSummaryOf(invoiceLines, treatment),
    payment: { iban: 'IT60X0542811101000000123456', dueDate: '2026-12-31' },
  };
}
