/**
 * The FatturaPA file of an issued invoice or credit note, as the API hands it out: built only from
 * what billing stored (the lines with their Natura, legal reference and EsigibilitaIVA, the
 * contract recorded at issue, the recipient the file names, recorded at issue or revised to correct a rejected file, the
 * progressive of the document's file) and the issuer's
 * configuration, so the same document gives the same bytes every time; and validated against the
 * official schema before it leaves, so an invalid file is never handed out.
 */
import { GraphQLError } from 'graphql';
import type { Clock } from '../../shared/clock.js';
import type { EInvoicingConfig } from '../config.js';
import type { BillingPrisma } from '../database.js';
import { checkFatturaPAArithmetic, eInvoiceOf, validateFatturaPA, type EInvoiceDocument } from '../einvoice/index.js';
import { creditNoteEInvoiceDocumentOf, eInvoiceDocumentOf, type RecordedRecipient } from '../einvoice/issued-documents.js';
import type { CreditNote, EInvoiceState, EInvoiceTransmission, Invoice } from '../generated/prisma/client.js';
import type { BillingLoaders } from '../loaders.js';
import { recipientAtRevision, type RecipientReader } from './recipients.js';

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
  const recipient = await recipientAtRevision(context.prisma, invoice.id, transmission.recipientRevision, context.recipients, context.clock());
  return validatedFile(`Invoice ${invoice.number}`, await invoiceDocument(context, invoice, transmission.progressive, recipient), transmission.state);
}

async function creditNoteFile(context: EInvoiceExportContext, note: CreditNote, transmission: EInvoiceTransmission): Promise<ExportedEInvoiceFile> {
  const recipient = await recipientAtRevision(context.prisma, note.invoiceId, transmission.recipientRevision, context.recipients, context.clock());
  return validatedFile(`Credit note ${note.number}`, await creditNoteDocument(context, note, transmission, recipient), transmission.state);
}

async function invoiceDocument(context: EInvoiceExportContext, invoice: Invoice, progressive: string, recipient: RecordedRecipient): Promise<EInvoiceDocument> {
  const [lines, period, contract] = await Promise.all([
    context.loaders.linesOfInvoice.load(invoice.id),
    invoice.periodId ? context.loaders.period.load(invoice.periodId) : null,
    context.loaders.contractOfInvoice.load(invoice.id),
  ]);
  return eInvoiceDocumentOf({ ...invoice, lines, period, contract }, recipient, { config: context.eInvoicing, progressive });
}

async function creditNoteDocument(context: EInvoiceExportContext, note: CreditNote, transmission: EInvoiceTransmission, recipient: RecordedRecipient): Promise<EInvoiceDocument> {
  const [lines, invoice, contract] = await Promise.all([
    context.loaders.linesOfCreditNote.load(note.id),
    existing(context.loaders.invoice.load(note.invoiceId), transmission),
    context.loaders.contractOfInvoice.load(note.invoiceId),
  ]);
  return creditNoteEInvoiceDocumentOf(
    { ...note, lines },
    { number: invoice.number!, issuedAt: invoice.issuedAt!, euroExchangeRate: invoice.euroExchangeRate, contract, ...(await outsideTheEuro(context, invoice)) },
    recipient,
    { config: context.eInvoicing, progressive: transmission.progressive },
  );
}

/** For a credit note outside the euro, its invoice's lines and every credit note of it, whose euro VAT is counted in issue order. */
async function outsideTheEuro(context: EInvoiceExportContext, invoice: Invoice) {
  if (invoice.currency === 'EUR') return {};
  const [lines, notes] = await Promise.all([context.loaders.linesOfInvoice.load(invoice.id), context.loaders.creditNotesOfInvoice.load(invoice.id)]);
  const creditNotes = await Promise.all(notes.map(async (note) => ({ id: note.id, lines: await context.loaders.linesOfCreditNote.load(note.id) })));
  return { lines, creditNotes };
}

