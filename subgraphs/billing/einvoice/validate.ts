/**
 * Validates a FatturaPA file against the official schema (Schema_VFPR12_v1.2.3.xsd, vendored
 * byte for byte in ./schema) with libxml2 compiled to WebAssembly: no network, no native build.
 * The schema imports the W3C signature schema from its w3.org URL; that one URL is served from
 * the local copy by an input provider, so the published file is used exactly as it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EINVOICE_SCHEMA_FOLDER } from '../../catalog.js';
import { ParseOption, XmlBufferInputProvider, XmlDocument, XmlLibError, xmlRegisterInputProvider, XsdValidator, type ErrorDetail } from 'libxml2-wasm';

// From the source tree, as the GraphQL schemas are: the build (dist/) holds only compiled code.
const SCHEMA_FOLDER = EINVOICE_SCHEMA_FOLDER;
export const FATTURAPA_SCHEMA_FILE = path.join(SCHEMA_FOLDER, 'Schema_VFPR12_v1.2.3.xsd');
export const XMLDSIG_SCHEMA_FILE = path.join(SCHEMA_FOLDER, 'xmldsig-core-schema.xsd');
/** The schemaLocation of FatturaPA's xs:import, exactly as the published schema writes it. */
export const XMLDSIG_IMPORT_LOCATION = 'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd';

// No network, and no external entities: an invoice file is data, never a reason to fetch anything.
const SAFE_PARSING = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export interface FatturaPAValidation {
  valid: boolean;
  /** What is wrong, each with its line: "line 16: Element 'ContattiTrasmittente': This element is not expected." */
  errors: string[];
}

let validator: XsdValidator | null = null;

/** Compiled once per process (about 30 ms), then kept: every file is checked against the same schema. */
function fatturaPAValidator(): XsdValidator {
  if (validator) return validator;
  xmlRegisterInputProvider(new XmlBufferInputProvider({ [XMLDSIG_IMPORT_LOCATION]: readFileSync(XMLDSIG_SCHEMA_FILE) }));
  const schema = XmlDocument.fromBuffer(readFileSync(FATTURAPA_SCHEMA_FILE), { url: FATTURAPA_SCHEMA_FILE, option: SAFE_PARSING });
  try {
    validator = XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
  return validator;
}

export function describeXmlErrors(details: readonly ErrorDetail[]): string[] {
  return details.map((detail) => `line ${detail.line}: ${detail.message.trim()}`);
}

/** Parses `xml` safely; the document must be disposed by the caller. */
export function parseInvoiceXml(xml: string): XmlDocument {
  return XmlDocument.fromString(xml, { option: SAFE_PARSING });
}

/** The parsed file, or why it is not well-formed XML: both checks of a file start here. */
export function parseFatturaPAFile(xml: string): XmlDocument | FatturaPAValidation {
  try {
    return parseInvoiceXml(xml);
  } catch (error) {
    if (error instanceof XmlLibError) return { valid: false, errors: ['not well-formed XML', ...describeXmlErrors(error.details)] };
    throw error;
  }
}

/** Whether `xml` is a FatturaPA file the official schema accepts, and if not, why. */
export function validateFatturaPA(xml: string): FatturaPAValidation {
  const schemaValidator = fatturaPAValidator();
  const document = parseFatturaPAFile(xml);
  if (!(document instanceof XmlDocument)) return document;
  try {
    schemaValidator.validate(document);
    return { valid: true, errors: [] };
  } catch (error) {
    if (error instanceof XmlLibError) return { valid: false, errors: describeXmlErrors(error.details) };
    throw error;
  } finally {
    document.dispose();
  }
}
