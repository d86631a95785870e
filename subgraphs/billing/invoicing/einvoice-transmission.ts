/**
 * The life of an issued document's FatturaPA file with the Sistema di Interscambio.
 *
 * Each issued invoice and credit note gets, in the transaction that numbers it, its first file:
 * a progressive (ProgressivoInvio, 5 base-36 characters) from the SDI counter, so the file is
 * IT<issuer's VAT number>_<progressive>.xml and no name is ever used twice. The file is TO_SEND
 * until `markEInvoiceSent`, then SdI's notifications, imported as SdI wrote them, move it to
 * DELIVERED, REJECTED or NOT_DELIVERABLE (the database holds the legal moves, migration
 * 20261206160929_sdi_transmission). Every move is appended to the file's history with who made it.
 *
 * Italian rules for corrections: a REJECTED file is fiscally never issued, so the same document
 * (same number and date) is sent again corrected as a new file (`resendEInvoice`, with the
 * recipient read again from sales when that is what SdI refused), or the invoice is voided
 * (`voidInvoice`); a delivered one (DELIVERED, NOT_DELIVERABLE, and for a public body ACCEPTED,
 * REFUSED or TERMS_EXPIRED) stands and is corrected only by a credit note (TD04).
 */
import type { BillingPrisma } from '../database.js';
import type { EInvoiceState, EInvoiceTransmission, Invoice, Prisma, SdiNotificationType } from '../generated/prisma/client.js';
import type { Clock } from '../../shared/clock.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { checkedPage, type PageArguments } from '../../shared/pages.js';
import { uuid, validate } from '../../shared/validation.js';
import { parseSdiNotification, type SdiNotification } from '../einvoice/notification.js';
import { checkedResendFile, type EInvoiceExportContext } from './einvoice-export.js';
import { ISSUER_TIME_ZONE } from './numbering.js';
import { readRecipient, recipientAtRevision, recipientRow, sameRecipient, type RecipientFiscalData } from './recipients.js';

/** Who the history names for the file created when a document is issued. */
export const ISSUING_ACTOR = 'billing';

/** 36^5 - 1 files per issuer: SdI allows five characters. */
const PROGRESSIVE_DIGITS = 5;
const MAX_PROGRESSIVE = 36 ** PROGRESSIVE_DIGITS - 1;

export interface TransmissionActor {
  /** The token subject of the person acting. */
  actor: string;
  clock: Clock;
}

export type DocumentRef = { invoiceId: string } | { creditNoteId: string };

/** What SdI's answer makes of a file. */
function stateAfter(notification: SdiNotification): EInvoiceState {
  switch (notification.kind) {
    case 'RICEVUTA_CONSEGNA':
      return 'DELIVERED';
    case 'NOTIFICA_SCARTO':
      return 'REJECTED';
    // For a public body, AttestazioneTrasmissioneFattura says what NotificaMancataConsegna said, for good: delivery was impossible, the invoice stands.
    case 'NOTIFICA_MANCATA_CONSEGNA':
    case 'ATTESTAZIONE_TRASMISSIONE_FATTURA':
      return 'NOT_DELIVERABLE';
    case 'NOTIFICA_ESITO':
      return notification.outcome === 'EC01' ? 'ACCEPTED' : 'REFUSED';
    case 'NOTIFICA_DECORRENZA_TERMINI':
      return 'TERMS_EXPIRED';
  }
}

/** Only a public body answers (NotificaEsito), lets the term run out, or gets an AttestazioneTrasmissioneFattura. */
const PUBLIC_SECTOR_NOTIFICATIONS: ReadonlySet<SdiNotificationType> = new Set(['NOTIFICA_ESITO', 'NOTIFICA_DECORRENZA_TERMINI', 'ATTESTAZIONE_TRASMISSIONE_FATTURA']);

/** A file that reached its recipient, or SdI's reserved area: the document stands, corrected only by a credit note. */
export const DELIVERED_STATES: readonly EInvoiceState[] = ['DELIVERED', 'NOT_DELIVERABLE', 'ACCEPTED', 'REFUSED', 'TERMS_EXPIRED'];

