/**
 * Contracts and their rates. A rate is never edited in place: a new price is a new rate, and
 * the one it replaces is ended at that instant, so any past charge can be re-checked against
 * the rate that was in force when it happened.
 */
import { z } from 'zod';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { isUniqueViolation } from '../../shared/prisma-errors.js';
import { currencyCode, decimalString, requiredText, uuid, validDate, validate } from '../../shared/validation.js';
import type { SalesPrisma } from '../database.js';
import type { BillableService, Contract, ContractRate, RateUnit } from '../generated/prisma/client.js';
import { startOfUtcDay } from './rates-in-force.js';

const rateInput = z
  .object({
    service: z.custom<BillableService>(),
    unitPrice: decimalString(6),
    unit: z.custom<RateUnit>(),
    billingIncrementSeconds: z.number().int().min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds'),
    currency: currencyCode,
    effectiveFrom: validDate,
    effectiveTo: validDate.nullish().transform((value) => value ?? null),
  })
  .refine((rate) => !rate.effectiveTo || rate.effectiveTo > rate.effectiveFrom, {
    message: 'must be later than effectiveFrom',
    path: ['effectiveTo'],
  });

type RateInput = z.output<typeof rateInput>;

const createContractInput = z
  .object({
    customerId: uuid,
    number: requiredText(40),
    startsOn: validDate,
    endsOn: validDate.nullish().transform((value) => value ?? null),
    rates: z.array(rateInput).max(50, 'must hold at most 50 rates'),
  })
  .refine((contract) => !contract.endsOn || contract.endsOn >= contract.startsOn, {
    message: 'must not be before startsOn',
    path: ['endsOn'],
  });

function overlaps(a: { effectiveFrom: Date; effectiveTo: Date | null }, b: { effectiveFrom: Date; effectiveTo: Date | null }) {
  const aEnds = a.effectiveTo?.getTime() ?? Infinity;
  const bEnds = b.effectiveTo?.getTime() ?? Infinity;
  return a.effectiveFrom.getTime() < bEnds && b.effectiveFrom.getTime() < aEnds;
}

function refuseOverlappingRates(rates: RateInput[]): void {
  rates.forEach((rate, index) => {
    const clash = rates.findIndex((other, otherIndex) => otherIndex < index && other.service === rate.service && overlaps(other, rate));
    if (clash >= 0) {
      throw badUserInput(`input.rates.${index}.effectiveFrom`, `overlaps rates.${clash} for ${rate.service}; end one before the other starts`);
    }
  });
}

export async function createContract(prisma: SalesPrisma, rawInput: unknown): Promise<Contract> {
  const input = validate(createContractInput, rawInput, 'input');
  refuseOverlappingRates(input.rates);
  if (!(await prisma.customer.findUnique({ where: { id: input.customerId }, select: { id: true } }))) {
    throw notFound('Customer', input.customerId);
  }
  try {
    return await prisma.contract.create({
      data: {
        customerId: input.customerId,
        number: input.number,
        startsOn: startOfUtcDay(input.startsOn),
        endsOn: input.endsOn && startOfUtcDay(input.endsOn),
        status: 'DRAFT',
        // zod keeps only the fields it knows, so a validated rate is exactly the row's columns.
        rates: { create: input.rates },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw badUserInput('input.number', `contract number ${input.number} is already used`);
    throw error;
  }
}

async function findContract(prisma: SalesPrisma, rawId: string): Promise<Contract> {
  const id = validate(uuid, rawId, 'id');
  const contract = await prisma.contract.findUnique({ where: { id } });
  if (!contract) throw notFound('Contract', id);
  return contract;
}

export async function activateContract(prisma: SalesPrisma, rawId: string): Promise<Contract> {
  const contract = await findContract(prisma, rawId);
  // The status in the WHERE makes a concurrent activation or termination lose cleanly.
  const { count } = await prisma.contract.updateMany({ where: { id: contract.id, status: 'DRAFT' }, data: { status: 'ACTIVE' } });
  if (count === 0) throw conflict(`Contract ${contract.number} is ${contract.status}; only a DRAFT contract can be activated`);
  return prisma.contract.findUniqueOrThrow({ where: { id: contract.id } });
}

export async function terminateContract(prisma: SalesPrisma, rawId: string, rawEndsOn: unknown): Promise<Contract> {
  const contract = await findContract(prisma, rawId);
  const endsOn = startOfUtcDay(validate(validDate, rawEndsOn, 'endsOn'));
  if (endsOn < contract.startsOn) throw badUserInput('endsOn', `must not be before the contract starts (${contract.startsOn.toISOString().slice(0, 10)})`);
  const { count } = await prisma.contract.updateMany({
    where: { id: contract.id, status: 'ACTIVE' },
    data: { status: 'TERMINATED', endsOn },
  });
  if (count === 0) throw conflict(`Contract ${contract.number} is ${contract.status}; only an ACTIVE contract can be terminated`);
  return prisma.contract.findUniqueOrThrow({ where: { id: contract.id } });
}

export async function addContractRate(prisma: SalesPrisma, rawContractId: string, rawInput: unknown): Promise<ContractRate> {
  const contract = await findContract(prisma, rawContractId);
  const rate = validate(rateInput, rawInput, 'input');
  if (contract.status === 'TERMINATED') throw conflict(`Contract ${contract.number} is TERMINATED; its rates can no longer change`);
  return prisma.$transaction(async (tx) => {
    const sameService = await tx.contractRate.findMany({ where: { contractId: contract.id, service: rate.service } });
    const later = sameService.find((existing) => existing.effectiveFrom >= rate.effectiveFrom);
    if (later) {
      throw badUserInput(
        'input.effectiveFrom',
        `a ${rate.service} rate already starts at ${later.effectiveFrom.toISOString()}; a new rate must start after every existing one`,
      );
    }
    // The rate in force until now ends where the new one begins.
    await tx.contractRate.updateMany({
      where: {
        contractId: contract.id,
        service: rate.service,
        OR: [{ effectiveTo: null }, { effectiveTo: { gt: rate.effectiveFrom } }],
      },
      data: { effectiveTo: rate.effectiveFrom },
    });
    return tx.contractRate.create({ data: { contractId: contract.id, ...rate } });
  });
}
