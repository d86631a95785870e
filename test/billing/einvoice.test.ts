/**
 * The FatturaPA file (subgraphs/billing/einvoice): built for customers of every kind, each
 * valid against the official schema (vendored byte for byte) and re-parsed to check SdI's
 * arithmetic; broken files reported with their reason; the issuer's configuration checked.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEMO_ISSUER, readBillingConfig } from '../../subgraphs/billing/config.js';
import { DEMO_RECIPIENTS, demoInvoice, EXEMPT_SERVICE, lineOf, STANDARD_VAT, vatSummaryOf, type DemoRecipientKind } from '../../subgraphs/billing/einvoice/demo-documents.js';
import {
  checkFatturaPAArithmetic,
  codiceFiscaleProblem,
  eInvoiceOf,
  ibanProblem,
  isValidPartitaIva,
  validateFatturaPA,
  type EInvoiceDocument,
} from '../../subgraphs/billing/einvoice/index.js';
import { FATTURAPA_SCHEMA_FILE } from '../../subgraphs/billing/einvoice/validate.js';
import { partitaIvaCheckDigit } from '../../subgraphs/shared/italian-fiscal-codes.js';

const SCHEMA_FOLDER = path.dirname(FATTURAPA_SCHEMA_FILE);
const projectRoot = path.resolve(import.meta.dirname, '../..');
// The official examples, copied into the repository so that a clone tests them on its own.
const OFFICIAL_EXAMPLES = path.join(projectRoot, 'test/billing/fatturapa-examples');

function expectValid(xml: string) {
  expect(validateFatturaPA(xml)).toEqual({ valid: true, errors: [] });
  expect(checkFatturaPAArithmetic(xml)).toEqual({ valid: true, errors: [] });
}

function refusal(document: EInvoiceDocument): GraphQLError {
  try {
    eInvoiceOf(document);
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

/** The text of every `name` element in the file, in order (a plain look, enough for asserting on a file we wrote). */
function valuesOf(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((match) => match[1]!);
}

describe('the vendored official schema', () => {
  it('is byte for byte the published one (sha256 of SHA256SUMS)', () => {
    const sums = readFileSync(path.join(SCHEMA_FOLDER, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums).toHaveLength(2);
    for (const line of sums) {
      const [hash, file] = line.split(/\s+/) as [string, string];
      expect(createHash('sha256').update(readFileSync(path.join(SCHEMA_FOLDER, file))).digest('hex'), file).toBe(hash);
    }
    expect(sums.join('\n')).toContain('152944f6eef9f5d69ef6e955ee173b32142b00a8c1c5222fc97dfab5910e8a8c  Schema_VFPR12_v1.2.3.xsd');
    expect(sums.join('\n')).toContain('35cf8197da812c85e40d57891b35c94187569ed474a2dac813ce5090dafcd35c  xmldsig-core-schema.xsd');
  });

  it('still imports the signature schema from its w3.org URL (the validator resolves it locally)', () => {
    expect(readFileSync(FATTURAPA_SCHEMA_FILE, 'utf8')).toContain('schemaLocation="http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd"');
  });

  it.each(['FPA01', 'FPA02', 'FPA03', 'FPR01', 'FPR03'])('accepts the official example %s', (example) => {
    expect(validateFatturaPA(readFileSync(path.join(OFFICIAL_EXAMPLES, `IT01234567890_${example}.xml`), 'utf8'))).toEqual({ valid: true, errors: [] });
  });

  it('refuses the official example FPR02, whose ContattiTrasmittente is out of place (a known defect of the example)', () => {
    const result = validateFatturaPA(readFileSync(path.join(OFFICIAL_EXAMPLES, 'IT01234567890_FPR02.xml'), 'utf8'));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(/^line 16: Element 'ContattiTrasmittente': This element is not expected/)]);
  });

  it('covers every official example there is', () => {
    expect(readdirSync(OFFICIAL_EXAMPLES).filter((name) => name.endsWith('.xml')).sort()).toEqual(['FPA01', 'FPA02', 'FPA03', 'FPR01', 'FPR02', 'FPR03'].map((name) => `IT01234567890_${name}.xml`));
  });
});