/** The moves the database allows (einvoice_transmission_moves_legally), checked first to say why. */
const LEGAL_MOVES: Record<EInvoiceState, readonly EInvoiceState[]> = {
  TO_SEND: ['SENT', 'DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'],
  SENT: ['DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'],
  // NOT_DELIVERABLE again: the AttestazioneTrasmissioneFattura that follows a NotificaMancataConsegna, recorded in the history.
  NOT_DELIVERABLE: ['DELIVERED', 'NOT_DELIVERABLE'],
  DELIVERED: ['ACCEPTED', 'REFUSED', 'TERMS_EXPIRED'],
  REJECTED: [],
  ACCEPTED: [],
  REFUSED: [],
  TERMS_EXPIRED: [],
};

const NOTIFICATION_NAMES: Record<SdiNotificationType, string> = {
  RICEVUTA_CONSEGNA: 'RicevutaConsegna',
  NOTIFICA_SCARTO: 'NotificaScarto',
  NOTIFICA_MANCATA_CONSEGNA: 'NotificaMancataConsegna',
  NOTIFICA_ESITO: 'NotificaEsito',
  NOTIFICA_DECORRENZA_TERMINI: 'NotificaDecorrenzaTermini',
  ATTESTAZIONE_TRASMISSIONE_FATTURA: 'AttestazioneTrasmissioneFattura',
};

/**
 * The next progressive, gap-free like document numbers: the counter row (series SDI, year 0: a
 * file name is never reused in a later year) stays locked until the issuing transaction commits.
 */
async function nextProgressive(tx: Prisma.TransactionClient): Promise<string> {
  const [counter] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentNumberCounter" ("series", "year", "last") VALUES ('SDI', 0, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "DocumentNumberCounter"."last" + 1
    RETURNING "last"`;
  if (counter!.last > MAX_PROGRESSIVE) throw new Error(`The e-invoice progressives are used up (${MAX_PROGRESSIVE} files); a new issuer code is needed`);
  return counter!.last.toString(36).toUpperCase().padStart(PROGRESSIVE_DIGITS, '0');
}

/**
 * A new file of an issued document, TO_SEND: its first at issue, or the next after a rejection.
 * It names the recipient revision given; by default the one recorded at issue, or for a credit
 * note's first file the one its invoice's latest file was sent with.
 */
export async function startEInvoiceTransmission(
  tx: Prisma.TransactionClient,
  document: DocumentRef,
  at: Date,
  { actor = ISSUING_ACTOR, attempt = 1, details, recipientRevision }: { actor?: string; attempt?: number; details?: Prisma.InputJsonValue; recipientRevision?: number } = {},
): Promise<EInvoiceTransmission> {
  const revision = recipientRevision ?? ('creditNoteId' in document ? await invoiceRecipientRevisionOf(tx, document.creditNoteId) : 1);
  const progressive = await nextProgressive(tx);
  const transmission = await tx.eInvoiceTransmission.create({ data: { ...document, attempt, progressive, state: 'TO_SEND', createdAt: at, updatedAt: at, recipientRevision: revision } });
  await tx.eInvoiceTransition.create({ data: { transmissionId: transmission.id, fromState: null, toState: 'TO_SEND', actor, occurredAt: at, details } });
  return transmission;
}

async function invoiceRecipientRevisionOf(tx: Prisma.TransactionClient, creditNoteId: string): Promise<number> {
  const { invoiceId } = await tx.creditNote.findUniqueOrThrow({ where: { id: creditNoteId }, select: { invoiceId: true } });
  const [latest] = await tx.eInvoiceTransmission.findMany({ where: { invoiceId }, orderBy: { attempt: 'desc' }, take: 1, select: { recipientRevision: true } });
  return latest?.recipientRevision ?? 1;
}

/** The latest file of the invoice or credit note `id`, locked for this transaction. */
async function latestTransmissionOf(tx: Prisma.TransactionClient, id: string): Promise<EInvoiceTransmission> {
  const [latest] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "EInvoiceTransmission" WHERE "invoiceId" = ${id}::uuid OR "creditNoteId" = ${id}::uuid
     ORDER BY "attempt" DESC LIMIT 1 FOR UPDATE`;
  if (!latest) {
    const draft = await tx.invoice.findUnique({ where: { id }, select: { status: true } });
    if (draft) throw conflict(`Invoice ${id} is ${draft.status}: it has no e-invoice file.`, { status: draft.status });
    throw notFound('Invoice or credit note', id);
  }
  return tx.eInvoiceTransmission.findUniqueOrThrow({ where: { id: latest.id } });
}

