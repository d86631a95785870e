/**
 * Who an invoice is issued to, as the invoice keeps it: the customer's fiscal data read from sales
 * (which owns it) when the invoice is issued and stored with it (InvoiceRecipient), so that a later
 * `updateCustomer` changes the customer's next invoices, never one already issued, and an issued
 * invoice and its credit notes export the same file forever.
 *
 * Sales' answer is checked against the shape below before anything is written: an invoice is
 * never issued to a recipient billing could not read.
 */
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { conflict } from '../../shared/errors.js';
import type { InvoiceRecipient, InvoiceRecipientRevision, Prisma } from '../generated/prisma/client.js';
import type { BillingPrisma } from '../database.js';
import { salesContract } from './invoice-contracts.js';
import { salesCustomerEntities, SalesUnavailableError, type SalesClientOptions } from '../sales-entities.js';

const optionalText = z.string().nullish().transform((value) => (value ? value : null));

/** The customer's fiscal data as sales answers it, and as the invoice stores it. */
export const recipientFiscalData = z.object({
  fiscalCategory: z.enum(['ITALIAN_BUSINESS', 'ITALIAN_PUBLIC_BODY', 'EU_BUSINESS', 'NON_EU_BUSINESS', 'PRIVATE_PERSON']),
  legalName: z.string().min(1),
  vatNumber: optionalText,
  fiscalCode: optionalText,
  sdiRecipientCode: optionalText,
  pecAddress: optionalText,
  address: z.object({
    street: z.string().min(1),
    street2: optionalText,
    postalCode: z.string().min(1),
    city: z.string().min(1),
    province: optionalText,
    country: z.string().length(2),
  }),
});
export type RecipientFiscalData = z.infer<typeof recipientFiscalData>;

/** The customer's fiscal data with its contracts, read in the same request when an invoice is issued. */
export const customerFiscalData = recipientFiscalData.extend({ contracts: z.array(salesContract).optional() });
export type CustomerFiscalData = z.infer<typeof customerFiscalData>;

/** Where recipients come from: sales in a process, a fake in tests. */
export interface RecipientReader {
  /** One request for all the ids: each customer's fiscal data, or null when sales does not know it. */
  recipientsOf(customerIds: string[]): Promise<Map<string, CustomerFiscalData | null>>;
}

const CUSTOMER_FISCAL_DATA = `
  query InvoiceRecipients($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id fiscalCategory legalName vatNumber fiscalCode sdiRecipientCode pecAddress
        address { street street2 postalCode city province country }
        contracts { id number startsOn endsOn status cig cup cigExempt }
      }
    }
  }`;

/**
 * Half the gateway's default SUBGRAPH_TIMEOUT_MS, as bookings' check with sales: a close must give
 * up on a frozen sales, and answer naming sales with nothing written, before the gateway gives up
 * on billing and reports billing missing while the close would still go on once sales answered.
 */
export const RECIPIENTS_TIMEOUT_MS = 2500;