describe('files for every kind of customer', () => {
  const expectations: Record<DemoRecipientKind, { format: string; code: string; natura?: string; esigibilita: string; stampDuty: boolean }> = {
    italianBusiness: { format: 'FPR12', code: 'M5UXCR1', esigibilita: 'I', stampDuty: false },
    italianBusinessByPec: { format: 'FPR12', code: '0000000', esigibilita: 'I', stampDuty: false },
    publicBody: { format: 'FPA12', code: 'UFY9MH', esigibilita: 'S', stampDuty: false },
    euBusiness: { format: 'FPR12', code: 'XXXXXXX', natura: 'N2.1', esigibilita: 'I', stampDuty: true },
    nonEuBusiness: { format: 'FPR12', code: 'XXXXXXX', natura: 'N2.1', esigibilita: 'I', stampDuty: true },
    exemptCustomer: { format: 'FPR12', code: 'KRRH6B9', natura: 'N4', esigibilita: 'I', stampDuty: true },
  };

  it.each(Object.keys(expectations) as DemoRecipientKind[])('%s: valid against the schema, arithmetic right', (kind) => {
    const expected = expectations[kind];
    const { fileName, xml } = eInvoiceOf(demoInvoice(kind, { progressive: 'A0B1C' }));
    expect(fileName).toBe(`IT${DEMO_ISSUER.vatNumber}_A0B1C.xml`);
    expectValid(xml);
    expect(xml).toContain(`<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" versione="${expected.format}"`);
    expect(valuesOf(xml, 'FormatoTrasmissione')).toEqual([expected.format]);
    expect(valuesOf(xml, 'CodiceDestinatario')).toEqual([expected.code]);
    expect(valuesOf(xml, 'EsigibilitaIVA')).toEqual([expected.esigibilita]);
    expect(valuesOf(xml, 'Natura')).toEqual(expected.natura ? [expected.natura, expected.natura, expected.natura, expected.natura] : []);
    expect(valuesOf(xml, 'BolloVirtuale')).toEqual(expected.stampDuty ? ['SI'] : []);
    expect(valuesOf(xml, 'ImportoBollo')).toEqual(expected.stampDuty ? ['2.00'] : []);
    expect(valuesOf(xml, 'Quantita')).toEqual(['1234.50', '310.25', '4.00']);
  });

  it('an Italian business reached by PEC: code 0000000 and the PEC address, its codice fiscale, escaped name', () => {
    const { xml } = eInvoiceOf(demoInvoice('italianBusinessByPec'));
    expect(valuesOf(xml, 'PECDestinatario')).toEqual(['amministrazione@pec.studiodellorto.example']);
    expect(valuesOf(xml, 'CodiceFiscale')).toEqual(['12345678903']);
    expect(xml).toContain('<Denominazione>Studio Associato Dell\'Orto &amp; Bianchi</Denominazione>');
  });

  it('a public body under split payment: VAT stated, only the net is paid to the supplier', () => {
    const { xml } = eInvoiceOf(demoInvoice('publicBody'));
    expect(valuesOf(xml, 'ImponibileImporto')).toEqual(['82.66']);
    expect(valuesOf(xml, 'Imposta')).toEqual(['18.19']);
    expect(valuesOf(xml, 'ImportoTotaleDocumento')).toEqual(['100.85']);
    expect(valuesOf(xml, 'ImportoPagamento')).toEqual(['82.66']);
    expect(valuesOf(xml, 'CondizioniPagamento')).toEqual(['TP02']);
    expect(valuesOf(xml, 'ModalitaPagamento')).toEqual(['MP05']);
    expect(valuesOf(xml, 'IBAN')).toEqual(['IT60X0542811101000000123456']);
  });

  it("a public body's contract in DatiContratto: number, first day, CUP then CIG, before DatiFattureCollegate; a code over 15 characters refused", () => {
    const contract = { number: 'CTR-2025-000007', date: '2025-03-01', cig: 'Z4A1B2C3D4', cup: 'J51B21000010007' };
    const { xml } = eInvoiceOf({ ...demoInvoice('publicBody'), kind: 'TD04', linkedInvoice: { number: 'INV-2026-000001', date: '2026-11-02' }, payment: undefined, contract });
    expectValid(xml);
    expect(xml).toMatch(/<DatiContratto>\s*<IdDocumento>CTR-2025-000007<\/IdDocumento>\s*<Data>2025-03-01<\/Data>\s*<CodiceCUP>J51B21000010007<\/CodiceCUP>\s*<CodiceCIG>Z4A1B2C3D4<\/CodiceCIG>\s*<\/DatiContratto>\s*<DatiFattureCollegate>/);
    expect(refusal({ ...demoInvoice('publicBody'), contract: { ...contract, cig: 'Z4A1B2C3D4Z4A1B2' } }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contract.cig' });
  });

  it('an EU business: outside Italian VAT under art. 7-ter, its VAT id with its country, CAP 00000 and the postcode kept with the city', () => {
    const { xml } = eInvoiceOf(demoInvoice('euBusiness'));
    expect(valuesOf(xml, 'RiferimentoNormativo')).toEqual(['Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72']);
    expect(valuesOf(xml, 'IdPaese')).toEqual(['IT', 'IT', 'DE']);
    expect(valuesOf(xml, 'IdCodice')).toEqual([DEMO_ISSUER.vatNumber, DEMO_ISSUER.vatNumber, '129273398']);
    expect(valuesOf(xml, 'CAP')).toEqual(['20121', '00000']);
    expect(valuesOf(xml, 'Comune')).toEqual(['Milano', '10117 Berlin']);
    expect(valuesOf(xml, 'Nazione')).toEqual(['IT', 'DE']);
    expect(valuesOf(xml, 'Provincia')).toEqual(['MI']);
    expect(valuesOf(xml, 'Imposta')).toEqual(['0.00']);
  });

  it('no stamp duty on exempt amounts up to 77.47 EUR; 2.00 EUR above', () => {
    const atThreshold = [lineOf('Servizio esente', '1.00', '77.47', EXEMPT_SERVICE, 'pz')];
    expect(valuesOf(eInvoiceOf(demoInvoice('exemptCustomer', { lines: atThreshold })).xml, 'BolloVirtuale')).toEqual([]);
    const above = [lineOf('Servizio esente', '1.00', '77.48', EXEMPT_SERVICE, 'pz')];
    const { xml } = eInvoiceOf(demoInvoice('exemptCustomer', { lines: above }));
    expect(valuesOf(xml, 'BolloVirtuale')).toEqual(['SI']);
    expectValid(xml);
  });

  it('a credit note (TD04) names the invoice it corrects in DatiFattureCollegate', () => {
    const { recipient, treatment } = DEMO_RECIPIENTS.italianBusiness;
    const lines = [lineOf('Storno parziale: conferenze dial-in di novembre', '100.0000', '0.0385', treatment)];
    const { fileName, xml } = eInvoiceOf({
      ...demoInvoice('italianBusiness'),
      progressive: '00002',
      recipient,
      kind: 'TD04',
      number: 'CN-2026-000001',
      date: '2026-12-05',
      linkedInvoice: { number: 'INV-2026-000001', date: '2026-12-01' },
      reason: 'Minuti addebitati due volte per la conferenza del 12 novembre',
      lines,
      vatSummary: vatSummaryOf(lines, treatment),
      payment: undefined,
    });
    expect(fileName).toBe(`IT${DEMO_ISSUER.vatNumber}_00002.xml`);
    expectValid(xml);
    expect(valuesOf(xml, 'TipoDocumento')).toEqual(['TD04']);
    expect(valuesOf(xml, 'IdDocumento')).toEqual(['INV-2026-000001']);
    expect(valuesOf(xml, 'Data')).toEqual(['2026-12-05', '2026-12-01']);
    expect(valuesOf(xml, 'ImportoTotaleDocumento')).toEqual(['4.70']);
    expect(xml).not.toContain('DatiPagamento');
  });

  it("a credit note's VAT capped a cent under its own rounding (never more VAT credited than charged) adds up as SdI counts it; an invoice's must be exact", () => {
    const { recipient, treatment } = DEMO_RECIPIENTS.italianBusiness;
    const lines = [lineOf('Storno: una conferenza', '1.00', '0.03', treatment, 'pz')];
    const [summary] = vatSummaryOf(lines, treatment);
    expect(summary).toMatchObject({ taxableAmount: '0.03', vat: '0.01' });
    const creditNote = (vat: string) =>
      eInvoiceOf({
        ...demoInvoice('italianBusiness'),
        recipient,
        kind: 'TD04',
        number: 'CN-2026-000003',
        date: '2026-12-05',
        linkedInvoice: { number: 'INV-2026-000001', date: '2026-12-01' },
        reason: 'Terzo storno sulla stessa riga: la sua IVA è limitata a quella addebitata',
        lines,
        vatSummary: [{ ...summary!, vat }],
        payment: undefined,
      }).xml;
    // The invoice charged 0.02 of VAT on 0.09 and two credit notes of 0.03 already credited 0.01 each.
    expect(checkFatturaPAArithmetic(creditNote('0.00'))).toEqual({ valid: true, errors: [] });
    expect(checkFatturaPAArithmetic(creditNote('0.02')).valid).toBe(true);
    expect(checkFatturaPAArithmetic(creditNote('0.03')).errors).toEqual(['DatiRiepilogo 22.00%: Imposta 0.03 is not ImponibileImporto 0.03 × 22.00% = 0.01 (rounded half-up once per rate)']);
    const invoice = eInvoiceOf({ ...demoInvoice('italianBusiness', { lines }), vatSummary: [{ ...summary!, vat: '0.00' }], payment: undefined }).xml;
    expect(checkFatturaPAArithmetic(invoice).valid).toBe(false);
  });

  it('VAT per rate on the sum of the rounded line amounts: 12.25 + 30.75 + 4.75 + 8.25 at 22% is 12.32, not 12.34', () => {
    const lines = ['12.25', '30.75', '4.75', '8.25'].map((price, index) => lineOf(`Servizio ${index + 1}`, '1.00', price, STANDARD_VAT, 'pz'));
    const summary = vatSummaryOf(lines, STANDARD_VAT);
    expect(summary).toMatchObject([{ taxableAmount: '56.00', vat: '12.32' }]);
    const { xml } = eInvoiceOf(demoInvoice('italianBusiness', { lines }));
    expectValid(xml);
    expect(valuesOf(xml, 'ImportoTotaleDocumento')).toEqual(['68.32']);
    // VAT rounded per line and summed, as Integra's invoices did: SdI's arithmetic refuses it.
    const perLine = eInvoiceOf({ ...demoInvoice('italianBusiness', { lines }), vatSummary: [{ ...summary[0]!, vat: '12.34' }], payment: undefined }).xml;
    expect(checkFatturaPAArithmetic(perLine)).toEqual({ valid: false, errors: ['DatiRiepilogo 22.00%: Imposta 12.34 is not ImponibileImporto 56.00 × 22.00% = 12.32 (rounded half-up once per rate)'] });
  });
});

describe('broken files are reported with the reason', () => {
  const good = eInvoiceOf(demoInvoice('euBusiness')).xml;

  it('a missing element', () => {
    const broken = good.replace(/\s*<Numero>[^<]*<\/Numero>/, '');
    const result = validateFatturaPA(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Element 'DatiBollo': This element is not expected\. Expected is \( Numero \)/);
  });

  it('a Natura the schema does not know', () => {
    const result = validateFatturaPA(good.replace('<Natura>N2.1</Natura>', '<Natura>N9</Natura>'));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Element 'Natura': \[facet 'enumeration'\] The value 'N9' is not an element of the set/);
  });

  it('an 81-character Denominazione', () => {
    const result = validateFatturaPA(good.replace('<Denominazione>Brückner Konferenztechnik GmbH</Denominazione>', `<Denominazione>${'B'.repeat(81)}</Denominazione>`));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Element 'Denominazione': \[facet 'pattern'\]/);
  });

  it('wrong arithmetic, which the schema cannot see', () => {
    const broken = good.replace('<PrezzoTotale>47.53</PrezzoTotale>', '<PrezzoTotale>47.54</PrezzoTotale>');
    expect(validateFatturaPA(broken)).toEqual({ valid: true, errors: [] });
    expect(checkFatturaPAArithmetic(broken)).toEqual({
      valid: false,
      errors: [
        'DettaglioLinee 1: PrezzoTotale 47.54 is not Quantita 1234.5 × PrezzoUnitario 0.0385 = 47.53',
        'DatiRiepilogo 0.00% N2.1: ImponibileImporto 82.66 is not the sum of the lines\' PrezzoTotale at this rate, 82.67',
      ],
    });
    const wrongTotal = checkFatturaPAArithmetic(good.replace('<ImportoTotaleDocumento>82.66</ImportoTotaleDocumento>', '<ImportoTotaleDocumento>82.67</ImportoTotaleDocumento>'));
    expect(wrongTotal.errors).toEqual(['ImportoTotaleDocumento 82.67 is not ImponibileImporto 82.66 + Imposta 0.00 = 82.66']);
    const wrongPayment = checkFatturaPAArithmetic(good.replace('<ImportoPagamento>82.66</ImportoPagamento>', '<ImportoPagamento>80.00</ImportoPagamento>'));
    expect(wrongPayment.errors).toEqual(['DatiPagamento: ImportoPagamento 80.00 is not the total 82.66 = 82.66']);
  });

  it('a zero rate without Natura, and XML that is not well-formed', () => {
    expect(checkFatturaPAArithmetic(good.replaceAll('<Natura>N2.1</Natura>', '')).errors).toEqual([
      'DettaglioLinee 1: AliquotaIVA is 0 but no Natura says why',
      'DettaglioLinee 2: AliquotaIVA is 0 but no Natura says why',
      'DettaglioLinee 3: AliquotaIVA is 0 but no Natura says why',
      'DatiRiepilogo 0.00%: AliquotaIVA is 0 but no Natura says why',
    ]);
    for (const check of [validateFatturaPA, checkFatturaPAArithmetic]) {
      const result = check(good.replace('</DatiGenerali>', ''));
      expect(result.valid).toBe(false);
      expect(result.errors[0]).toBe('not well-formed XML');
    }
  });
});

