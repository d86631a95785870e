/**
 * Builds the FatturaPA file (Schema_VFPR12_v1.2.3) of an invoice or credit note as an XML tree
 * with xmlbuilder2, which escapes every value: no markup is ever assembled from strings.
 */
import { Decimal } from 'decimal.js';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { assertEInvoiceDocument, FIELD_LIMITS } from './check-document.js';
import type { DecimalInput, EInvoiceAddress, EInvoiceDocument, EInvoiceVatSummary, Natura } from './document.js';

export const FATTURAPA_NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';
const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * Stamp duty (imposta di bollo, DPR 642/1972, tariffa art. 13): 2.00 EUR, paid "virtually" by
 * the issuer, on a document whose amounts outside VAT exceed 77.47 EUR. Those amounts are the
 * excluded (N1), out-of-scope (N2.x, such as services to EU businesses under art. 7-ter),
 * exempt (N4) and non-taxable ones other than exports and intra-EU supplies, which the law
 * exempts from the duty (N3.1 to N3.4). Reverse-charge (N6.x) amounts bear VAT, paid by the
 * customer, so they owe no duty; nor do N5 (margin scheme) and N7 (VAT paid in another EU state).
 */
export const STAMP_DUTY_AMOUNT = new Decimal('2.00');
export const STAMP_DUTY_THRESHOLD = new Decimal('77.47');
const NATURE_SUBJECT_TO_STAMP_DUTY: ReadonlySet<Natura> = new Set<Natura>(['N1', 'N2.1', 'N2.2', 'N3.5', 'N3.6', 'N4']);

export function stampDutyDue(vatSummary: readonly EInvoiceVatSummary[]): boolean {
  const outsideVat = vatSummary
    .filter((summary) => summary.natura !== undefined && NATURE_SUBJECT_TO_STAMP_DUTY.has(summary.natura))
    .reduce((sum, summary) => sum.plus(summary.taxableAmount), new Decimal(0));
  return outsideVat.greaterThan(STAMP_DUTY_THRESHOLD);
}

export interface EInvoiceFile {
  /** `IT<issuer's VAT number>_<progressive>.xml`, as SdI requires. */
  fileName: string;
  xml: string;
}

/** The FatturaPA file of a document; throws BAD_USER_INPUT naming every field that would make it invalid. */
export function eInvoiceOf(document: EInvoiceDocument): EInvoiceFile {
  assertEInvoiceDocument(document);
  return { fileName: eInvoiceFileName(document), xml: buildFatturaPAXml(document) };
}

export function eInvoiceFileName(document: Pick<EInvoiceDocument, 'issuer' | 'progressive'>): string {
  return `IT${document.issuer.vatNumber}_${document.progressive}.xml`;
}

const amount = (value: DecimalInput) => new Decimal(value).toFixed(2);
/** Quantities and unit prices keep their decimals, at least the two FatturaPA requires. */
const withAtLeastTwoDecimals = (value: DecimalInput) => {
  const parsed = new Decimal(value);
  return parsed.toFixed(Math.max(2, parsed.decimalPlaces()));
};

function addAddress(parent: XMLBuilder, name: string, address: EInvoiceAddress): void {
  const italian = address.country === 'IT';
  const element = parent.ele(name);
  element.ele('Indirizzo').txt(address.street);
  if (address.streetNumber !== undefined) element.ele('NumeroCivico').txt(address.streetNumber);
  // SdI takes only Italian CAPs; abroad it is 00000 and the real postcode stays with the city.
  element.ele('CAP').txt(italian ? address.postalCode! : '00000');
  element.ele('Comune').txt(!italian && address.postalCode ? `${address.postalCode} ${address.city}` : address.city);
  if (italian && address.province !== undefined) element.ele('Provincia').txt(address.province);
  element.ele('Nazione').txt(address.country);
}

