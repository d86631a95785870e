/**
 * Contracts and their rates. A rate is never edited in place: a new price is a new rate, and
 * the one it replaces is ended at that instant, so any past charge can be re-checked against
 * the rate that was in force when it happened.
 */
import { z } from 'zod';
import { COMPANY_TIME_ZONE } from '../../shared/calendar.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { isUniqueViolation } from '../../shared/prisma-errors.js';
import { CIG_PATTERN, CUP_PATTERN } from '../../shared/italian-fiscal-codes.js';
import { currencyCode, decimalString, requiredText, uuid, validate } from '../../shared/validation.js';
import type { SalesPrisma } from '../database.js';
import type { BillableService, Contract, ContractRate, Prisma, RateUnit } from '../generated/prisma/client.js';
import { calendarDate, isoDay, periodsOverlap, pricedPeriod, rateOutsideTerm, type Period, type Term } from './contract-terms.js';
import { companyDayOf, startOfUtcDay } from './rates-in-force.js';

type Transaction = Prisma.TransactionClient;

const rateInput = z
  .object({
    service: z.custom<BillableService>(),
    unitPrice: decimalString(6),
    unit: z.custom<RateUnit>(),
    billingIncrementSeconds: z.number().int().min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds'),
    currency: currencyCode,
    effectiveFrom: calendarDate,
    effectiveTo: calendarDate.nullish().transform((value) => value ?? null),
  })
  .refine((rate) => !rate.effectiveTo || rate.effectiveTo > rate.effectiveFrom, {
    message: 'must be later than effectiveFrom',
    path: ['effectiveTo'],
  });

type RateInput = z.output<typeof rateInput>;

/** A code public bodies hand out, written as they print it (spaces and case do not matter). */
const procurementCode = (pattern: RegExp, message: string) =>
  z
    .string()
    .transform((value) => value.replace(/\s/g, '').toUpperCase())
    .pipe(z.string().regex(pattern, message))
    .nullish()
    .transform((value) => value ?? null);

const cig = procurementCode(CIG_PATTERN, 'must be a CIG: 10 letters or digits');
const cup = procurementCode(CUP_PATTERN, 'must be a CUP: 15 letters or digits');

const contractCodesInput = z.object({
  cig: cig.optional(),
  cup: cup.optional(),
  cigExempt: z.boolean().optional(),
});

/** A public body's invoices must quote the contract's CIG, unless the contract is exempt from tracing. */
function refuseMissingCig(customer: { fiscalCategory: string }, codes: { cig: string | null; cigExempt: boolean }): void {
  if (customer.fiscalCategory === 'ITALIAN_PUBLIC_BODY' && !codes.cig && !codes.cigExempt) {
    throw badUserInput('input.cig', 'is required on a contract with a public body, whose invoices must carry it; if the contract is exempt from CIG tracing, give cigExempt: true');
  }
}

const createContractInput = z
  .object({
    customerId: uuid,
    number: requiredText(40),
    cig,
    cup,
    cigExempt: z.boolean().nullish().transform((value) => value ?? false),
    startsOn: calendarDate,
    endsOn: calendarDate.nullish().transform((value) => value ?? null),
    rates: z.array(rateInput).max(50, 'must hold at most 50 rates'),
  })
  .refine((contract) => !contract.endsOn || contract.endsOn >= contract.startsOn, {
    message: 'must not be before startsOn',
    path: ['endsOn'],
  });

function overlaps(a: { effectiveFrom: Date; effectiveTo: Date | null }, b: { effectiveFrom: Date; effectiveTo: Date | null }) {
  return periodsOverlap({ from: a.effectiveFrom, to: a.effectiveTo }, { from: b.effectiveFrom, to: b.effectiveTo });
}

function refuseOverlappingRates(rates: RateInput[]): void {
  rates.forEach((rate, index) => {
    const clash = rates.findIndex((other, otherIndex) => otherIndex < index && other.service === rate.service && overlaps(other, rate));
    if (clash >= 0) {
      throw badUserInput(`input.rates.${index}.effectiveFrom`, `overlaps rates.${clash} for ${rate.service}; end one before the other starts`);
    }
  });
}

/** One contract, one currency: an invoice adds up its charges, so they must be in one currency. */
function refuseMixedCurrencies(rates: RateInput[]): void {
  const [first] = rates;
  const other = rates.findIndex((rate) => rate.currency !== first?.currency);
  if (first && other >= 0) {
    throw badUserInput(`input.rates.${other}.currency`, `must be ${first.currency} like rates.0: all the rates of a contract are in one currency`);
  }
}

