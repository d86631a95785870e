/**
 * SdI's arithmetic, checked on the file itself: it re-parses the XML (libxml2's tree and XPath,
 * nothing of the code that wrote it) and recomputes every figure, half-up to the cent:
 * - each line: PrezzoTotale = Quantita × PrezzoUnitario (PrezzoUnitario alone without Quantita);
 * - each rate (AliquotaIVA and Natura): ImponibileImporto = the sum of its lines' PrezzoTotale
 *   (plus SpeseAccessorie and Arrotondamento when stated), Imposta = ImponibileImporto ×
 *   AliquotaIVA / 100, once per rate; Natura exactly where the rate is 0;
 * - ImportoTotaleDocumento = the sum of ImponibileImporto and Imposta;
 * - the payments add up to the total, less the VAT under split payment (EsigibilitaIVA S).
 * Stricter than SdI, which tolerates a cent on lines and VAT and a euro on the taxable amount:
 * billing computes these figures exactly, so any difference is a bug; the one exception is a
 * credit note's VAT, capped by what was charged, which may be a cent under its own rounding. Lines with
 * ScontoMaggiorazione (discounts), which billing never writes, are not checked.
 */
import { Decimal } from 'decimal.js';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { FATTURAPA_NAMESPACE } from './build.js';
import { parseFatturaPAFile, type FatturaPAValidation } from './validate.js';

const NAMESPACES = { p: FATTURAPA_NAMESPACE };

// The tree is walked child by child: an XPath per field would compile an expression each time,
// and made this check three times slower than the schema validation.
function children(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let node = element.firstChild; node; node = node.next) if (node instanceof XmlElement && node.name === name) found.push(node);
  return found;
}

function child(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = element;
  for (const name of path.split('/')) current = current && children(current, name)[0];
  return current;
}

function childText(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.content.trim();
}

function childDecimal(element: XmlElement, name: string): Decimal | undefined {
  const text = childText(element, name);
  return text === undefined ? undefined : new Decimal(text);
}

const cents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const rateKey = (rate: Decimal, natura: string | undefined) => (natura ? `${rate.toFixed(2)}% ${natura}` : `${rate.toFixed(2)}%`);

export function checkFatturaPAArithmetic(xml: string): FatturaPAValidation {
  const document = parseFatturaPAFile(xml);
  if (!(document instanceof XmlDocument)) return document;
  try {
    const errors: string[] = [];
    const bodies = document.find('/p:FatturaElettronica/FatturaElettronicaBody', NAMESPACES).filter((node): node is XmlElement => node instanceof XmlElement);
    if (bodies.length === 0) errors.push('no FatturaElettronicaBody under p:FatturaElettronica');
    bodies.forEach((body, bodyIndex) => {
      const where = bodies.length > 1 ? `FatturaElettronicaBody ${bodyIndex + 1}: ` : '';
      try {
        errors.push(...checkBody(body).map((error) => `${where}${error}`));
      } catch (error) {
        // A figure that is not a number (the schema check reports it too).
        if (error instanceof Error && /DecimalError/.test(error.message)) errors.push(`${where}a figure is not a number (${error.message})`);
        else throw error;
      }
    });
    return { valid: errors.length === 0, errors };
  } finally {
    document.dispose();
  }
}

/**
 * A credit note's VAT per rate may be a cent under its own rounding: billing caps it so that the
 * VAT credited on a rate never exceeds what the invoice charged (invoicing/vat.ts), which SdI's
 * tolerance of a cent admits. An invoice's VAT is always exact.
 */
const CREDIT_NOTE_VAT_TOLERANCE = new Decimal('0.01');