function addIdFiscaleIVA(parent: XMLBuilder, country: string, code: string): void {
  const element = parent.ele('IdFiscaleIVA');
  element.ele('IdPaese').txt(country);
  element.ele('IdCodice').txt(code);
}

function splitIntoBlocks(text: string, size: number): string[] {
  const characters = [...text];
  const blocks: string[] = [];
  for (let start = 0; start < characters.length; start += size) blocks.push(characters.slice(start, start + size).join(''));
  return blocks;
}

/** Builds the XML of a document already checked by `assertEInvoiceDocument`. */
export function buildFatturaPAXml(document: EInvoiceDocument): string {
  const { issuer, recipient } = document;
  const { delivery } = recipient;
  const format = delivery.channel === 'publicOffice' ? 'FPA12' : 'FPR12';
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(FATTURAPA_NAMESPACE, 'p:FatturaElettronica', {
    versione: format,
    'xmlns:ds': XMLDSIG_NAMESPACE,
  });

  const header = root.ele('FatturaElettronicaHeader');
  const transmission = header.ele('DatiTrasmissione');
  const transmitter = transmission.ele('IdTrasmittente');
  transmitter.ele('IdPaese').txt('IT');
  transmitter.ele('IdCodice').txt(issuer.fiscalCode ?? issuer.vatNumber);
  transmission.ele('ProgressivoInvio').txt(document.progressive);
  transmission.ele('FormatoTrasmissione').txt(format);
  const recipientCode = { recipientCode: delivery.channel === 'recipientCode' ? delivery.code : '', pec: '0000000', publicOffice: delivery.channel === 'publicOffice' ? delivery.officeCode : '', abroad: 'XXXXXXX' }[delivery.channel];
  transmission.ele('CodiceDestinatario').txt(recipientCode);
  if (delivery.channel === 'pec') transmission.ele('PECDestinatario').txt(delivery.address);

  const supplier = header.ele('CedentePrestatore');
  const supplierData = supplier.ele('DatiAnagrafici');
  addIdFiscaleIVA(supplierData, 'IT', issuer.vatNumber);
  if (issuer.fiscalCode !== undefined) supplierData.ele('CodiceFiscale').txt(issuer.fiscalCode);
  supplierData.ele('Anagrafica').ele('Denominazione').txt(issuer.name);
  supplierData.ele('RegimeFiscale').txt(issuer.regime);
  addAddress(supplier, 'Sede', issuer.registeredOffice);
  if (issuer.rea) {
    const rea = supplier.ele('IscrizioneREA');
    rea.ele('Ufficio').txt(issuer.rea.office);
    rea.ele('NumeroREA').txt(issuer.rea.number);
    if (issuer.rea.shareCapital !== undefined) rea.ele('CapitaleSociale').txt(amount(issuer.rea.shareCapital));
    if (issuer.rea.shareholders !== undefined) rea.ele('SocioUnico').txt(issuer.rea.shareholders);
    rea.ele('StatoLiquidazione').txt(issuer.rea.liquidation);
  }

  const customer = header.ele('CessionarioCommittente');
  const customerData = customer.ele('DatiAnagrafici');
  if (recipient.vatNumber) addIdFiscaleIVA(customerData, recipient.vatNumber.country, recipient.vatNumber.code);
  if (recipient.fiscalCode !== undefined) customerData.ele('CodiceFiscale').txt(recipient.fiscalCode);
  customerData.ele('Anagrafica').ele('Denominazione').txt(recipient.name);
  addAddress(customer, 'Sede', recipient.address);

  const body = root.ele('FatturaElettronicaBody');
  const general = body.ele('DatiGenerali');
  const documentData = general.ele('DatiGeneraliDocumento');
  documentData.ele('TipoDocumento').txt(document.kind);
  documentData.ele('Divisa').txt(document.currency);
  documentData.ele('Data').txt(document.date);
  documentData.ele('Numero').txt(document.number);
  if (stampDutyDue(document.vatSummary)) {
    const stampDuty = documentData.ele('DatiBollo');
    stampDuty.ele('BolloVirtuale').txt('SI');
    stampDuty.ele('ImportoBollo').txt(STAMP_DUTY_AMOUNT.toFixed(2));
  }
  const taxable = document.vatSummary.reduce((sum, summary) => sum.plus(summary.taxableAmount), new Decimal(0));
  const vat = document.vatSummary.reduce((sum, summary) => sum.plus(summary.vat), new Decimal(0));
  const total = taxable.plus(vat);
  documentData.ele('ImportoTotaleDocumento').txt(total.toFixed(2));
  if (document.reason !== undefined) {
    for (const block of splitIntoBlocks(document.reason, FIELD_LIMITS.reasonBlock)) documentData.ele('Causale').txt(block);
  }
  // Schema order: DatiContratto before DatiFattureCollegate; within it CodiceCUP before CodiceCIG.
  if (document.contract) {
    const contract = general.ele('DatiContratto');
    contract.ele('IdDocumento').txt(document.contract.number);
    contract.ele('Data').txt(document.contract.date);
    if (document.contract.cup !== undefined) contract.ele('CodiceCUP').txt(document.contract.cup);
    if (document.contract.cig !== undefined) contract.ele('CodiceCIG').txt(document.contract.cig);
  }
  if (document.linkedInvoice) {
    const linked = general.ele('DatiFattureCollegate');
    linked.ele('IdDocumento').txt(document.linkedInvoice.number);
    linked.ele('Data').txt(document.linkedInvoice.date);
  }

  const goodsAndServices = body.ele('DatiBeniServizi');
  document.lines.forEach((line, index) => {
    const element = goodsAndServices.ele('DettaglioLinee');
    element.ele('NumeroLinea').txt(String(index + 1));
    element.ele('Descrizione').txt(line.description);
    element.ele('Quantita').txt(withAtLeastTwoDecimals(line.quantity));
    if (line.unit !== undefined) element.ele('UnitaMisura').txt(line.unit);
    if (line.periodStart !== undefined && line.periodEnd !== undefined) {
      element.ele('DataInizioPeriodo').txt(line.periodStart);
      element.ele('DataFinePeriodo').txt(line.periodEnd);
    }
    element.ele('PrezzoUnitario').txt(withAtLeastTwoDecimals(line.unitPrice));
    element.ele('PrezzoTotale').txt(amount(line.amount));
    element.ele('AliquotaIVA').txt(amount(line.vatRate));
    if (line.natura !== undefined) element.ele('Natura').txt(line.natura);
  });
  for (const summary of document.vatSummary) {
    const element = goodsAndServices.ele('DatiRiepilogo');
    element.ele('AliquotaIVA').txt(amount(summary.vatRate));
    if (summary.natura !== undefined) element.ele('Natura').txt(summary.natura);
    element.ele('ImponibileImporto').txt(amount(summary.taxableAmount));
    element.ele('Imposta').txt(amount(summary.vat));
    element.ele('EsigibilitaIVA').txt(summary.esigibilita);
    if (summary.legalReference !== undefined) element.ele('RiferimentoNormativo').txt(summary.legalReference);
  }

  if (document.payment) {
    // Under split payment the public body pays the VAT to the State: the supplier collects the net.
    const splitPaymentVat = document.vatSummary.filter((summary) => summary.esigibilita === 'S').reduce((sum, summary) => sum.plus(summary.vat), new Decimal(0));
    const payment = body.ele('DatiPagamento');
    payment.ele('CondizioniPagamento').txt('TP02');
    const detail = payment.ele('DettaglioPagamento');
    detail.ele('ModalitaPagamento').txt('MP05');
    detail.ele('DataScadenzaPagamento').txt(document.payment.dueDate);
    detail.ele('ImportoPagamento').txt(total.minus(splitPaymentVat).toFixed(2));
    detail.ele('IBAN').txt(document.payment.iban);
  }
  return root.end({ prettyPrint: true });
}
