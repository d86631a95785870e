/** Creating and changing customers and their contacts, with the input rules sales enforces. */
import { z } from 'zod';
import { badUserInput, notFound } from '../../shared/errors.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../shared/prisma-errors.js';
import { email, optionalText, requiredLatin1Text, requiredText, uuid, validate } from '../../shared/validation.js';
import type { SalesPrisma } from '../database.js';
import type { Contact, Customer, CustomerSegment, Prisma } from '../generated/prisma/client.js';
import {
  categoryOfVatNumber,
  fiscalCategoryInput,
  fiscalCodeInput,
  LEGAL_NAME_MAX,
  pecAddressInput,
  sdiRecipientCodeInput,
  settleFiscalData,
  vatNumberInput,
  type FiscalData,
} from './fiscal-data.js';
import { legalAddressColumns, legalAddressInput, mailingAddressColumns, mailingAddressInput } from './postal-address.js';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,19}$/, 'must be a phone number such as +39 02 1234567')
  .nullish()
  .transform((value) => value || null);

const address = legalAddressInput;

/** FatturaPA's Denominazione: the legal name as the invoice file carries it. */
const legalName = requiredLatin1Text(LEGAL_NAME_MAX);

/** Optional on creation: left out or null, the customer has none. */
const none = <Schema extends z.ZodType>(schema: Schema) => schema.nullish().transform((value) => value ?? null);

const createCustomerInput = z.object({
  legalName,
  vatNumber: none(vatNumberInput),
  fiscalCategory: fiscalCategoryInput.nullish(),
  fiscalCode: none(fiscalCodeInput),
  sdiRecipientCode: none(sdiRecipientCodeInput),
  pecAddress: none(pecAddressInput),
  segment: z.custom<CustomerSegment>(),
  email,
  phone,
  address,
  mailingAddress: mailingAddressInput.nullish().transform((value) => value ?? null),
  acceptsEmailNotices: z.boolean().nullish().transform((value) => value ?? true),
});

/** A field every customer must have: left out it is kept, given as null it is refused. */
const kept = <Schema extends z.ZodType>(schema: Schema) =>
  z
    .any()
    .refine((value) => value !== null, { message: 'cannot be cleared; leave the field out to keep its value', abort: true })
    .pipe(schema)
    .optional();

const updateCustomerInput = z.object({
  legalName: kept(legalName),
  vatNumber: vatNumberInput.nullable().optional(),
  fiscalCategory: kept(fiscalCategoryInput),
  fiscalCode: fiscalCodeInput.nullable().optional(),
  sdiRecipientCode: sdiRecipientCodeInput.nullable().optional(),
  pecAddress: pecAddressInput.nullable().optional(),
  segment: kept(z.custom<CustomerSegment>()),
  email: kept(email),
  phone: phone.optional(),
  address: kept(address),
  mailingAddress: mailingAddressInput.nullable().optional(),
  acceptsEmailNotices: kept(z.boolean()),
  noticeContactId: uuid.nullable().optional(),
});

const contactInput = z.object({
  fullName: requiredText(200),
  role: optionalText(100),
  email: email.nullish().transform((value) => value ?? null),
  phone,
});



async function refuseDuplicateVat<T>(write: () => Promise<T>, vat: string | null | undefined): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw badUserInput('input.vatNumber', `${vat} already belongs to another customer`);
    throw error;
  }
}

const FISCAL_FIELDS = ['fiscalCategory', 'vatNumber', 'fiscalCode', 'sdiRecipientCode', 'pecAddress'] as const;

/** The fiscal fields this input sets: on creation those with a value, on update also those cleared with null. */
function givenFiscalFields(input: Partial<Record<keyof FiscalData, unknown>>, { nullCounts }: { nullCounts: boolean }): Set<keyof FiscalData> {
  return new Set(FISCAL_FIELDS.filter((field) => input[field] !== undefined && (nullCounts || input[field] !== null)));
}