describe('a document that could never make a valid file is refused before any XML, naming the field', () => {
  it('an 81-character Denominazione, a street of 61, a character outside Latin-1, a bad CAP', () => {
    const document = demoInvoice('italianBusiness');
    const error = refusal({
      ...document,
      recipient: { ...document.recipient, name: 'A'.repeat(81), address: { ...document.recipient.address, street: 'V'.repeat(61), city: 'Zürich – Nord', postalCode: '3014' } },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipient.name' });
    expect(error.message).toBe('The e-invoice cannot be made: recipient.name is 81 characters long; FatturaPA allows at most 80 (and 3 more problems)');
    expect(error.extensions.issues).toEqual([
      { field: 'recipient.name', message: 'is 81 characters long; FatturaPA allows at most 80' },
      { field: 'recipient.address.street', message: 'is 61 characters long; FatturaPA allows at most 60' },
      { field: 'recipient.address.city', message: expect.stringContaining('contains "–" (U+2013); FatturaPA allows only printable Latin-1 characters') },
      { field: 'recipient.address.postalCode', message: 'an Italian CAP is 5 digits, got "3014"' },
    ]);
  });

  it('a zero rate without Natura, a retired Natura, a missing legal reference, too many decimals', () => {
    const document = demoInvoice('euBusiness');
    const [first, second, third] = document.lines as [EInvoiceDocument['lines'][number], EInvoiceDocument['lines'][number], EInvoiceDocument['lines'][number]];
    const error = refusal({
      ...document,
      lines: [{ ...first, natura: undefined }, { ...second, natura: 'N2' as never }, { ...third, amount: '10.001' }],
      vatSummary: [{ ...document.vatSummary[0]!, legalReference: undefined }],
    });
    expect(error.extensions.issues).toEqual([
      { field: 'lines[0].natura', message: expect.stringContaining('is required when the VAT rate is 0') },
      { field: 'lines[1].natura', message: expect.stringContaining('N2, N3 and N6 alone are no longer valid') },
      { field: 'lines[2].amount', message: expect.stringContaining('has 3 decimals; FatturaPA allows 2 here') },
      { field: 'vatSummary[0].legalReference', message: 'is required with Natura N2.1: the law under which no VAT is charged' },
      { field: 'vatSummary', message: 'lines have the rate 0.00% but no summary does' },
      { field: 'vatSummary', message: 'lines have the rate 0.00% N2 but no summary does' },
    ]);
  });

  it('fiscal codes with a wrong check character, delivery channels that do not fit, a credit note without its invoice', () => {
    const document = demoInvoice('italianBusiness');
    const error = refusal({
      ...document,
      kind: 'TD04',
      recipient: { ...document.recipient, vatNumber: { country: 'IT', code: '04120930279' }, fiscalCode: 'RSSMRA85T10A562T', delivery: { channel: 'abroad' } },
      vatSummary: [{ ...document.vatSummary[0]!, esigibilita: 'S' }],
      payment: { iban: 'IT61X0542811101000000123456', dueDate: '2026-02-30' },
    });
    expect(error.extensions.issues).toEqual([
      { field: 'recipient.vatNumber.code', message: '"04120930279" has a wrong check digit (the last digit should be 8); check for a typo' },
      { field: 'recipient.fiscalCode', message: '"RSSMRA85T10A562T" has a wrong check character (the last should be S); check for a typo' },
      { field: 'recipient.delivery', message: 'the XXXXXXX code is for recipients outside Italy, and this address is in Italy' },
      { field: 'linkedInvoice', message: 'a credit note (TD04) names the invoice it corrects' },
      { field: 'vatSummary[0].esigibilita', message: 'split payment (S) applies only to public bodies' },
      { field: 'payment.iban', message: '"IT61X0542811101000000123456" has wrong check digits; check for a typo' },
      { field: 'payment.dueDate', message: 'must be a date as YYYY-MM-DD, got "2026-02-30"' },
    ]);
  });
});

describe('Italian fiscal codes', () => {
  it('partita IVA check digit (Agenzia delle Entrate)', () => {
    expect(partitaIvaCheckDigit('0412093027')).toBe('8');
    expect(partitaIvaCheckDigit('1234567890')).toBe('3');
    for (const valid of ['04120930278', '12345678903', '09876543217', DEMO_ISSUER.vatNumber]) expect(isValidPartitaIva(valid), valid).toBe(true);
    // The official examples' 01234567890 is a placeholder with a wrong check digit (7 would be right).
    for (const invalid of ['01234567890', '04120930277', '0412093027', '0412093027A', '00000000000']) expect(isValidPartitaIva(invalid), invalid).toBe(false);
    // Every single-digit typo of a valid number is caught.
    const valid = '04120930278';
    for (let position = 0; position < 11; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        const typo = valid.slice(0, position) + digit + valid.slice(position + 1);
        if (typo !== valid) expect(isValidPartitaIva(typo), typo).toBe(false);
      }
    }
  });

  it('codice fiscale: a company’s 11 digits, a person’s 16 characters with the check letter (omocodia too)', () => {
    expect(codiceFiscaleProblem('RSSMRA85T10A562S')).toBeNull();
    expect(codiceFiscaleProblem('04120930278')).toBeNull();
    expect(codiceFiscaleProblem('RSSMRA85T10A562T')).toMatch(/wrong check character \(the last should be S\)/);
    expect(codiceFiscaleProblem('rssmra85t10a562s')).toMatch(/in capitals/);
    expect(codiceFiscaleProblem('RSSMRA85T10A56')).toMatch(/must be 11 digits \(a company\) or 16/);
  });

  it('IBAN check digits', () => {
    expect(ibanProblem('IT60X0542811101000000123456')).toBeNull();
    expect(ibanProblem('DE89370400440532013000')).toBeNull();
    expect(ibanProblem('IT60X054281110100000012345')).toMatch(/an Italian IBAN has 27 characters/);
    expect(ibanProblem('IT60 X054 2811 1010 0000 0123 456')).toMatch(/without spaces/);
  });
});

describe("billing's e-invoicing configuration", () => {
  const production = { NODE_ENV: 'production' };
  const companyEnvironment = {
    EINVOICE_ISSUER_VAT_NUMBER: '04120930278',
    EINVOICE_ISSUER_NAME: 'Conferenze Adriatiche S.r.l.',
    EINVOICE_ISSUER_STREET: 'Riva del Mandracchio 4',
    EINVOICE_ISSUER_POSTAL_CODE: '34124',
    EINVOICE_ISSUER_CITY: 'Trieste',
    EINVOICE_ISSUER_PROVINCE: 'ts',
    EINVOICE_IBAN: 'it60 x054 2811 1010 0000 0123 456',
  };

  it('development: the demo company, whose partita IVA is valid, RF01, 30 days', () => {
    const { eInvoicing } = readBillingConfig({});
    expect(eInvoicing).toEqual({ issuer: DEMO_ISSUER, iban: 'IT60X0542811101000000123456', paymentDays: 30 });
    expect(isValidPartitaIva(eInvoicing.issuer.vatNumber)).toBe(true);
  });

  it('production: the company must be given; what is given is normalized and used', () => {
    expect(() => readBillingConfig(production)).toThrow(/EINVOICE_ISSUER_VAT_NUMBER is required[\s\S]*EINVOICE_ISSUER_NAME is required[\s\S]*EINVOICE_IBAN is required/);
    const { eInvoicing } = readBillingConfig({ ...production, ...companyEnvironment, EINVOICE_PAYMENT_DAYS: '60', EINVOICE_ISSUER_REGIME: 'RF19' });
    expect(eInvoicing).toEqual({
      issuer: {
        vatNumber: '04120930278',
        fiscalCode: undefined,
        name: 'Conferenze Adriatiche S.r.l.',
        regime: 'RF19',
        registeredOffice: { street: 'Riva del Mandracchio 4', streetNumber: undefined, postalCode: '34124', city: 'Trieste', province: 'TS', country: 'IT' },
        rea: undefined,
      },
      iban: 'IT60X0542811101000000123456',
      paymentDays: 60,
    });
  });

  it.each([
    [{ EINVOICE_ISSUER_VAT_NUMBER: '04120930279' }, /EINVOICE_ISSUER_VAT_NUMBER is invalid: "04120930279" has a wrong check digit/],
    [{ EINVOICE_ISSUER_NAME: 'N'.repeat(81) }, /EINVOICE_ISSUER_NAME is invalid: is 81 characters long; FatturaPA allows at most 80/],
    [{ EINVOICE_ISSUER_POSTAL_CODE: '3412' }, /EINVOICE_ISSUER_POSTAL_CODE is invalid: an Italian CAP is 5 digits/],
    [{ EINVOICE_ISSUER_FISCAL_CODE: 'RSSMRA85T10A562T' }, /EINVOICE_ISSUER_FISCAL_CODE is invalid: .*wrong check character/],
    [{ EINVOICE_ISSUER_REGIME: 'RF03' }, /EINVOICE_ISSUER_REGIME is invalid/],
    [{ EINVOICE_IBAN: 'IT61X0542811101000000123456' }, /EINVOICE_IBAN is invalid: .*wrong check digits/],
    [{ EINVOICE_PAYMENT_DAYS: '-1' }, /EINVOICE_PAYMENT_DAYS is invalid/],
    [{ EINVOICE_ISSUER_REA_OFFICE: 'TS' }, /EINVOICE_ISSUER_REA_NUMBER is required with EINVOICE_ISSUER_REA_OFFICE/],
  ])('a bad value stops the service naming the variable: %o', (override, message) => {
    expect(() => readBillingConfig({ ...production, ...companyEnvironment, ...override })).toThrow(message);
  });
});