export function salesRecipients(salesUrl: string, options: SalesClientOptions): RecipientReader {
  const customersOf = salesCustomerEntities<unknown>(salesUrl, { timeoutMs: RECIPIENTS_TIMEOUT_MS, ...options }, CUSTOMER_FISCAL_DATA);
  return {
    async recipientsOf(customerIds) {
      const ids = [...new Set(customerIds.map((id) => id.toLowerCase()))];
      if (ids.length === 0) return new Map();
      const answers = await customersOf(ids);
      return new Map(
        ids.map((id, index) => {
          const answer = answers[index];
          if (answer === null || answer === undefined) return [id, null];
          const parsed = customerFiscalData.safeParse(answer);
          if (!parsed.success) throw new SalesUnavailableError(`sales answered customer ${id}'s fiscal data in a shape billing does not read: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
          return [id, parsed.data];
        }),
      );
    },
  };
}

/** Used where no sales is wired in (tests of the API alone): every close that issues an invoice fails, saying why. */
export const NO_RECIPIENTS: RecipientReader = {
  recipientsOf: async () => {
    throw new SalesUnavailableError('billing was started without sales, where recipients are read');
  },
};

/**
 * Reads the ids in one request up front (the month-end run) and answers later lookups from it;
 * when that request fails, every lookup fails with its reason.
 */
export async function prefetchedRecipients(reader: RecipientReader, customerIds: string[]): Promise<RecipientReader> {
  let known: Map<string, CustomerFiscalData | null>;
  try {
    known = await reader.recipientsOf(customerIds);
  } catch (error) {
    if (!(error instanceof SalesUnavailableError)) throw error;
    return { recipientsOf: () => Promise.reject(error) };
  }
  return {
    recipientsOf: async (ids) => new Map(ids.map((id) => [id.toLowerCase(), known.get(id.toLowerCase()) ?? null])),
  };
}

/**
 * The customer's fiscal data, read now for a document that needs it: sales down (SUBGRAPH_UNAVAILABLE)
 * or not knowing the customer (CONFLICT) stops the caller before it writes anything; `whatFailed`
 * says what did not happen and `retry` what to do once sales answers.
 */
export async function readRecipient(reader: RecipientReader, customerId: string, { whatFailed, retry }: { whatFailed: string; retry: string }): Promise<CustomerFiscalData> {
  let recipient: CustomerFiscalData | null | undefined;
  try {
    recipient = (await reader.recipientsOf([customerId])).get(customerId.toLowerCase());
  } catch (error) {
    if (!(error instanceof SalesUnavailableError)) throw error;
    throw new GraphQLError(`${whatFailed}: the recipient's fiscal data could not be read from sales (${error.message}). ${retry}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'sales' } });
  }
  if (!recipient) throw conflict(`${whatFailed}: sales does not know customer ${customerId}, so there is no recipient to address it to.`, { customerId });
  return recipient;
}

/** The row that keeps the recipient with the invoice. */
export function recipientRow(invoiceId: string, recipient: CustomerFiscalData, recordedAt: Date, recordedAtIssue = true): Prisma.InvoiceRecipientUncheckedCreateInput {
  const { address, contracts: _contracts, ...fiscal } = recipient;
  return { invoiceId, ...fiscal, ...address, recordedAt, recordedAtIssue };
}

/**
 * The recipient an export writes: the one stored with the invoice; for an invoice issued before
 * recipients were recorded, read from sales now and stored, once, so every later export of it
 * (and of its credit notes) is the same file. The first writer wins a race; both read its row.
 */
export async function recipientForExport(prisma: BillingPrisma, invoiceId: string, reader: RecipientReader, now: Date): Promise<InvoiceRecipient> {
  const stored = await prisma.invoiceRecipient.findUnique({ where: { invoiceId } });
  if (stored) return stored;
  const invoice = await prisma.invoice.findUnique({ where: { id: invoiceId }, select: { status: true, account: { select: { customerId: true } } } });
  if (!invoice) throw new Error(`Invoice ${invoiceId} does not exist`);
  if (invoice.status === 'DRAFT') throw new Error(`Invoice ${invoiceId} is a draft: it has no recipient until it is issued`);
  const recipient = await readRecipient(reader, invoice.account.customerId, {
    whatFailed: `Invoice ${invoiceId} was issued before recipients were recorded and is not exported`,
    retry: 'Export it again once sales answers.',
  });
  const row = recipientRow(invoiceId, recipient, now, false);
  await prisma.$executeRaw`
    INSERT INTO "InvoiceRecipient" ("invoiceId", "fiscalCategory", "legalName", "vatNumber", "fiscalCode", "sdiRecipientCode", "pecAddress", "street", "street2", "postalCode", "city", "province", "country", "recordedAt", "recordedAtIssue")
    VALUES (${invoiceId}::uuid, ${row.fiscalCategory}, ${row.legalName}, ${row.vatNumber}, ${row.fiscalCode}, ${row.sdiRecipientCode}, ${row.pecAddress}, ${row.street}, ${row.street2}, ${row.postalCode}, ${row.city}, ${row.province}, ${row.country}, ${now}, false)
    ON CONFLICT ("invoiceId") DO NOTHING`;
  return prisma.invoiceRecipient.findUniqueOrThrow({ where: { invoiceId } });
}

/** The recipient a file names, with its revision: 1 is the one recorded at issue (InvoiceRecipient). */
export type FileRecipient = InvoiceRecipient & { revision: number };

/**
 * The recipient of the invoice `invoiceId` at `revision`: the one recorded at issue (read once
 * from sales for an older invoice, as `recipientForExport`), or a revision taken to correct a
 * rejected file.
 */
export async function recipientAtRevision(prisma: BillingPrisma, invoiceId: string, revision: number, reader: RecipientReader, now: Date): Promise<FileRecipient> {
  if (revision === 1) return { ...(await recipientForExport(prisma, invoiceId, reader, now)), revision };
  const row = await prisma.invoiceRecipientRevision.findUniqueOrThrow({ where: { invoiceId_revision: { invoiceId, revision } } });
  return fileRecipientOf(row);
}

export function fileRecipientOf({ creditNoteId: _creditNoteId, actor: _actor, ...row }: InvoiceRecipientRevision): FileRecipient {
  return { ...row, recordedAtIssue: false };
}

/** Whether two recipients would write the same CessionarioCommittente. */
export function sameRecipient(recorded: RecipientFiscalData | InvoiceRecipient, read: RecipientFiscalData): boolean {
  const flat = (recipient: RecipientFiscalData | InvoiceRecipient) => {
    const { address, ...fiscal } = 'address' in recipient ? recipient : { address: recipient, ...recipient };
    return [fiscal.fiscalCategory, fiscal.legalName, fiscal.vatNumber, fiscal.fiscalCode, fiscal.sdiRecipientCode, fiscal.pecAddress, address.street, address.street2, address.postalCode, address.city, address.province, address.country].map((value) => value ?? null);
  };
  return JSON.stringify(flat(recorded)) === JSON.stringify(flat(read));
}
