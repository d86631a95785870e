/**
 * The contract an invoice is issued under, as the invoice keeps it (InvoiceContract): read from
 * sales in the same request as the recipient, the one in force for the billed period, and
 * stored with the invoice so its FatturaPA file (and its credit notes') names the contract's
 * number, first day, CIG and CUP as they were at issue, however the contract changes later.
 *
 * A public body must refuse an invoice without the CIG of the contract it pays (L. 136/2010,
 * tracciabilità dei flussi finanziari; art. 25 DL 66/2014): such an invoice is refused at issue,
 * naming the contract and the fix, before anything is written.
 */
import { z } from 'zod';
import { conflict } from '../../shared/errors.js';
import type { InvoiceContract, Prisma } from '../generated/prisma/client.js';
import { isoDay } from './periods.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}/).transform((value) => value.slice(0, 10));
const optionalCode = z.string().nullish().transform((value) => (value ? value : null));

/** A customer's contract as sales answers it. */
export const salesContract = z.object({
  id: z.string().uuid(),
  number: z.string().min(1),
  startsOn: day,
  endsOn: day.nullish().transform((value) => value ?? null),
  status: z.enum(['DRAFT', 'ACTIVE', 'TERMINATED']),
  cig: optionalCode,
  cup: optionalCode,
  cigExempt: z.boolean(),
});
export type SalesContract = z.infer<typeof salesContract>;

/**
 * The contract in force for the period (days, inclusive): of the contracts put in force whose
 * term overlaps it, the latest to start, which is the one in force on the period's last day when
 * a contract replaced another during the period.
 */
export function contractInForce(contracts: readonly SalesContract[], period: { startsOn: Date; endsOn: Date }): SalesContract | null {
  const first = isoDay(period.startsOn);
  const last = isoDay(period.endsOn);
  const overlapping = contracts.filter((contract) => contract.status !== 'DRAFT' && contract.startsOn <= last && (contract.endsOn === null || contract.endsOn >= first));
  return overlapping.sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0] ?? null;
}

/**
 * The contract the invoice of `period` names; CONFLICT, with the fix, for a public body whose
 * contract has neither a CIG nor an exemption from it (or that has no contract over the period).
 */
export function contractForInvoice(customer: { fiscalCategory: string; legalName: string; contracts?: readonly SalesContract[] }, customerId: string, period: { startsOn: Date; endsOn: Date }): SalesContract | null {
  const contract = contractInForce(customer.contracts ?? [], period);
  if (customer.fiscalCategory !== 'ITALIAN_PUBLIC_BODY' || contract?.cig || contract?.cigExempt) return contract;
  const periodText = `${isoDay(period.startsOn)} to ${isoDay(period.endsOn)}`;
  if (!contract) {
    throw conflict(
      `${customer.legalName} is a public body, which refuses an invoice without the CIG of the contract it pays (L. 136/2010), and sales has no contract of customer ${customerId} in force for the period ${periodText}: no invoice was issued. Put the customer's contract in force in sales, then close the period again.`,
      { customerId },
    );
  }
  throw conflict(
    `${customer.legalName} is a public body, which refuses an invoice without the CIG of the contract it pays (L. 136/2010), and contract ${contract.number}, in force for the period ${periodText}, has no CIG: no invoice was issued. Set the contract's CIG in sales (updateContractCodes with cig), or mark it exempt from CIG tracing (cigExempt: true), then close the period again.`,
    { customerId, contractNumber: contract.number, field: `contracts.${contract.number}.cig` },
  );
}

/** The row that keeps the contract with the invoice. */
export function invoiceContractRow(invoiceId: string, contract: SalesContract, recordedAt: Date): Prisma.InvoiceContractUncheckedCreateInput {
  return {
    invoiceId,
    contractId: contract.id,
    number: contract.number,
    startsOn: new Date(`${contract.startsOn}T00:00:00.000Z`),
    cig: contract.cig,
    cup: contract.cup,
    cigExempt: contract.cigExempt,
    recordedAt,
  };
}

/** What a FatturaPA file's DatiContratto says of a recorded contract: nothing without a CIG or a CUP. */
export function contractReferenceOf(contract: Pick<InvoiceContract, 'number' | 'startsOn' | 'cig' | 'cup'> | null): { number: string; date: string; cig?: string; cup?: string } | undefined {
  if (!contract || (!contract.cig && !contract.cup)) return undefined;
  return { number: contract.number, date: isoDay(contract.startsOn), ...(contract.cig ? { cig: contract.cig } : {}), ...(contract.cup ? { cup: contract.cup } : {}) };
}
