/**
 * Reads the notification files SdI sends back about a file we sent: RicevutaConsegna (delivered),
 * NotificaScarto (rejected, with its error codes) and NotificaMancataConsegna (could not be
 * delivered; the invoice stands, in the recipient's reserved area); and for a public body's
 * invoices NotificaEsito (the body accepted, EC01, or refused, EC02), NotificaDecorrenzaTermini
 * (it did not answer within 15 days) and AttestazioneTrasmissioneFattura (delivery was impossible). Each is parsed by libxml2 with
 * neither network nor external entities, refused outright if it has a DOCTYPE (SdI's never do:
 * no entity is ever expanded), and validated against SdI's MessaggiTypes_v1.1.xsd before any
 * value is read from it.
 *
 * The notification's ds:Signature is required by the schema but not verified here: the channel
 * that receives the files (PEC, SDICoop, an intermediary) authenticates SdI; this module only
 * trusts what the schema guarantees about the shape.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EINVOICE_SCHEMA_FOLDER } from '../../catalog.js';
import { XmlBufferInputProvider, XmlDocument, XmlLibError, xmlRegisterInputProvider, XsdValidator, type XmlNode } from 'libxml2-wasm';
import { badUserInput } from '../../shared/errors.js';
import { describeXmlErrors, parseInvoiceXml, XMLDSIG_SCHEMA_FILE } from './validate.js';

export const SDI_MESSAGES_NAMESPACE = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0';
export const SDI_MESSAGES_SCHEMA_FILE = path.join(EINVOICE_SCHEMA_FOLDER, 'unverified', 'MessaggiTypes_v1.1.xsd');
/** Where libxml2 looks for the schema's relative import of the signature schema. */
const XMLDSIG_RELATIVE_IMPORT = path.join(EINVOICE_SCHEMA_FOLDER, 'unverified', 'xmldsig-core-schema.xsd');

/**
 * A NotificaScarto lists at most 200 errors of at most 255 characters each: about 60 kB, more in
 * UTF-8 and with a signature carrying its certificate. Half the request body limit (1 MB) leaves
 * room for that and for JSON's escaping; anything larger is not a notification, and is refused
 * before parsing. The input guard allows the `xml` argument as many characters, and no more.
 */
export const MAX_NOTIFICATION_BYTES = 512 * 1024;

export type SdiNotificationKind = 'RICEVUTA_CONSEGNA' | 'NOTIFICA_SCARTO' | 'NOTIFICA_MANCATA_CONSEGNA' | 'NOTIFICA_ESITO' | 'NOTIFICA_DECORRENZA_TERMINI' | 'ATTESTAZIONE_TRASMISSIONE_FATTURA';

const KIND_OF_ROOT: Record<string, SdiNotificationKind> = {
  RicevutaConsegna: 'RICEVUTA_CONSEGNA',
  NotificaScarto: 'NOTIFICA_SCARTO',
  NotificaMancataConsegna: 'NOTIFICA_MANCATA_CONSEGNA',
  NotificaEsito: 'NOTIFICA_ESITO',
  NotificaDecorrenzaTermini: 'NOTIFICA_DECORRENZA_TERMINI',
  AttestazioneTrasmissioneFattura: 'ATTESTAZIONE_TRASMISSIONE_FATTURA',
};

export interface SdiError {
  code: string;
  description: string;
}

export interface SdiNotification {
  kind: SdiNotificationKind;
  /** IdentificativoSdI: SdI's number for the file the notification is about. */
  sdiIdentifier: string;
  /** NomeFile: the name of the file we sent. */
  fileName: string;
  /** DataOraRicezione: when SdI received the file (absent from NotificaEsito and NotificaDecorrenzaTermini). */
  receivedAt?: string;
  /** DataOraConsegna (RicevutaConsegna only). */
  deliveredAt?: string;
  /** ListaErrori (NotificaScarto only). */
  errors?: SdiError[];
  /** Descrizione (NotificaMancataConsegna, NotificaDecorrenzaTermini, the public body's in NotificaEsito), or Note. */
  description?: string;
  /** EsitoCommittente/Esito (NotificaEsito only): EC01 accepted, EC02 refused by the public body. */
  outcome?: 'EC01' | 'EC02';
  messageId: string;
}