const SDI_IDENTIFIER = /^[0-9]{1,12}$/;

/**
 * The file was handed to SdI (by a person, or as the transmission channel reports), with SdI's
 * identifier when known. Marking it again changes nothing, but may add the identifier once.
 */
export async function markEInvoiceSent(prisma: BillingPrisma, rawId: string, rawSdiIdentifier: string | null | undefined, { actor, clock }: TransmissionActor): Promise<EInvoiceTransmission> {
  const id = validate(uuid, rawId, 'id');
  const given = rawSdiIdentifier?.trim() || null;
  if (given !== null && !SDI_IDENTIFIER.test(given)) throw badUserInput('sdiIdentifier', `must be SdI's identifier of the file, 1 to 12 digits; got "${given}"`);
  const sdiIdentifier = given === null ? null : BigInt(given).toString();
  return prisma.$transaction(async (tx) => {
    const transmission = await latestTransmissionOf(tx, id);
    const known = transmission.sdiIdentifier;
    if (transmission.state === 'SENT' && (sdiIdentifier === null || sdiIdentifier === known)) return transmission;
    if (known !== null && sdiIdentifier !== null && known !== sdiIdentifier) {
      throw conflict(`E-invoice file ${transmission.progressive} already has IdentificativoSdI ${known}, not ${sdiIdentifier}.`, { sdiIdentifier: known });
    }
    if (transmission.state !== 'TO_SEND' && transmission.state !== 'SENT') {
      throw conflict(`E-invoice file ${transmission.progressive} is ${transmission.state}: SdI has already answered, so it cannot be marked sent.`, { state: transmission.state });
    }
    const now = clock();
    const sent = await tx.eInvoiceTransmission.update({
      where: { id: transmission.id },
      data: { state: 'SENT', sentAt: transmission.sentAt ?? now, updatedAt: now, sdiIdentifier: sdiIdentifier ?? known },
    });
    await tx.eInvoiceTransition.create({
      data: { transmissionId: transmission.id, fromState: transmission.state, toState: 'SENT', actor, occurredAt: now, details: sdiIdentifier ? { sdiIdentifier } : undefined },
    });
    return sent;
  });
}

