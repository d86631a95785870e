import { closeBillingPeriod, closeBillingPeriods } from '../invoicing/close-period.js';
import { issueCreditNote } from '../invoicing/credit-notes.js';
import { updateBillingAccountSettings } from '../invoicing/account-settings.js';
import { importSdiNotification, markEInvoiceSent, resendEInvoice, voidInvoice, type TransmissionActor } from '../invoicing/einvoice-transmission.js';
import type { BillingContext } from '../context.js';
import type { MutationResolvers } from '../generated/graphql.js';

/** Who the e-invoice history names: the access rules have made sure there is someone. */
const actorOf = ({ identity, clock }: BillingContext): TransmissionActor => ({ actor: identity?.subject ?? 'unknown', clock });

export const Mutation: MutationResolvers = {
  closeBillingPeriod: (_parent, { customerId, endsOn }, { prisma, requestedAt, clock, recipients }) => closeBillingPeriod(prisma, customerId, requestedAt, clock, endsOn ?? undefined, recipients),
  closeBillingPeriods: (_parent, { endedOn }, { prisma, requestedAt, clock, recipients }) => closeBillingPeriods(prisma, endedOn, requestedAt, clock, recipients),
  issueCreditNote: (_parent, { input }, { prisma, clock }) => issueCreditNote(prisma, input, clock),
  updateBillingAccountSettings: (_parent, { customerId, input }, { prisma, requestedAt }) => updateBillingAccountSettings(prisma, customerId, input, requestedAt),
  replayBillingIntegrationEvent: (_parent, { id }, { integrationEvents }) => integrationEvents.replay(id),
  markEInvoiceSent: (_parent, { id, sdiIdentifier }, context) => markEInvoiceSent(context.prisma, id, sdiIdentifier, actorOf(context)),
  importSdiNotification: (_parent, { xml }, context) => importSdiNotification(context.prisma, xml, context.eInvoicing.issuer.vatNumber, actorOf(context)),
  resendEInvoice: (_parent, { id, refreshRecipient }, context) => resendEInvoice(context, id, actorOf(context), { refreshRecipient: refreshRecipient ?? false }),
  voidInvoice: (_parent, { id }, { prisma }) => voidInvoice(prisma, id),
};
