/**
 * SdI notification files for tests, built as XML trees in the shapes of MessaggiTypes_v1.1.xsd:
 * RicevutaConsegna, NotificaScarto (with its ListaErrori), NotificaMancataConsegna, and for the
 * public sector NotificaEsito, NotificaDecorrenzaTermini and AttestazioneTrasmissioneFattura. The
 * schema requires a ds:Signature; the one here has the right shape and a meaningless value
 * (billing does not verify signatures; the channel that receives the files does).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { SDI_MESSAGES_NAMESPACE } from '../../subgraphs/billing/einvoice/notification.js';

const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';

export interface NotificationSpec {
  sdiIdentifier: string;
  fileName: string;
  messageId?: string;
  receivedAt?: string;
  /** Leave the signature out, which the schema refuses. */
  unsigned?: boolean;
}

/** `head` writes what follows IdentificativoSdI and NomeFile when it is not DataOraRicezione, as in NotificaEsito. */
function notification(root: string, spec: NotificationSpec, body: (element: XMLBuilder) => void, head?: (element: XMLBuilder) => void): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const element = document.ele(SDI_MESSAGES_NAMESPACE, `types:${root}`, { versione: '1.0' });
  element.ele('IdentificativoSdI').txt(spec.sdiIdentifier);
  element.ele('NomeFile').txt(spec.fileName);
  if (head) head(element);
  else element.ele('DataOraRicezione').txt(spec.receivedAt ?? '2026-12-02T10:00:00.000+01:00');
  body(element);
  if (!spec.unsigned) addSignature(element);
  return document.end({ prettyPrint: true });
}

function addSignature(parent: XMLBuilder): void {
  const signature = parent.ele(XMLDSIG, 'ds:Signature');
  const signedInfo = signature.ele(XMLDSIG, 'ds:SignedInfo');
  signedInfo.ele(XMLDSIG, 'ds:CanonicalizationMethod', { Algorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' });
  signedInfo.ele(XMLDSIG, 'ds:SignatureMethod', { Algorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
  const reference = signedInfo.ele(XMLDSIG, 'ds:Reference', { URI: '' });
  reference.ele(XMLDSIG, 'ds:DigestMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  reference.ele(XMLDSIG, 'ds:DigestValue').txt('AAAA');
  signature.ele(XMLDSIG, 'ds:SignatureValue').txt('AAAA');
}

export function ricevutaConsegna(spec: NotificationSpec & { deliveredAt?: string }): string {
  return notification('RicevutaConsegna', spec, (element) => {
    element.ele('DataOraConsegna').txt(spec.deliveredAt ?? '2026-12-02T10:05:00.000+01:00');
    const recipient = element.ele('Destinatario');
    recipient.ele('Codice').txt('ABC1234');
    recipient.ele('Descrizione').txt('Cliente di prova');
    element.ele('MessageId').txt(spec.messageId ?? '1001');
  });
}

export function notificaScarto(spec: NotificationSpec & { errors: { code: string; description: string }[] }): string {
  return notification('NotificaScarto', spec, (element) => {
    const list = element.ele('ListaErrori');
    for (const error of spec.errors) {
      const entry = list.ele('Errore');
      entry.ele('Codice').txt(error.code);
      entry.ele('Descrizione').txt(error.description);
    }
    element.ele('MessageId').txt(spec.messageId ?? '1002');
  });
}

export function notificaMancataConsegna(spec: NotificationSpec & { description?: string }): string {
  return notification('NotificaMancataConsegna', spec, (element) => {
    if (spec.description) element.ele('Descrizione').txt(spec.description);
    element.ele('MessageId').txt(spec.messageId ?? '1003');
  });
}

/** The public body's answer: EC01 accepted, EC02 refused, with its reason. */
export function notificaEsito(spec: NotificationSpec & { outcome: 'EC01' | 'EC02'; description?: string }): string {
  return notification('NotificaEsito', spec, (element) => element.ele('MessageId').txt(spec.messageId ?? '1004'), (element) => {
    const answer = element.ele('EsitoCommittente', { versione: '1.0' });
    answer.ele('IdentificativoSdI').txt(spec.sdiIdentifier);
    answer.ele('Esito').txt(spec.outcome);
    if (spec.description) answer.ele('Descrizione').txt(spec.description);
  });
}

/** The public body did not answer within 15 days. NotificaDecorrenzaTermini has no DataOraRicezione. */
export function notificaDecorrenzaTermini(spec: NotificationSpec & { description?: string }): string {
  return notification('NotificaDecorrenzaTermini', spec, (element) => {
    if (spec.description) element.ele('Descrizione').txt(spec.description);
    element.ele('MessageId').txt(spec.messageId ?? '1005');
  }, () => undefined);
}

/** For a public body: the file could not be delivered, and SdI attests it was transmitted. */
export function attestazioneTrasmissioneFattura(spec: NotificationSpec): string {
  return notification('AttestazioneTrasmissioneFattura', spec, (element) => {
    const recipient = element.ele('Destinatario');
    recipient.ele('Codice').txt('UFQ7NB');
    recipient.ele('Descrizione').txt('Comune di prova');
    element.ele('MessageId').txt(spec.messageId ?? '1006');
    element.ele('HashFileOriginale').txt('a'.repeat(64));
  });
}

/** Entities that expand to a billion "lol"s (about 3 GB) from a few hundred bytes. */
export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${Array.from({ length: 8 }, (_, index) => `<!ENTITY lol${index + 2} "${`&lol${index === 0 ? '' : index + 1};`.repeat(10)}">`).join('\n  ')}
]>
<types:RicevutaConsegna xmlns:types="${SDI_MESSAGES_NAMESPACE}" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI><NomeFile>&lol9;</NomeFile></types:RicevutaConsegna>`;

/** An external entity that would read a local file into NomeFile. */
export const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE types:RicevutaConsegna [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<types:RicevutaConsegna xmlns:types="${SDI_MESSAGES_NAMESPACE}" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI><NomeFile>&secret;</NomeFile></types:RicevutaConsegna>`;
