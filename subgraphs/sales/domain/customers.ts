/** Creating and changing customers and their contacts, with the input rules sales enforces. */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { badUserInput, notFound } from '../../shared/errors.js';
import { isUniqueViolation } from '../../shared/prisma-errors.js';
import { email, optionalText, requiredText, uuid, validate } from '../../shared/validation.js';
import type { SalesPrisma } from '../database.js';
import type { Contact, Customer, CustomerSegment } from '../generated/prisma/client.js';

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

const address = z.object({
  street: requiredText(200),
  postalCode: requiredText(16),
  city: requiredText(100),
  province: optionalText(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IT')
    .refine((code) => countries.isValid(code), 'is not an ISO 3166-1 alpha-2 country code (such as IT, DE, FR)'),
});

const createCustomerInput = z.object({
  legalName: requiredText(200),
  vatNumber,
  segment: z.custom<CustomerSegment>(),
  email,
  phone,
  address,
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
});

const contactInput = z.object({
  fullName: requiredText(200),
  role: optionalText(100),
  email: email.nullish().transform((value) => value ?? null),
  phone,
});

type AddressInput = z.output<typeof address>;

function addressColumns(value: AddressInput) {
  return {
    addressStreet: value.street,
    addressPostalCode: value.postalCode,
    addressCity: value.city,
    addressProvince: value.province,
    addressCountry: value.country,
  };
}

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
          ...addressColumns(input.address),
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
  const { count } = await prisma.customer.updateMany({
    where: { id },
    data: {
      legalName: input.legalName,
      segment: input.segment,
      email: input.email,
      phone: input.phone,
      ...(input.address ? addressColumns(input.address) : {}),
    },
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