/**
 * The file a rejected document would be sent again as, addressed to `recipient`: built, checked
 * against the official schema and SdI's arithmetic, or CONFLICT naming the field (the customer's,
 * in sales, when it is the recipient's) before anything is written. Built under the rejected
 * file's progressive: the new one is only taken when the file is recorded, and a progressive is
 * always 5 letters or digits, so it changes nothing the checks look at.
 */
export async function checkedResendFile(context: EInvoiceExportContext, rejected: EInvoiceTransmission, recipient: RecordedRecipient): Promise<ExportedEInvoiceFile> {
  const [what, document] = rejected.invoiceId
    ? await existing(context.loaders.invoice.load(rejected.invoiceId), rejected).then(async (invoice) => [`Invoice ${invoice.number}`, await invoiceDocument(context, invoice, rejected.progressive, recipient)] as const)
    : await existing(context.loaders.creditNote.load(rejected.creditNoteId!), rejected).then(async (note) => [`Credit note ${note.number}`, await creditNoteDocument(context, note, rejected, recipient)] as const);
  const file = validatedFile(what, document, 'TO_SEND', RESEND_HOW_TO_FIX);
  const arithmetic = checkFatturaPAArithmetic(file.xml);
  if (!arithmetic.valid) {
    throw new GraphQLError(`${what}'s corrected file does not add up as SdI checks it: ${arithmetic.errors.join('; ')}.`, { extensions: { code: 'CONFLICT', issues: arithmetic.errors } });
  }
  return file;
}

/** Where each recipient field of a FatturaPA document comes from: the customer's fiscal data in sales. */
const CUSTOMER_FIELD_OF: [RegExp, string][] = [
  [/^recipient\.name/, 'legalName'],
  [/^recipient\.vatNumber/, 'vatNumber'],
  [/^recipient\.fiscalCode/, 'fiscalCode'],
  [/^recipient\.delivery\.(code|officeCode)/, 'sdiRecipientCode'],
  [/^recipient\.delivery\.address/, 'pecAddress'],
  [/^recipient\.delivery/, 'sdiRecipientCode'],
  [/^recipient\.address\.street/, 'address.street'],
  [/^recipient\.address\.(\w+)/, 'address.$1'],
];

/** The customer's field in sales behind a document field, when the recipient's data is what is wrong. */
export function customerFieldOf(documentField: string): string | null {
  for (const [pattern, customerField] of CUSTOMER_FIELD_OF) {
    const match = pattern.exec(documentField);
    if (match) return customerField.replace('$1', match[1] ?? '');
  }
  return null;
}

const RESEND_HOW_TO_FIX = "Correct the customer's fiscal data in sales (updateCustomer) and resend again with refreshRecipient; nothing was written.";

const HOW_TO_FIX =
  'Correct the data it comes from (the customer\'s fiscal data in sales for the next documents, the account\'s VAT treatment, or the issuer\'s EINVOICE_* configuration), then correct this document by a credit note or, once SdI rejected it, by resendEInvoice.';

/**
 * The file, or CONFLICT naming every reason: data billing holds that cannot make a valid file is
 * a fact about stored documents, not a mistake in the request.
 */
function validatedFile(what: string, document: EInvoiceDocument, state: EInvoiceState, howToFix = HOW_TO_FIX): ExportedEInvoiceFile {
  let file: { fileName: string; xml: string };
  try {
    file = eInvoiceOf(document);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT') throw error;
    const field = error.extensions.field as string | undefined;
    const customerField = field ? customerFieldOf(field) : null;
    const inSales = customerField ? ` (the customer's ${customerField} in sales)` : '';
    throw new GraphQLError(`${what} cannot be exported as a valid FatturaPA file: ${error.message.replace(/^The e-invoice cannot be made: /, '')}${inSales}. ${howToFix}`, {
      extensions: { code: 'CONFLICT', field, ...(customerField ? { customerField } : {}), issues: error.extensions.issues },
    });
  }
  const validation = validateFatturaPA(file.xml);
  if (!validation.valid) {
    throw new GraphQLError(`${what}'s FatturaPA file ${file.fileName} is refused by the official schema: ${validation.errors.join('; ')}. ${howToFix}`, {
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