function checkBody(body: XmlElement): string[] {
  const errors: string[] = [];
  const documentKind = child(body, 'DatiGenerali/DatiGeneraliDocumento');
  const vatTolerance = documentKind && childText(documentKind, 'TipoDocumento') === 'TD04' ? CREDIT_NOTE_VAT_TOLERANCE : new Decimal(0);
  const lineTotalsByRate = new Map<string, Decimal>();
  const goodsAndServices = child(body, 'DatiBeniServizi');
  for (const line of goodsAndServices ? children(goodsAndServices, 'DettaglioLinee') : []) {
    const label = `DettaglioLinee ${childText(line, 'NumeroLinea') ?? '?'}`;
    const quantity = childDecimal(line, 'Quantita');
    const unitPrice = childDecimal(line, 'PrezzoUnitario');
    const total = childDecimal(line, 'PrezzoTotale');
    const rate = childDecimal(line, 'AliquotaIVA');
    const natura = childText(line, 'Natura');
    if (!unitPrice || !total || !rate) {
      errors.push(`${label}: PrezzoUnitario, PrezzoTotale and AliquotaIVA are required`);
      continue;
    }
    if (!child(line, 'ScontoMaggiorazione')) {
      const expected = quantity ? quantity.times(unitPrice) : unitPrice;
      if (!total.equals(expected) && !total.equals(cents(expected))) {
        errors.push(`${label}: PrezzoTotale ${total.toString()} is not Quantita ${quantity?.toString() ?? '(none)'} × PrezzoUnitario ${unitPrice.toString()} = ${cents(expected).toFixed(2)}`);
      }
    }
    errors.push(...naturaProblems(label, rate, natura));
    const key = rateKey(rate, natura);
    lineTotalsByRate.set(key, (lineTotalsByRate.get(key) ?? new Decimal(0)).plus(total));
  }

  const taxableByRate = new Map<string, Decimal>();
  let taxableTotal = new Decimal(0);
  let vatTotal = new Decimal(0);
  let splitPaymentVat = new Decimal(0);
  for (const summary of goodsAndServices ? children(goodsAndServices, 'DatiRiepilogo') : []) {
    const rate = childDecimal(summary, 'AliquotaIVA');
    const natura = childText(summary, 'Natura');
    const taxable = childDecimal(summary, 'ImponibileImporto');
    const vat = childDecimal(summary, 'Imposta');
    if (!rate || !taxable || !vat) {
      errors.push('DatiRiepilogo: AliquotaIVA, ImponibileImporto and Imposta are required');
      continue;
    }
    const label = `DatiRiepilogo ${rateKey(rate, natura)}`;
    errors.push(...naturaProblems(label, rate, natura));
    const expectedVat = cents(taxable.times(rate).dividedBy(100));
    if (vat.minus(expectedVat).abs().greaterThan(vatTolerance)) errors.push(`${label}: Imposta ${vat.toFixed(2)} is not ImponibileImporto ${taxable.toFixed(2)} × ${rate.toFixed(2)}% = ${expectedVat.toFixed(2)} (rounded half-up once per rate)`);
    const key = rateKey(rate, natura);
    const adjustments = (childDecimal(summary, 'SpeseAccessorie') ?? new Decimal(0)).plus(childDecimal(summary, 'Arrotondamento') ?? 0);
    taxableByRate.set(key, (taxableByRate.get(key) ?? new Decimal(0)).plus(taxable).minus(adjustments));
    taxableTotal = taxableTotal.plus(taxable);
    vatTotal = vatTotal.plus(vat);
    if (childText(summary, 'EsigibilitaIVA') === 'S') splitPaymentVat = splitPaymentVat.plus(vat);
  }
  for (const [key, linesTotal] of lineTotalsByRate) {
    const taxable = taxableByRate.get(key);
    if (!taxable) errors.push(`DatiRiepilogo ${key}: missing, though lines have this rate`);
    else if (!taxable.equals(cents(linesTotal))) errors.push(`DatiRiepilogo ${key}: ImponibileImporto ${taxable.toFixed(2)} is not the sum of the lines' PrezzoTotale at this rate, ${cents(linesTotal).toFixed(2)}`);
  }
  for (const key of taxableByRate.keys()) if (!lineTotalsByRate.has(key)) errors.push(`DatiRiepilogo ${key}: no line has this rate`);

  const documentData = child(body, 'DatiGenerali/DatiGeneraliDocumento');
  const statedTotal = documentData && childDecimal(documentData, 'ImportoTotaleDocumento');
  const computedTotal = taxableTotal.plus(vatTotal);
  if (statedTotal && !statedTotal.equals(computedTotal)) {
    errors.push(`ImportoTotaleDocumento ${statedTotal.toFixed(2)} is not ImponibileImporto ${taxableTotal.toFixed(2)} + Imposta ${vatTotal.toFixed(2)} = ${computedTotal.toFixed(2)}`);
  }
  // Only for files without withholdings or social-security contributions, which change what is paid.
  if (!child(documentData, 'DatiRitenuta') && !child(documentData, 'DatiCassaPrevidenziale')) {
    for (const terms of children(body, 'DatiPagamento')) {
      const paid = children(terms, 'DettaglioPagamento').reduce((sum, detail) => sum.plus(childDecimal(detail, 'ImportoPagamento') ?? 0), new Decimal(0));
      const due = computedTotal.minus(splitPaymentVat);
      if (!paid.equals(due)) {
        errors.push(`DatiPagamento: ImportoPagamento ${paid.toFixed(2)} is not the total ${computedTotal.toFixed(2)}${splitPaymentVat.isZero() ? '' : ` less the split-payment VAT ${splitPaymentVat.toFixed(2)}`} = ${due.toFixed(2)}`);
      }
    }
  }
  return errors;
}

function naturaProblems(label: string, rate: Decimal, natura: string | undefined): string[] {
  if (rate.isZero() && !natura) return [`${label}: AliquotaIVA is 0 but no Natura says why`];
  if (!rate.isZero() && natura) return [`${label}: Natura ${natura} with AliquotaIVA ${rate.toFixed(2)}, where Natura is only for a rate of 0`];
  return [];
}