let validator: XsdValidator | null = null;

function notificationValidator(): XsdValidator {
  if (validator) return validator;
  xmlRegisterInputProvider(new XmlBufferInputProvider({ [XMLDSIG_RELATIVE_IMPORT]: readFileSync(XMLDSIG_SCHEMA_FILE) }));
  const schema = XmlDocument.fromBuffer(readFileSync(SDI_MESSAGES_SCHEMA_FILE), { url: SDI_MESSAGES_SCHEMA_FILE, option: 0 });
  try {
    validator = XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
  return validator;
}

const refused = (problem: string, details: Record<string, unknown> = {}) => badUserInput('xml', problem, details);

/** The notification in `xml`, or BAD_USER_INPUT on field `xml` saying what is wrong with it. */
export function parseSdiNotification(xml: string): SdiNotification {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_NOTIFICATION_BYTES) refusedTooLarge(bytes);
  const schemaValidator = notificationValidator();
  let document: XmlDocument;
  try {
    document = parseInvoiceXml(xml);
  } catch (error) {
    if (error instanceof XmlLibError) {
      const errors = describeXmlErrors(error.details);
      throw refused(`is not well-formed XML (${errors[0] ?? error.message})`, { issues: errors });
    }
    throw error;
  }
  try {
    if (document.dtd) throw refused('has a DOCTYPE: SdI notifications have none, and entities in them are never expanded');
    const root = document.root;
    const kind = root.namespaceUri === SDI_MESSAGES_NAMESPACE ? KIND_OF_ROOT[root.name] : undefined;
    if (!kind) {
      throw refused(
        `is a <${root.name}>${root.namespaceUri ? ` in namespace ${root.namespaceUri}` : ''}; only ${Object.keys(KIND_OF_ROOT).join(', ')} in namespace ${SDI_MESSAGES_NAMESPACE} are imported`,
      );
    }
    try {
      schemaValidator.validate(document);
    } catch (error) {
      if (!(error instanceof XmlLibError)) throw error;
      const errors = describeXmlErrors(error.details);
      throw refused(`does not match SdI's notification schema, MessaggiTypes v1.1 (${errors.join('; ')})`, { issues: errors });
    }
    return notificationOf(kind, root);
  } finally {
    document.dispose();
  }
}

function refusedTooLarge(bytes: number): never {
  throw refused(`is ${bytes} bytes; an SdI notification is at most ${MAX_NOTIFICATION_BYTES} bytes`);
}

/** An xsd:integer may carry a sign or leading zeros; SdI's identifier is the positive number itself. */
function sdiIdentifierOf(value: string): string {
  const number = BigInt(value);
  if (number <= 0n) throw refused(`has IdentificativoSdI ${value}; SdI numbers its files from 1`);
  return number.toString();
}

/** The notification's values, once the schema has guaranteed each required one is there. */
function notificationOf(kind: SdiNotificationKind, root: XmlNode): SdiNotification {
  // The schema's local elements are unqualified: plain names, without a prefix.
  const text = (path: string) => root.get(path)?.content.trim();
  const required = (path: string) => text(path)!;
  const notification: SdiNotification = {
    kind,
    sdiIdentifier: sdiIdentifierOf(required('IdentificativoSdI')),
    fileName: required('NomeFile'),
    messageId: required('MessageId'),
  };
  const receivedAt = text('DataOraRicezione');
  if (receivedAt) notification.receivedAt = receivedAt;
  const description = text('Descrizione') ?? text('EsitoCommittente/Descrizione') ?? text('Note');
  if (description) notification.description = description;
  if (kind === 'RICEVUTA_CONSEGNA') notification.deliveredAt = required('DataOraConsegna');
  if (kind === 'NOTIFICA_ESITO') notification.outcome = required('EsitoCommittente/Esito') as 'EC01' | 'EC02';
  if (kind === 'NOTIFICA_SCARTO') {
    notification.errors = root.find('ListaErrori/Errore').map((error) => ({
      code: error.get('Codice')!.content.trim(),
      description: error.get('Descrizione')!.content.trim(),
    }));
  }
  return notification;
}