/** The progressive of `fileName` if it names a file of this issuer (IT<VAT>_<progressive>.xml, or .xml.p7m when signed). */
function progressiveOf(fileName: string, issuerVatNumber: string): string {
  const [stem, extension = ''] = splitOnce(fileName, '.');
  const [sender, progressive = ''] = splitOnce(stem, '_');
  if (sender !== `IT${issuerVatNumber}` || !/^[A-Za-z0-9]{1,5}$/.test(progressive) || !['xml', 'xml.p7m'].includes(extension.toLowerCase())) {
    throw conflict(`The notification is about ${fileName}, which is not a file this company sends (IT${issuerVatNumber}_<progressive>.xml).`, { fileName });
  }
  return progressive.toUpperCase().padStart(PROGRESSIVE_DIGITS, '0');
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Records what an SdI notification says about one of our files. The same notification again
 * (same IdentificativoSdI and type) changes nothing; a notification about an unknown file, one
 * that contradicts the file's SdI identifier, or a move SdI's process does not make is a CONFLICT.
 */
export async function importSdiNotification(prisma: BillingPrisma, xml: string, issuerVatNumber: string, { actor, clock }: TransmissionActor): Promise<EInvoiceTransmission> {
  const notification = parseSdiNotification(xml);
  const progressive = progressiveOf(notification.fileName, issuerVatNumber);
  const name = NOTIFICATION_NAMES[notification.kind];
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "EInvoiceTransmission" WHERE "progressive" = ${progressive} FOR UPDATE`;
    if (!locked) throw conflict(`No e-invoice file named ${notification.fileName} was issued: the ${name} cannot be applied.`, { fileName: notification.fileName });
    const transmission = await tx.eInvoiceTransmission.findUniqueOrThrow({ where: { id: locked.id } });
    const seen = await tx.eInvoiceTransition.findUnique({ where: { sdiIdentifier_notification: { sdiIdentifier: notification.sdiIdentifier, notification: notification.kind } } });
    if (seen) {
      if (seen.transmissionId === transmission.id) return transmission;
      throw conflict(`A ${name} with IdentificativoSdI ${notification.sdiIdentifier} was already imported for another file.`, { sdiIdentifier: notification.sdiIdentifier });
    }
    if (transmission.sdiIdentifier !== null && transmission.sdiIdentifier !== notification.sdiIdentifier) {
      throw conflict(
        `${notification.fileName} has IdentificativoSdI ${transmission.sdiIdentifier}, but this ${name} is for IdentificativoSdI ${notification.sdiIdentifier}: it is about another transmission of that name.`,
        { sdiIdentifier: notification.sdiIdentifier },
      );
    }
    const next = stateAfter(notification);
    if (PUBLIC_SECTOR_NOTIFICATIONS.has(notification.kind) && !(await addressedToPublicBody(tx, transmission))) {
      throw conflict(`${notification.fileName} is not addressed to a public body: SdI sends a ${name} only about invoices to the public sector.`, { notification: notification.kind });
    }
    if (!LEGAL_MOVES[transmission.state].includes(next)) {
      throw conflict(`${notification.fileName} is ${transmission.state}; a ${name} (${next}) cannot follow.`, { state: transmission.state, notification: notification.kind });
    }
    const now = clock();
    const rejection = notification.kind === 'NOTIFICA_SCARTO' ? (notification.errors as unknown as Prisma.InputJsonValue) : undefined;
    const updated = await tx.eInvoiceTransmission.update({
      where: { id: transmission.id },
      data: { state: next, sdiIdentifier: notification.sdiIdentifier, rejection, updatedAt: now },
    });
    await tx.eInvoiceTransition.create({
      data: {
        transmissionId: transmission.id,
        fromState: transmission.state,
        toState: next,
        actor,
        occurredAt: now,
        notification: notification.kind,
        sdiIdentifier: notification.sdiIdentifier,
        details: detailsOf(notification),
      },
    });
    return updated;
  });
}

/** Whether the file's recipient is an Italian public body (an older invoice with no recorded recipient yet is given the benefit of the doubt). */
async function addressedToPublicBody(tx: Prisma.TransactionClient, file: EInvoiceTransmission): Promise<boolean> {
  const invoiceId = file.invoiceId ?? (await tx.creditNote.findUniqueOrThrow({ where: { id: file.creditNoteId! }, select: { invoiceId: true } })).invoiceId;
  const recipient =
    file.recipientRevision === 1
      ? await tx.invoiceRecipient.findUnique({ where: { invoiceId }, select: { fiscalCategory: true } })
      : await tx.invoiceRecipientRevision.findUnique({ where: { invoiceId_revision: { invoiceId, revision: file.recipientRevision } }, select: { fiscalCategory: true } });
  return recipient === null || recipient.fiscalCategory === 'ITALIAN_PUBLIC_BODY';
}

function detailsOf(notification: SdiNotification): Prisma.InputJsonValue {
  const { kind: _kind, sdiIdentifier: _sdiIdentifier, ...details } = notification;
  return JSON.parse(JSON.stringify(details)) as Prisma.InputJsonValue;
}

/**
 * After SdI rejected the file of an issued invoice or credit note, the same document (same number
 * and date) is sent again as a new file: TO_SEND, with a new progressive, since SdI refuses a file
 * name it has already seen (error 00002).
 *
 * With `refreshRecipient`, the new file is addressed to the customer as sales holds it now (after
 * the specialist corrected what SdI refused, such as a CodiceDestinatario, 00311): the file is
 * built and checked (official schema, SdI's arithmetic) before anything is written, and refused
 * naming the field when it still cannot be valid. A recipient that differs from the rejected
 * file's is kept as a new revision; the rejected file keeps naming the one it was sent with.
 */
export async function resendEInvoice(
  context: EInvoiceExportContext,
  rawId: string,
  { actor, clock }: TransmissionActor,
  { refreshRecipient = false }: { refreshRecipient?: boolean } = {},
): Promise<EInvoiceTransmission> {
  const id = validate(uuid, rawId, 'id');
  const { prisma } = context;
  // Checked first, so a resend that is refused anyway does not wait on sales.
  const candidate = await prisma.$transaction((tx) => resendableFile(tx, id));
  const corrected = refreshRecipient ? await correctedRecipient(context, candidate) : null;
  return prisma.$transaction(async (tx) => {
    const rejected = await resendableFile(tx, id);
    if (rejected.id !== candidate.id) throw conflict(`E-invoice file ${candidate.progressive} was sent again meanwhile, as ${rejected.progressive}.`, { state: rejected.state });
    const document = rejected.invoiceId ? { invoiceId: rejected.invoiceId } : { creditNoteId: rejected.creditNoteId! };
    const now = clock();
    let recipientRevision = rejected.recipientRevision;
    if (corrected?.changed) {
      const { invoiceId } = corrected;
      const last = await tx.invoiceRecipientRevision.aggregate({ where: { invoiceId }, _max: { revision: true } });
      recipientRevision = (last._max.revision ?? 1) + 1;
      const { invoiceId: _invoiceId, recordedAtIssue: _recordedAtIssue, ...row } = recipientRow(invoiceId, corrected.recipient, now);
      await tx.invoiceRecipientRevision.create({ data: { ...row, invoiceId, revision: recipientRevision, creditNoteId: rejected.creditNoteId, actor } });
    }
    const details = { resends: rejected.progressive, ...(refreshRecipient ? { recipientRefreshed: true, recipientRevision } : {}) };
    return startEInvoiceTransmission(tx, document, now, { actor, attempt: rejected.attempt + 1, details, recipientRevision });
  });
}

/** The latest file of `id`, locked, if it may be sent again: REJECTED, of a document that is not VOID. */
async function resendableFile(tx: Prisma.TransactionClient, id: string): Promise<EInvoiceTransmission> {
  const [invoice] = await tx.$queryRaw<Pick<Invoice, 'status'>[]>`SELECT "status"::text AS "status" FROM "Invoice" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (invoice?.status === 'VOID') throw conflict(`Invoice ${id} is VOID: a voided invoice is not sent again.`, { status: 'VOID' });
  const rejected = await latestTransmissionOf(tx, id);
  if (rejected.state === 'REFUSED') {
    throw conflict(`E-invoice file ${rejected.progressive} was delivered and then refused by the public body (NotificaEsito EC02): the invoice stands and is corrected by a credit note (TD04), not sent again.`, { state: rejected.state });
  }
  if (rejected.state !== 'REJECTED') {
    throw conflict(`E-invoice file ${rejected.progressive} is ${rejected.state}: only a file SdI rejected is sent again.`, { state: rejected.state });
  }
  return rejected;
}

/** The customer's fiscal data read again from sales, once the file it would make is known to be valid. */
async function correctedRecipient(context: EInvoiceExportContext, rejected: EInvoiceTransmission): Promise<{ invoiceId: string; recipient: RecipientFiscalData; changed: boolean }> {
  const { invoiceId } = rejected.invoiceId ? { invoiceId: rejected.invoiceId } : await context.prisma.creditNote.findUniqueOrThrow({ where: { id: rejected.creditNoteId! }, select: { invoiceId: true } });
  const { account } = await context.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { account: { select: { customerId: true } } } });
  const recipient = await readRecipient(context.recipients, account.customerId, {
    whatFailed: `E-invoice file ${rejected.progressive} was not sent again`,
    retry: 'Resend it once sales answers.',
  });
  const { address, ...fiscal } = recipient;
  await checkedResendFile(context, rejected, { ...fiscal, ...address });
  const current = await recipientAtRevision(context.prisma, invoiceId, rejected.recipientRevision, context.recipients, context.clock());
  return { invoiceId, recipient, changed: !sameRecipient(current, recipient) };
}

