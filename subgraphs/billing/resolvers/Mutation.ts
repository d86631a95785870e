import { euroExchangeRatesOf } from '../invoicing/euro-exchange-rates.js';
import { closeBillingPeriod, closeBillingPeriods } from '../invoicing/close-period.js';
import { issueCreditNote } from '../invoicing/credit-notes.js';
import { updateBillingAccountSettings } from '../invoicing/account-settings.js';
import { importSdiNotification, markEInvoiceSent, resendEInvoice, voidInvoice, type TransmissionActor } from '../invoicing/einvoice-transmission.js';
import type { BillingContext } from '../context.js';
import type { MutationResolvers } from '../generated/graphql.js';

/** Who the e-invoice history names: the access rules have made sure there is someone. */
const actorOf = ({ identity, clock }: BillingContext): TransmissionActor => ({ actor: identity?.subject ?? 'unknown', clock });

export const Mutation: MutationResolvers = {
  closeBillingPeriod: async (_parent, { customerId, endsOn, euroExchangeRates }, { prisma, requestedAt, clock, recipients, metrics }) => {
    const closing = await closeBillingPeriod(prisma, customerId, requestedAt, clock, endsOn ?? undefined, recipients, euroExchangeRatesOf(euroExchangeRates));
    if (closing.invoice) metrics.invoicesIssued(1);
    return closing;
  },
  closeBillingPeriods: async (_parent, { endedOn, euroExchangeRates }, { prisma, requestedAt, clock, recipients, metrics }) => {
    const outcomes = await closeBillingPeriods(prisma, endedOn, requestedAt, clock, recipients, euroExchangeRatesOf(euroExchangeRates));
    metrics.invoicesIssued(outcomes.filter((outcome) => outcome.status === 'INVOICED').length);
    return outcomes;
  },
  issueCreditNote: (_parent, { input }, { prisma, clock }) => issueCreditNote(prisma, input, clock),
  updateBillingAccountSettings: (_parent, { customerId, input }, { prisma, requestedAt }) => updateBillingAccountSettings(prisma, customerId, input, requestedAt),
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
  markEInvoiceSent: (_parent, { id, sdiIdentifier }, context) => markEInvoiceSent(context.prisma, id, sdiIdentifier, actorOf(context)),
  importSdiNotification: (_parent, { xml }, context) => importSdiNotification(context.prisma, xml, context.eInvoicing.issuer.vatNumber, actorOf(context)),
  resendEInvoice: (_parent, { id, refreshRecipient }, context) => resendEInvoice(context, id, actorOf(context), { refreshRecipient: refreshRecipient ?? false }),
  voidInvoice: (_parent, { id }, { prisma }) => voidInvoice(prisma, id),
};