function refuseRatesOutsideTerm(rates: RateInput[], term: Term): void {
  rates.forEach((rate, index) => {
    const problem = rateOutsideTerm(rate.effectiveFrom, term);
    if (problem) throw badUserInput(`input.rates.${index}.effectiveFrom`, problem);
  });
}

export async function createContract(prisma: SalesPrisma, rawInput: unknown): Promise<Contract> {
  const input = validate(createContractInput, rawInput, 'input');
  const term = { startsOn: startOfUtcDay(input.startsOn), endsOn: input.endsOn && startOfUtcDay(input.endsOn) };
  refuseMixedCurrencies(input.rates);
  refuseRatesOutsideTerm(input.rates, term);
  refuseOverlappingRates(input.rates);
  const customer = await prisma.customer.findUnique({ where: { id: input.customerId }, select: { fiscalCategory: true } });
  if (!customer) throw notFound('Customer', input.customerId);
  refuseMissingCig(customer, input);
  try {
    return await prisma.contract.create({
      data: {
        customerId: input.customerId,
        number: input.number,
        cig: input.cig,
        cup: input.cup,
        cigExempt: input.cigExempt,
        ...term,
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

/**
 * Changes to a customer's contracts and rates queue here, customer first and then contract
 * (always in that order, so two of them never wait for each other), and each then reads what
 * the one before it committed.
 */
async function lockForChange(tx: Transaction, contract: Contract): Promise<Contract> {
  await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ${contract.customerId}::uuid FOR NO KEY UPDATE`;
  await tx.$queryRaw`SELECT 1 FROM "Contract" WHERE "id" = ${contract.id}::uuid FOR NO KEY UPDATE`;
  return tx.contract.findUniqueOrThrow({ where: { id: contract.id } });
}

interface PricedRate {
  service: BillableService;
  period: Period;
}

function pricedRates(rates: { service: BillableService; effectiveFrom: Date; effectiveTo: Date | null }[], term: Term): PricedRate[] {
  return rates.flatMap((rate) => {
    const period = pricedPeriod(rate, term);
    return period ? [{ service: rate.service, period }] : [];
  });
}

/**
 * A customer pays one price for a service at any instant: a contract in force (ACTIVE, or
 * TERMINATED but not yet ended) may not price a service when another one of the customer does.
 */
async function refusePricingClash(tx: Transaction, contract: Contract, rates: PricedRate[], refusal: (other: Contract, service: BillableService) => Error) {
  const others = await tx.contract.findMany({
    where: { customerId: contract.customerId, id: { not: contract.id }, status: { not: 'DRAFT' } },
    include: { rates: true },
    orderBy: { startsOn: 'asc' },
  });
  for (const other of others) {
    const otherRates = pricedRates(other.rates, other);
    const clash = rates.find((rate) => otherRates.some((theirs) => theirs.service === rate.service && periodsOverlap(theirs.period, rate.period)));
    if (clash) throw refusal(other, clash.service);
  }
}

function pricingClash(action: string, contract: Contract, other: Contract, service: BillableService): Error {
  return conflict(
    `${action}: contract ${other.number} of the same customer already prices ${service} for part of that time; end or terminate it first`,
    { field: 'id', conflictingContractId: other.id, conflictingContractNumber: other.number, service, contractId: contract.id },
  );
}

export async function activateContract(prisma: SalesPrisma, rawId: string): Promise<Contract> {
  const found = await findContract(prisma, rawId);
  return prisma.$transaction(async (tx) => {
    const contract = await lockForChange(tx, found);
    if (contract.status !== 'DRAFT') throw conflict(`Contract ${contract.number} is ${contract.status}; only a DRAFT contract can be activated`);
    const rates = await tx.contractRate.findMany({ where: { contractId: contract.id } });
    await refusePricingClash(tx, contract, pricedRates(rates, contract), (other, service) =>
      pricingClash(`Contract ${contract.number} cannot be activated`, contract, other, service),
    );
    return tx.contract.update({ where: { id: contract.id }, data: { status: 'ACTIVE' } });
  });
}

export async function terminateContract(prisma: SalesPrisma, rawId: string, rawEndsOn: unknown, now: Date): Promise<Contract> {
  const contract = await findContract(prisma, rawId);
  const endsOn = startOfUtcDay(validate(calendarDate, rawEndsOn, 'endsOn'));
  const today = companyDayOf(now);
  if (contract.status !== 'ACTIVE') throw conflict(`Contract ${contract.number} is ${contract.status}; only an ACTIVE contract can be terminated`);
  if (endsOn < contract.startsOn) throw badUserInput('endsOn', `must not be before the contract starts (${isoDay(contract.startsOn)})`);
  if (endsOn < today) throw badUserInput('endsOn', `must not be before today (${isoDay(today)} in ${COMPANY_TIME_ZONE}): charges already made stay under the contract`);
  if (contract.endsOn && endsOn > contract.endsOn) {
    throw badUserInput('endsOn', `must not be after the contract's current last day (${isoDay(contract.endsOn)}): terminating can only shorten a contract`);
  }
  // The conditions in the WHERE make a concurrent activation or termination lose cleanly.
  const { count } = await prisma.contract.updateMany({
    where: { id: contract.id, status: 'ACTIVE', OR: [{ endsOn: null }, { endsOn: { gte: endsOn } }] },
    data: { status: 'TERMINATED', endsOn },
  });
  if (count === 0) throw conflict(`Contract ${contract.number} is ${contract.status}; only an ACTIVE contract can be terminated`);
  return prisma.contract.findUniqueOrThrow({ where: { id: contract.id } });
}

export async function updateContractCodes(prisma: SalesPrisma, rawId: string, rawInput: unknown): Promise<Contract> {
  const found = await findContract(prisma, rawId);
  const input = validate(contractCodesInput, rawInput, 'input');
  return prisma.$transaction(async (tx) => {
    const contract = await lockForChange(tx, found);
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: contract.customerId }, select: { fiscalCategory: true } });
    const codes = { cig: input.cig === undefined ? contract.cig : input.cig, cup: input.cup === undefined ? contract.cup : input.cup, cigExempt: input.cigExempt ?? contract.cigExempt };
    refuseMissingCig(customer, codes);
    return tx.contract.update({ where: { id: contract.id }, data: codes });
  });
}

/** The database's own refusal of overlapping rates (see the contract_rates_never_overlap migration). */
function isRateOverlapRefusal(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23P01';
}

/**
 * A price changes from now on, never for what has already happened: a call already held (still
 * to be rated, or parked) keeps the price it was made at, and a correction after the fact is a
 * credit or debit note in billing.
 */
export async function addContractRate(prisma: SalesPrisma, rawContractId: string, rawInput: unknown, now: Date): Promise<ContractRate> {
  const found = await findContract(prisma, rawContractId);
  const rate = validate(rateInput, rawInput, 'input');
  if (rate.effectiveFrom < now) {
    throw badUserInput(
      'input.effectiveFrom',
      `must not be before now (${now.toISOString()}): a new price applies from now on; correct a price already charged with a credit or debit note`,
    );
  }
  try {
    return await prisma.$transaction(async (tx) => {
      const contract = await lockForChange(tx, found);
      if (contract.status === 'TERMINATED') throw conflict(`Contract ${contract.number} is TERMINATED; its rates can no longer change`);
      const outside = rateOutsideTerm(rate.effectiveFrom, contract);
      if (outside) throw badUserInput('input.effectiveFrom', outside);
      const existing = await tx.contractRate.findMany({ where: { contractId: contract.id } });
      const otherCurrency = existing.find((other) => other.currency !== rate.currency);
      if (otherCurrency) {
        throw badUserInput('input.currency', `must be ${otherCurrency.currency}, the currency of the contract's other rates: all the rates of a contract are in one currency`);
      }
      const later = existing.find((other) => other.service === rate.service && other.effectiveFrom >= rate.effectiveFrom);
      if (later) {
        throw badUserInput(
          'input.effectiveFrom',
          `a ${rate.service} rate already starts at ${later.effectiveFrom.toISOString()}; a new rate must start after every existing one`,
        );
      }
      if (contract.status === 'ACTIVE') {
        await refusePricingClash(tx, contract, pricedRates([rate], contract), (other, service) =>
          pricingClash(`The rate cannot be added to contract ${contract.number}`, contract, other, service),
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
  } catch (error) {
    if (isRateOverlapRefusal(error)) {
      throw conflict(`Another ${rate.service} rate of this contract was changed at the same time; read the rates again and retry`, {
        field: 'input.effectiveFrom',
      });
    }
    throw error;
  }
}
