-- Hand-edited: VAT treatments with their FatturaPA Natura, account settings with history, and the
-- conversion of existing accounts and issued lines (README, "VAT treatments and account settings").

-- CreateEnum
CREATE TYPE "VatTreatmentKind" AS ENUM ('STANDARD', 'ZERO_RATED', 'SPLIT_PAYMENT');

-- AlterTable
ALTER TABLE "BillingAccount" ADD COLUMN     "iban" TEXT,
ADD COLUMN     "natura" TEXT,
ADD COLUMN     "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "paymentTermsEndOfMonth" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "vatLegalReference" TEXT,
ADD COLUMN     "vatTreatment" "VatTreatmentKind" NOT NULL DEFAULT 'STANDARD';

-- AlterTable
ALTER TABLE "CreditNoteLine" ADD COLUMN     "natura" TEXT,
ADD COLUMN     "vatEsigibilita" CHAR(1) NOT NULL DEFAULT 'I',
ADD COLUMN     "vatLegalReference" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "paymentDueOn" DATE,
ADD COLUMN     "paymentIban" TEXT;

-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "natura" TEXT,
ADD COLUMN     "vatEsigibilita" CHAR(1) NOT NULL DEFAULT 'I',
ADD COLUMN     "vatLegalReference" TEXT;

-- CreateTable
CREATE TABLE "BillingAccountSettings" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "vatTreatment" "VatTreatmentKind" NOT NULL,
    "vatRate" DECIMAL(5,2) NOT NULL,
    "natura" TEXT,
    "vatLegalReference" TEXT,
    "paymentTermsDays" INTEGER NOT NULL,
    "paymentTermsEndOfMonth" BOOLEAN NOT NULL,
    "iban" TEXT,
    "timeZone" TEXT NOT NULL,
    "periodRule" "BillingPeriodRule" NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingAccountSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingAccountSettings_accountId_effectiveFrom_key" ON "BillingAccountSettings"("accountId", "effectiveFrom");

-- AddForeignKey
ALTER TABLE "BillingAccountSettings" ADD CONSTRAINT "BillingAccountSettings_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing accounts: a reverse-charge account served EU businesses, which is outside Italian VAT
-- (Natura N2.1, art. 7-ter); every other account keeps its rate as STANDARD.
UPDATE "BillingAccount"
   SET "vatTreatment" = 'ZERO_RATED', "vatRate" = 0, "natura" = 'N2.1',
       "vatLegalReference" = 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72'
 WHERE "reverseCharge";
ALTER TABLE "BillingAccount" DROP COLUMN "reverseCharge";

-- Each account's settings as they stand, in force since its first period (or its creation).
INSERT INTO "BillingAccountSettings" ("id", "accountId", "effectiveFrom", "vatTreatment", "vatRate", "natura", "vatLegalReference",
                                      "paymentTermsDays", "paymentTermsEndOfMonth", "iban", "timeZone", "periodRule", "recordedAt")
SELECT gen_random_uuid(), a."id",
       coalesce((SELECT min(p."startsOn") FROM "BillingPeriod" p WHERE p."accountId" = a."id"), a."createdAt"::date),
       a."vatTreatment", a."vatRate", a."natura", a."vatLegalReference", a."paymentTermsDays", a."paymentTermsEndOfMonth", a."iban",
       a."timeZone", a."periodRule", a."createdAt"
  FROM "BillingAccount" a;

-- Issued lines keep what they said, now with their Natura: the only zero-rated lines so far were
-- reverse charge. Issued documents are otherwise immutable, so their guards step aside for this once.
ALTER TABLE "InvoiceLine" DISABLE TRIGGER "InvoiceLine_change_only_on_drafts";
UPDATE "InvoiceLine"
   SET "natura" = 'N2.1', "vatLegalReference" = 'Inversione contabile: operazione non soggetta, art. 7-ter DPR 633/72'
 WHERE "vatRate" = 0;
ALTER TABLE "InvoiceLine" ENABLE TRIGGER "InvoiceLine_change_only_on_drafts";
ALTER TABLE "InvoiceLine" DROP COLUMN "vatExemption";

ALTER TABLE "CreditNoteLine" DISABLE TRIGGER "CreditNoteLine_immutable";
UPDATE "CreditNoteLine" c
   SET "natura" = l."natura", "vatLegalReference" = l."vatLegalReference", "vatEsigibilita" = l."vatEsigibilita"
  FROM "InvoiceLine" l
 WHERE l."id" = c."invoiceLineId" AND l."natura" IS NOT NULL;
ALTER TABLE "CreditNoteLine" ENABLE TRIGGER "CreditNoteLine_immutable";