export async function createCustomer(prisma: SalesPrisma, rawInput: unknown): Promise<Customer> {
  const input = validate(createCustomerInput, rawInput, 'input');
  const fiscalCategory = input.fiscalCategory ?? (input.vatNumber ? categoryOfVatNumber(input.vatNumber) : null);
  if (!fiscalCategory) throw badUserInput('input.vatNumber', 'is required, unless fiscalCategory is PRIVATE_PERSON or ITALIAN_PUBLIC_BODY');
  const fiscal = settleFiscalData({ ...input, fiscalCategory }, input.address.country, givenFiscalFields(input, { nullCounts: false }), 'input');
  return refuseDuplicateVat(
    () =>
      prisma.customer.create({
        data: {
          legalName: input.legalName,
          ...fiscal,
          segment: input.segment,
          email: input.email,
          phone: input.phone,
          ...legalAddressColumns(input.address),
          ...mailingAddressColumns(input.mailingAddress),
          acceptsEmailNotices: input.acceptsEmailNotices,
        },
      }),
    input.vatNumber,
  );
}

export async function updateCustomer(prisma: SalesPrisma, rawId: string, rawInput: unknown): Promise<Customer> {
  const id = validate(uuid, rawId, 'id');
  const input = validate(updateCustomerInput, rawInput, 'input');
  if (Object.values(input).every((value) => value === undefined)) {
    const unchanged = await prisma.customer.findUnique({ where: { id } });
    if (!unchanged) throw notFound('Customer', id);
    return unchanged;
  }
  if (input.noticeContactId) {
    const contact = await prisma.contact.findUnique({ where: { id: input.noticeContactId }, select: { customerId: true } });
    if (contact?.customerId !== id) throw badUserInput('input.noticeContactId', 'must be one of this customer\'s contacts');
  }
  return refuseDuplicateVat(() => prisma.$transaction((tx) => writeCustomerChange(tx, id, input)), input.vatNumber);
}

type CustomerChange = z.output<typeof updateCustomerInput>;

/**
 * The fiscal rules hold across fields (a public body's office code, a PEC with 0000000), so a
 * change is checked against the customer as stored, locked until the change is written.
 */
async function writeCustomerChange(tx: Prisma.TransactionClient, id: string, input: CustomerChange): Promise<Customer> {
  await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ${id}::uuid FOR NO KEY UPDATE`;
  const stored = await tx.customer.findUnique({ where: { id } });
  if (!stored) throw notFound('Customer', id);
  const given = givenFiscalFields(input, { nullCounts: true });
  const merged = Object.fromEntries(FISCAL_FIELDS.map((field) => [field, input[field] === undefined ? stored[field] : input[field]])) as unknown as FiscalData;
  // Data stored before these rules stays as it is (eInvoiceReadiness shows it) until a change touches it.
  const touchesFiscalData = given.size > 0 || (input.address !== undefined && input.address.country !== stored.addressCountry);
  const fiscal = touchesFiscalData ? settleFiscalData(merged, input.address?.country ?? stored.addressCountry, given, 'input') : {};
  // A contact removed between the check above and this write fails the foreign key instead.
  const { count } = await tx.customer.updateMany({
    where: { id },
    data: {
      ...fiscal,
      legalName: input.legalName,
      segment: input.segment,
      email: input.email,
      phone: input.phone,
      acceptsEmailNotices: input.acceptsEmailNotices,
      noticeContactId: input.noticeContactId,
      ...(input.address ? legalAddressColumns(input.address) : {}),
      ...(input.mailingAddress !== undefined ? mailingAddressColumns(input.mailingAddress) : {}),
    },
  }).catch((error: unknown) => {
    if (isForeignKeyViolation(error)) throw badUserInput('input.noticeContactId', 'must be one of this customer\'s contacts');
    throw error;
  });
  if (count === 0) throw notFound('Customer', id);
  return tx.customer.findUniqueOrThrow({ where: { id } });
}

export async function addContact(prisma: SalesPrisma, rawCustomerId: string, rawInput: unknown): Promise<Contact> {
  const customerId = validate(uuid, rawCustomerId, 'customerId');
  const input = validate(contactInput, rawInput, 'input');
  if (!(await prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } }))) {
    throw notFound('Customer', customerId);
  }
  return prisma.contact.create({ data: { customerId, ...input } });
}

export async function removeContact(prisma: SalesPrisma, rawId: string): Promise<Contact> {
  const id = validate(uuid, rawId, 'id');
  const [removed] = await prisma.$transaction(async (tx) => {
    const contact = await tx.contact.findUnique({ where: { id } });
    if (!contact) return [];
    await tx.contact.delete({ where: { id } });
    return [contact];
  });
  if (!removed) throw notFound('Contact', id);
  return removed;
}
