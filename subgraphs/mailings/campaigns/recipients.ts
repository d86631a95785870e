/**
 * Who gets what from a campaign, decided once per customer when the audience is read, and
 * the recipient rows that record it: the letter as printed and the address e-mailed, never
 * any other customer data.
 */
import type { AudienceCustomer, BillingFigures } from '../audience/sales-audience.js';
import { escapeForPrint } from '../letters/liquid.js';
import type { LetterOutcome } from '../letters/render-letter.js';
import type { SkipReason } from '../generated/prisma/client.js';

export interface RecipientRow {
  customerId: string;
  sequence: number;
  letterNumber: number | null;
  name: string;
  letterSkipped: SkipReason | null;
  /** Why the template could not make the letter (TEMPLATE_FAILED). */
  letterFailure: string | null;
  noticeSkipped: SkipReason | null;
  addressLines: string[];
  subject: string | null;
  body: string | null;
  email: string | null;
}

/** Why the customer gets no letter; null when one is printed. */
export function letterSkipReason(customer: AudienceCustomer): SkipReason | null {
  return customer.postalAddress ? null : 'NO_POSTAL_ADDRESS';
}

/** Why a printed letter is not announced by e-mail; null when it is. */
export function noticeSkipReason(customer: AudienceCustomer): SkipReason | null {
  if (!customer.acceptsEmailNotices) return 'DECLINED_EMAIL_NOTICES';
  if (!customer.noticeEmail) return 'NO_EMAIL';
  return null;
}

/** The rows of a page of customers; `letters` holds each printable customer's letter, rendered beforehand, or why it failed. */
export function recipientRows(customers: AudienceCustomer[], first: { sequence: number; letterNumber: number }, letters: Map<string, LetterOutcome>): RecipientRow[] {
  let letterNumber = first.letterNumber;
  return customers.map((customer, index) => {
    const base = { customerId: customer.id, sequence: first.sequence + index, name: escapeForPrint(customer.legalName) };
    const none = { letterNumber: null, letterFailure: null, noticeSkipped: null, addressLines: [], subject: null, body: null, email: null };
    const letterSkipped = letterSkipReason(customer);
    if (letterSkipped) return { ...base, ...none, letterSkipped };
    const outcome = letters.get(customer.id);
    if (!outcome) throw new Error(`no letter was rendered for customer ${customer.id}`);
    if ('reason' in outcome) return { ...base, ...none, letterSkipped: 'TEMPLATE_FAILED', letterFailure: `${outcome.failedPart}: ${outcome.reason}` };
    const { letter } = outcome;
    const noticeSkipped = noticeSkipReason(customer);
    return {
      ...base,
      letterNumber: letterNumber++,
      letterSkipped: null,
      letterFailure: null,
      noticeSkipped,
      addressLines: letter.addressLines.map(escapeForPrint),
      subject: letter.subject,
      body: letter.body,
      email: noticeSkipped ? null : customer.noticeEmail,
    };
  });
}

interface RawExecutor {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/**
 * One statement per page of recipients: an array per column, unnested by PostgreSQL (Prisma's
 * createMany binds a parameter per value, several times slower for 100,000 letters). A row
 * already there (same campaign and customer) is left as it is.
 */
export async function insertRecipients(db: RawExecutor, campaignId: string, rows: RecipientRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const column = <T>(pick: (row: RecipientRow) => T) => rows.map(pick);
  return db.$executeRawUnsafe(
    `INSERT INTO "Recipient" ("id", "campaignId", "customerId", "sequence", "letterNumber", "name", "letterSkipped", "letterFailure", "noticeSkipped", "addressLines", "subject", "body", "email")
     SELECT gen_random_uuid(), $1::uuid, t.customer_id, t.sequence, t.letter_number, t.name, t.letter_skipped::"SkipReason", t.letter_failure, t.notice_skipped::"SkipReason",
            CASE WHEN t.address = '' THEN ARRAY[]::text[] ELSE string_to_array(t.address, E'\\n') END, t.subject, t.body, t.email
       FROM unnest($2::uuid[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS t(customer_id, sequence, letter_number, name, letter_skipped, letter_failure, notice_skipped, address, subject, body, email)
     ON CONFLICT ("campaignId", "customerId") DO NOTHING`,
    campaignId,
    column((row) => row.customerId),
    column((row) => row.sequence),
    column((row) => row.letterNumber),
    column((row) => row.name),
    column((row) => row.letterSkipped),
    column((row) => row.letterFailure),
    column((row) => row.noticeSkipped),
    // Address lines never hold a line break: sales refuses them and escapeForPrint removes them.
    column((row) => row.addressLines.join('\n')),
    column((row) => row.subject),
    column((row) => row.body),
    column((row) => row.email),
  );
}