/**
 * ISSUED -> VOID, only for an invoice whose file SdI rejected and that no credit note refers to;
 * a delivered invoice stands and is corrected by a credit note (TD04). The database holds the
 * same rule (Invoice_voided_only_when_rejected).
 */
export async function voidInvoice(prisma: BillingPrisma, rawId: string): Promise<Invoice> {
  const id = validate(uuid, rawId, 'id');
  return prisma.$transaction(async (tx) => {
    const [invoice] = await tx.$queryRaw<Pick<Invoice, 'status'>[]>`SELECT "status"::text AS "status" FROM "Invoice" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (!invoice) throw notFound('Invoice', id);
    if (invoice.status !== 'ISSUED') throw conflict(`Invoice ${id} is ${invoice.status}: only an issued invoice can be voided.`, { status: invoice.status });
    const file = await latestTransmissionOf(tx, id);
    if (DELIVERED_STATES.includes(file.state)) {
      throw conflict(`Invoice ${id} was ${file.state === 'NOT_DELIVERABLE' ? 'accepted by SdI (in the recipient\'s reserved area)' : `delivered${file.state === 'DELIVERED' ? '' : ` (${file.state})`}`}: it stands, and is corrected by a credit note (TD04), not voided.`, { eInvoiceState: file.state });
    }
    if (file.state !== 'REJECTED') {
      throw conflict(`Invoice ${id}'s e-invoice file is ${file.state}: only an invoice whose file SdI rejected can be voided; wait for SdI's answer.`, { eInvoiceState: file.state });
    }
    const credited = await tx.creditNote.count({ where: { invoiceId: id } });
    if (credited > 0) throw conflict(`Invoice ${id} has ${credited} credit note(s): it cannot be voided.`, { creditNotes: credited });
    return tx.invoice.update({ where: { id }, data: { status: 'VOID' } });
  });
}

/** A rejected invoice is fiscally not issued: it is sent again or voided, never credited. */
export async function assertInvoiceMayBeCredited(tx: Prisma.TransactionClient, invoiceId: string): Promise<void> {
  const [latest] = await tx.eInvoiceTransmission.findMany({ where: { invoiceId }, orderBy: { attempt: 'desc' }, take: 1, select: { state: true, progressive: true } });
  if (latest?.state === 'REJECTED') {
    throw conflict(`Invoice ${invoiceId}'s e-invoice file ${latest.progressive} was rejected by SdI: send it again corrected (resendEInvoice) or void it; a rejected invoice is not credited.`, { eInvoiceState: 'REJECTED' });
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface EInvoiceListing extends PageArguments {
  month: string;
  state?: EInvoiceState | null;
}

/** Page sizes of the listing of files; their XML (built and validated each time) is listed in smaller pages. */
export const E_INVOICE_PAGE = { defaultSize: 100, maxSize: 500 };
export const E_INVOICE_FILE_PAGE = { defaultSize: 50, maxSize: 200 };

/**
 * The latest file of each invoice and credit note issued in `month` (YYYY-MM, in the issuer's time
 * zone), in the order they were issued (progressives follow issue order), of one state if given.
 */
export async function eInvoicesOfMonth(prisma: BillingPrisma, { month, state, first, offset }: EInvoiceListing, pageSizes = E_INVOICE_PAGE): Promise<EInvoiceTransmission[]> {
  if (!MONTH.test(month)) throw badUserInput('month', `must be a month as YYYY-MM, such as 2026-11; got "${month}"`);
  const { take, skip } = checkedPage({ first, offset }, pageSizes);
  // issuedAt is stored as UTC without a zone; the month is the issuer's calendar month.
  const ids = await prisma.$queryRaw<{ id: string }[]>`
    SELECT t."id"
      FROM "EInvoiceTransmission" t
      LEFT JOIN "Invoice" i ON i."id" = t."invoiceId"
      LEFT JOIN "CreditNote" c ON c."id" = t."creditNoteId"
     WHERE to_char((coalesce(i."issuedAt", c."issuedAt") AT TIME ZONE 'UTC') AT TIME ZONE ${ISSUER_TIME_ZONE}, 'YYYY-MM') = ${month}
       AND (${state ?? null}::text IS NULL OR t."state"::text = ${state ?? null}::text)
       AND NOT EXISTS (SELECT 1 FROM "EInvoiceTransmission" later
                        WHERE later."attempt" > t."attempt"
                          AND (later."invoiceId" = t."invoiceId" OR later."creditNoteId" = t."creditNoteId"))
     ORDER BY coalesce(i."issuedAt", c."issuedAt"), t."progressive"
     LIMIT ${take} OFFSET ${skip}`;
  const rows = await prisma.eInvoiceTransmission.findMany({ where: { id: { in: ids.map((row) => row.id) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((row) => byId.get(row.id)!);
}