-- A treatment is whole: a Natura and its law exactly when zero-rated (and then no VAT), split
-- payment with VAT, a Natura from FatturaPA's list of codes valid since 2021.
CREATE FUNCTION "is_vat_treatment"(treatment "VatTreatmentKind", rate NUMERIC, natura TEXT, legal_reference TEXT) RETURNS BOOLEAN AS $$
  SELECT CASE treatment
    WHEN 'ZERO_RATED' THEN rate = 0 AND legal_reference IS NOT NULL AND char_length(legal_reference) <= 100
      AND natura IN ('N1', 'N2.1', 'N2.2', 'N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6', 'N4', 'N5',
                     'N6.1', 'N6.2', 'N6.3', 'N6.4', 'N6.5', 'N6.6', 'N6.7', 'N6.8', 'N6.9', 'N7')
    ELSE rate > 0 AND rate < 100 AND natura IS NULL AND legal_reference IS NULL
  END
$$ LANGUAGE sql IMMUTABLE;

ALTER TABLE "BillingAccount" ADD CONSTRAINT "BillingAccount_vat_treatment"
  CHECK ("is_vat_treatment"("vatTreatment", "vatRate", "natura", "vatLegalReference"));
ALTER TABLE "BillingAccountSettings" ADD CONSTRAINT "BillingAccountSettings_vat_treatment"
  CHECK ("is_vat_treatment"("vatTreatment", "vatRate", "natura", "vatLegalReference"));
ALTER TABLE "BillingAccount" ADD CONSTRAINT "BillingAccount_payment_terms" CHECK ("paymentTermsDays" BETWEEN 0 AND 365);
ALTER TABLE "BillingAccountSettings" ADD CONSTRAINT "BillingAccountSettings_payment_terms" CHECK ("paymentTermsDays" BETWEEN 0 AND 365);
-- A line states a Natura exactly when it charges no VAT; split payment (S) only with VAT.
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_natura_when_zero_rated"
  CHECK ((("vatRate" = 0) = ("natura" IS NOT NULL)) AND ("natura" IS NULL OR "vatLegalReference" IS NOT NULL)
         AND "vatEsigibilita" IN ('I', 'S') AND ("vatEsigibilita" = 'I' OR "vatRate" > 0));
ALTER TABLE "CreditNoteLine" ADD CONSTRAINT "CreditNoteLine_natura_when_zero_rated"
  CHECK ((("vatRate" = 0) = ("natura" IS NOT NULL)) AND "vatEsigibilita" IN ('I', 'S'));

-- A credit-note line credits at its invoice line's rate and Natura, under the same esigibilita.
CREATE OR REPLACE FUNCTION "credit_note_line_credits_its_invoice"() RETURNS trigger AS $$
DECLARE
  note_invoice UUID;
  credited_line RECORD;
  credited_before NUMERIC;
BEGIN
  SELECT "invoiceId" INTO note_invoice FROM "CreditNote" WHERE "id" = NEW."creditNoteId";
  SELECT "invoiceId", "amount", "vatRate", "natura", "vatEsigibilita" INTO credited_line FROM "InvoiceLine" WHERE "id" = NEW."invoiceLineId" FOR NO KEY UPDATE;
  IF credited_line."invoiceId" IS DISTINCT FROM note_invoice THEN
    RAISE EXCEPTION 'credit note % corrects invoice %: invoice line % belongs to invoice %', NEW."creditNoteId", note_invoice, NEW."invoiceLineId", credited_line."invoiceId";
  END IF;
  IF NEW."amount" <= 0 OR NEW."taxAmount" < 0 THEN
    RAISE EXCEPTION 'a credit-note line credits a positive net amount and VAT that is not negative; got % net, % VAT', NEW."amount", NEW."taxAmount";
  END IF;
  IF NEW."vatRate" <> credited_line."vatRate" THEN
    RAISE EXCEPTION 'a credit-note line credits at its invoice line''s VAT rate, %; got %', credited_line."vatRate", NEW."vatRate";
  END IF;
  IF NEW."natura" IS DISTINCT FROM credited_line."natura" OR NEW."vatEsigibilita" <> credited_line."vatEsigibilita" THEN
    RAISE EXCEPTION 'a credit-note line states its invoice line''s Natura (%) and esigibilita (%); got % and %',
      coalesce(credited_line."natura", 'none'), credited_line."vatEsigibilita", coalesce(NEW."natura", 'none'), NEW."vatEsigibilita";
  END IF;
  SELECT coalesce(sum("amount"), 0) INTO credited_before FROM "CreditNoteLine" WHERE "invoiceLineId" = NEW."invoiceLineId";
  IF credited_before + NEW."amount" > credited_line."amount" THEN
    RAISE EXCEPTION 'invoice line % is % net, % of it already credited: % more is too much', NEW."invoiceLineId", credited_line."amount", credited_before, NEW."amount";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
