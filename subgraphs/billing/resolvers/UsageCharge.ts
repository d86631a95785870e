import { priceMoney } from '../../shared/money.js';
import type { UsageChargeResolvers } from '../generated/graphql.js';

export const UsageCharge: UsageChargeResolvers = {
  unitPrice: (charge) => priceMoney(charge.unitPrice, charge.currency),
  amount: (charge) => priceMoney(charge.amount, charge.currency),
  // Other subgraphs' entities, known here by id: the gateway asks their owners for the rest.
  leg: (charge) => (charge.legId ? { id: charge.legId } : null),
  conference: (charge) => ({ id: charge.conferenceId }),
  booking: (charge) => (charge.bookingId ? { id: charge.bookingId } : null),
  rate: (charge) => (charge.rateId ? { id: charge.rateId } : null),
  contract: (charge) => (charge.contractId ? { id: charge.contractId } : null),
};
