/** Creating and changing customers and their contacts, with the input rules sales enforces. */
import { z } from 'zod';
import { badUserInput, notFound } from '../../shared/errors.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../shared/prisma-errors.js';
import { email, optionalText, requiredText, uuid, validate } from '../../shared/validation.js';
import type { SalesPrisma } from '../database.js';
import type { Contact, Customer, CustomerSegment } from '../generated/prisma/client.js';
import { legalAddressColumns, legalAddressInput, mailingAddressColumns, mailingAddressInput } from './postal-address.js';

const vatNumber = z
  .string()
  .transform((value) => value.replace(/[\s.-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}[A-Z0-9]{2,13}$/, 'must be a VAT number with its country prefix, such as IT01234567890'));

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,19}$/, 'must be a phone number such as +39 02 1234567')
  .nullish()
  .transform((value) => value || null);

const address = legalAddressInput;

const createCustomerInput = z.object({
  legalName: requiredText(200),
  vatNumber,
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
  legalName: kept(requiredText(200)),
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


async function refuseDuplicateVat<T>(write: () => Promise<T>, vat: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw badUserInput('input.vatNumber', `${vat} already belongs to another customer`);
    throw error;
  }
}

export async function createCustomer(prisma: SalesPrisma, rawInput: unknown): Promise<Customer> {
  const input = validate(createCustomerInput, rawInput, 'input');
  return refuseDuplicateVat(
    () =>
      prisma.customer.create({
        data: {
          legalName: input.legalName,
          vatNumber: input.vatNumber,
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
  // A contact removed between this check and the write fails the foreign key instead.
  const { count } = await prisma.customer.updateMany({
    where: { id },
    data: {
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
  return prisma.customer.findUniqueOrThrow({ where: { id } });
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
