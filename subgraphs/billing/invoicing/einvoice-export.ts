/**
 * The FatturaPA file of an issued invoice or credit note, as the API hands it out: built only from
 * what billing stored (the lines with their Natura, legal reference and EsigibilitaIVA, the
 * recipient recorded at issue, the progressive of the document's file) and the issuer's
 * configuration, so the same document gives the same bytes every time; and validated against the
 * official schema before it leaves, so an invalid file is never handed out.
 */
import { GraphQLError } from 'graphql';
import type { Clock } from '../../shared/clock.js';
import type { EInvoicingConfig } from '../config.js';
import type { BillingPrisma } from '../database.js';
import { eInvoiceOf, validateFatturaPA, type EInvoiceDocument } from '../einvoice/index.js';
import { creditNoteEInvoiceDocumentOf, eInvoiceDocumentOf } from '../einvoice/issued-documents.js';
import type { CreditNote, EInvoiceState, EInvoiceTransmission, Invoice } from '../generated/prisma/client.js';
import type { BillingLoaders } from '../loaders.js';
import { recipientForExport, type RecipientReader } from './recipients.js';

export interface EInvoiceExportContext {
  prisma: BillingPrisma;
  loaders: BillingLoaders;
  recipients: RecipientReader;
  eInvoicing: EInvoicingConfig;
  clock: Clock;
}

export interface ExportedEInvoiceFile {
  fileName: string;
  xml: string;
  state: EInvoiceState;
}

/** The file of an issued invoice (its latest transmission's progressive); null for a draft. */
export async function invoiceEInvoiceFile(context: EInvoiceExportContext, invoice: Invoice): Promise<ExportedEInvoiceFile | null> {
  const latest = (await context.loaders.eInvoiceFilesOfDocument.load(invoice.id)).at(-1);
  if (invoice.status === 'DRAFT' || !latest) return null;
  return invoiceFile(context, invoice, latest);
}

export async function creditNoteEInvoiceFile(context: EInvoiceExportContext, note: CreditNote): Promise<ExportedEInvoiceFile> {
  const latest = (await context.loaders.eInvoiceFilesOfDocument.load(note.id)).at(-1);
  if (!latest) throw new Error(`Credit note ${note.id} has no e-invoice file`);
  return creditNoteFile(context, note, latest);
}

/** The file one transmission row names: of its invoice, or of its credit note. */
export async function transmissionEInvoiceFile(context: EInvoiceExportContext, transmission: EInvoiceTransmission): Promise<ExportedEInvoiceFile> {
  if (transmission.invoiceId) return invoiceFile(context, await existing(context.loaders.invoice.load(transmission.invoiceId), transmission), transmission);
  return creditNoteFile(context, await existing(context.loaders.creditNote.load(transmission.creditNoteId!), transmission), transmission);
}

async function invoiceFile(context: EInvoiceExportContext, invoice: Invoice, transmission: EInvoiceTransmission): Promise<ExportedEInvoiceFile> {
  const [lines, period, recipient] = await Promise.all([
    context.loaders.linesOfInvoice.load(invoice.id),
    invoice.periodId ? context.loaders.period.load(invoice.periodId) : null,
    recipientForExport(context.prisma, invoice.id, context.recipients, context.clock()),
  ]);
  const document = eInvoiceDocumentOf({ ...invoice, lines, period }, recipient, { config: context.eInvoicing, progressive: transmission.progressive });
  return validatedFile(`Invoice ${invoice.number}`, document, transmission.state);
}

async function creditNoteFile(context: EInvoiceExportContext, note: CreditNote, transmission: EInvoiceTransmission): Promise<ExportedEInvoiceFile> {
  const [lines, invoice, recipient] = await Promise.all([
    context.loaders.linesOfCreditNote.load(note.id),
    existing(context.loaders.invoice.load(note.invoiceId), transmission),
    recipientForExport(context.prisma, note.invoiceId, context.recipients, context.clock()),
  ]);
  const document = creditNoteEInvoiceDocumentOf({ ...note, lines }, { number: invoice.number!, issuedAt: invoice.issuedAt!, euroExchangeRate: invoice.euroExchangeRate, ...(await outsideTheEuro(context, invoice)) }, recipient, {
    config: context.eInvoicing,
    progressive: transmission.progressive,
  });
  return validatedFile(`Credit note ${note.number}`, document, transmission.state);
}

/** For a credit note outside the euro, its invoice's lines and every credit note of it, whose euro VAT is counted in issue order. */
async function outsideTheEuro(context: EInvoiceExportContext, invoice: Invoice) {
  if (invoice.currency === 'EUR') return {};
  const [lines, notes] = await Promise.all([context.loaders.linesOfInvoice.load(invoice.id), context.loaders.creditNotesOfInvoice.load(invoice.id)]);
  const creditNotes = await Promise.all(notes.map(async (note) => ({ id: note.id, lines: await context.loaders.linesOfCreditNote.load(note.id) })));
  return { lines, creditNotes };
}

const HOW_TO_FIX =
  'Correct the data it comes from (the customer\'s fiscal data in sales for the next documents, the account\'s VAT treatment, or the issuer\'s EINVOICE_* configuration), then correct this document by a credit note or, once SdI rejected it, by resendEInvoice.';

/**
 * The file, or CONFLICT naming every reason: data billing holds that cannot make a valid file is
 * a fact about stored documents, not a mistake in the request.
 */
function validatedFile(what: string, document: EInvoiceDocument, state: EInvoiceState): ExportedEInvoiceFile {
  let file: { fileName: string; xml: string };
  try {
    file = eInvoiceOf(document);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT') throw error;
    throw new GraphQLError(`${what} cannot be exported as a valid FatturaPA file: ${error.message.replace(/^The e-invoice cannot be made: /, '')}. ${HOW_TO_FIX}`, {
      extensions: { code: 'CONFLICT', issues: error.extensions.issues },
    });
  }
  const validation = validateFatturaPA(file.xml);
  if (!validation.valid) {
    throw new GraphQLError(`${what}'s FatturaPA file ${file.fileName} is refused by the official schema: ${validation.errors.join('; ')}. ${HOW_TO_FIX}`, {
      extensions: { code: 'CONFLICT', fileName: file.fileName, issues: validation.errors },
    });
  }
  return { ...file, state };
}

async function existing<Row>(row: Promise<Row | null | undefined>, transmission: EInvoiceTransmission): Promise<Row> {
  const found = await row;
  if (!found) throw new Error(`E-invoice file ${transmission.progressive} refers to a missing document`);
  return found;
}
