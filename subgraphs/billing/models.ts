/** Parent values of billing's GraphQL types that are not plain Prisma rows. */
import type { Decimal } from 'decimal.js';
import type { BillingPeriod } from './generated/prisma/client.js';

/** A customer is sales' entity; billing knows only its id. */
export interface CustomerRef {
  id: string;
}

export interface BillingSummaryParent {
  period: BillingPeriod | null;
  calls: number;
  legs: number;
  billedSeconds: number;
  charges: Decimal | { toString(): string };
  currency: string;
  lastUsageAt: Date | null;
}

export interface InvoiceLineParent {
  position: number;
  description: string;
  service: string;
  quantity: { toString(): string };
  unit: string;
  unitPrice: { toString(): string };
  amount: { toString(): string };
  currency: string;
}
