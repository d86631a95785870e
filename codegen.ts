/**
 * graphql-codegen: typed resolvers for each subgraph (parents mapped to Prisma rows) and
 * the example typed client. Part of `npm run codegen`; CI fails if its output is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const resolverTypes = (subgraph: string, mappers: Record<string, string>, contextType: string) => ({
  schema: `subgraphs/${subgraph}/schema.graphql`,
  plugins: ['typescript', 'typescript-resolvers'],
  config: {
    federation: true,
    useTypeImports: true,
    enumsAsTypes: true,
    useIndexSignature: true,
    contextType,
    mappers,
    scalars: {
      DateTime: { input: 'Date', output: 'Date | string' },
      Date: { input: 'Date', output: 'Date | string' },
    },
  },
});

const config: CodegenConfig = {
  overwrite: true,
  // ESM imports with explicit .js extensions, as NodeNext requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'subgraphs/sales/generated/graphql.ts': resolverTypes(
      'sales',
      {
        Customer: './prisma/client.js#Customer as CustomerRow',
        Contact: './prisma/client.js#Contact as ContactRow',
        Contract: './prisma/client.js#Contract as ContractRow',
        ContractRate: './prisma/client.js#ContractRate as ContractRateRow',
        CustomerEdge: '../pagination.js#CustomerEdgeParent',
        CustomerConnection: '../pagination.js#CustomerConnectionParent',
      },
      '../context.js#SalesContext',
    ),
    'subgraphs/billing/generated/graphql.ts': resolverTypes(
      'billing',
      {
        Customer: '../models.js#CustomerRef',
        BillingAccount: './prisma/client.js#BillingAccount as BillingAccountRow',
        BillingPeriod: './prisma/client.js#BillingPeriod as BillingPeriodRow',
        Invoice: './prisma/client.js#Invoice as InvoiceRow',
        InvoiceLine: '../models.js#InvoiceLineParent',
        BillingSummary: '../models.js#BillingSummaryParent',
        DraftInvoice: '../models.js#DraftInvoiceParent',
        DraftInvoiceLine: '../models.js#DraftInvoiceLineParent',
        BillingPeriodClosing: '../models.js#BillingPeriodClosingParent',
        BillingPeriodCloseOutcome: '../models.js#BillingPeriodCloseOutcomeParent',
        VatSummary: '../models.js#VatSummaryParent',
        VatTreatment: '../models.js#VatTreatmentParent',
        PaymentTerms: '../models.js#PaymentTermsParent',
        BillingAccountSettings: './prisma/client.js#BillingAccountSettings as BillingAccountSettingsRow',
        UsageCharge: './prisma/client.js#UsageCharge as UsageChargeRow',
        CreditNote: './prisma/client.js#CreditNote as CreditNoteRow',
        CreditNoteLine: '../models.js#CreditNoteLineParent',
        InvoiceRecipient: './prisma/client.js#InvoiceRecipient as InvoiceRecipientRow',
        InvoiceContract: './prisma/client.js#InvoiceContract as InvoiceContractRow',
        EInvoiceStatus: './prisma/client.js#EInvoiceTransmission as EInvoiceTransmissionRow',
        EInvoiceTransition: '../models.js#EInvoiceTransitionParent',
        Conference: '../models.js#EntityRef',
        ParticipantLeg: '../models.js#EntityRef',
        Booking: '../models.js#EntityRef',
        ContractRate: '../models.js#EntityRef',
        Contract: '../models.js#EntityRef',
      },
      '../context.js#BillingContext',
    ),
    'subgraphs/bookings/generated/graphql.ts': resolverTypes(
      'bookings',
      {
        Customer: '../models.js#CustomerRef',
        Booking: './prisma/client.js#Booking as BookingRow',
        Organiser: './prisma/client.js#Booking as BookingRow',
        BookingOptions: './prisma/client.js#Booking as BookingRow',
      },
      '../context.js#BookingsContext',
    ),
    'subgraphs/conferencing/generated/graphql.ts': resolverTypes(
      'conferencing',
      {
        Booking: '../models.js#BookingRef',
        BridgeReservation: './prisma/client.js#BridgeReservation as BridgeReservationRow',
        Conference: './prisma/client.js#Conference as ConferenceRow',
        ParticipantLeg: './prisma/client.js#ParticipantLeg as ParticipantLegRow',
      },
      '../context.js#ConferencingContext',
    ),
    'subgraphs/mailings/generated/graphql.ts': resolverTypes(
      'mailings',
      {
        LetterTemplate: './prisma/client.js#LetterTemplate as LetterTemplateRow',
        MailingCampaign: './prisma/client.js#Campaign as CampaignRow',
        CampaignReport: '../models.js#CampaignReportParent',
      },
      '../context.js#MailingsContext',
    ),
    'test/client/generated/': {
      schema: 'gateway/api-schema.graphql',
      documents: 'test/client/operations/*.graphql',
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string' } },
    },
  },
};

export default config;
