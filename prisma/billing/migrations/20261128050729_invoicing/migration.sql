-- AlterEnum
ALTER TYPE "BillingPeriodStatus" ADD VALUE 'UPCOMING';

-- AlterTable
ALTER TABLE "BillingAccount" ADD COLUMN     "reverseCharge" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'Europe/Rome',
ADD COLUMN     "vatRate" DECIMAL(5,2) NOT NULL DEFAULT 22;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "netTotal" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "taxTotal" DECIMAL(20,4) NOT NULL DEFAULT 0,
ALTER COLUMN "total" SET DATA TYPE DECIMAL(20,4);

-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "billedSeconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "taxAmount" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "vatExemption" TEXT,
ADD COLUMN     "vatRate" DECIMAL(5,2) NOT NULL DEFAULT 0,
ALTER COLUMN "amount" SET DATA TYPE DECIMAL(20,4);

-- AlterTable
ALTER TABLE "UsageCharge" ADD COLUMN     "bookingId" UUID,
ADD COLUMN     "contractId" UUID,
ADD COLUMN     "legId" UUID,
ADD COLUMN     "rateId" UUID;

-- CreateTable
CREATE TABLE "CreditNote" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "invoiceId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "netTotal" DECIMAL(20,4) NOT NULL,
    "taxTotal" DECIMAL(20,4) NOT NULL,
    "total" DECIMAL(20,4) NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreditNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditNoteLine" (
    "id" UUID NOT NULL,
    "creditNoteId" UUID NOT NULL,
    "invoiceLineId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "vatRate" DECIMAL(5,2) NOT NULL,
    "taxAmount" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "CreditNoteLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentNumberCounter" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentNumberCounter_pkey" PRIMARY KEY ("series","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_number_key" ON "CreditNote"("number");

-- CreateIndex
CREATE INDEX "CreditNote_invoiceId_idx" ON "CreditNote"("invoiceId");

-- CreateIndex
CREATE INDEX "CreditNote_accountId_idx" ON "CreditNote"("accountId");

-- CreateIndex
CREATE INDEX "CreditNoteLine_invoiceLineId_idx" ON "CreditNoteLine"("invoiceLineId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNoteLine_creditNoteId_position_key" ON "CreditNoteLine"("creditNoteId", "position");

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "BillingAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNoteLine" ADD CONSTRAINT "CreditNoteLine_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "CreditNote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNoteLine" ADD CONSTRAINT "CreditNoteLine_invoiceLineId_fkey" FOREIGN KEY ("invoiceLineId") REFERENCES "InvoiceLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ===== Hand-written: the rules the database itself enforces (README, "Billing rules") =====

-- ISO 4217 minor units, as subgraphs/shared/currencies.ts has them (the currency-codes table):
-- amounts on invoices and credit notes are stored at exactly this many decimals.
CREATE FUNCTION "currency_minor_digits"(code CHAR(3)) RETURNS INTEGER AS $$
  SELECT CASE
    WHEN code IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 0
    WHEN code IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 3
    WHEN code IN ('CLF','UYW') THEN 4
    ELSE 2
  END
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION "is_at_minor_unit"(amount NUMERIC, code CHAR(3)) RETURNS BOOLEAN AS $$
  SELECT amount = round(amount, "currency_minor_digits"(code))
$$ LANGUAGE sql IMMUTABLE;

ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_amounts_at_minor_unit"
  CHECK ("is_at_minor_unit"("netTotal", "currency") AND "is_at_minor_unit"("taxTotal", "currency") AND "is_at_minor_unit"("total", "currency"));
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_total_is_net_plus_tax" CHECK ("total" = "netTotal" + "taxTotal");
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_issued_has_number"
  CHECK ("status" = 'DRAFT' OR ("number" IS NOT NULL AND "issuedAt" IS NOT NULL));
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_amounts_at_minor_unit"
  CHECK ("is_at_minor_unit"("netTotal", "currency") AND "is_at_minor_unit"("taxTotal", "currency") AND "is_at_minor_unit"("total", "currency"));
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_total_is_net_plus_tax" CHECK ("total" = "netTotal" + "taxTotal");
ALTER TABLE "BillingAccount" ADD CONSTRAINT "BillingAccount_vat_rate_range" CHECK ("vatRate" >= 0 AND "vatRate" < 100);
ALTER TABLE "BillingPeriod" ADD CONSTRAINT "BillingPeriod_ends_after_start" CHECK ("endsOn" >= "startsOn");

-- One live invoice per period: a second one would bill the same usage twice.
CREATE UNIQUE INDEX "Invoice_one_live_per_period" ON "Invoice"("periodId") WHERE "status" <> 'VOID';
-- One open period per account: it is where usage lands and what currentBilling shows.
CREATE UNIQUE INDEX "BillingPeriod_one_open_per_account" ON "BillingPeriod"("accountId") WHERE "status" = 'OPEN';

-- An invoice is born a draft and issued by an update, after its lines, so an issued invoice
-- is never inserted whole (it would skip the checks below).
CREATE FUNCTION "invoice_is_inserted_as_draft"() RETURNS trigger AS $$
BEGIN
  IF NEW."status" <> 'DRAFT' THEN
    RAISE EXCEPTION 'invoice % cannot be inserted as %: insert it as DRAFT, add its lines, then issue it', NEW."id", NEW."status";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_inserted_as_draft"
  BEFORE INSERT ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION "invoice_is_inserted_as_draft"();

-- Issuing freezes what the lines say: the totals must be the lines' sums at that moment, so a
-- line slipped in while the invoice was being issued makes the issue fail instead of going unbilled.
CREATE FUNCTION "invoice_totals_match_lines_when_issued"() RETURNS trigger AS $$
DECLARE
  net NUMERIC;
  tax NUMERIC;
BEGIN
  IF OLD."status" = 'DRAFT' AND NEW."status" = 'ISSUED' THEN
    SELECT coalesce(sum("amount"), 0), coalesce(sum("taxAmount"), 0) INTO net, tax
      FROM "InvoiceLine" WHERE "invoiceId" = NEW."id";
    IF net <> NEW."netTotal" OR tax <> NEW."taxTotal" THEN
      RAISE EXCEPTION 'invoice % cannot be issued: its lines add up to % net and % tax, its totals say % and %',
        NEW."id", net, tax, NEW."netTotal", NEW."taxTotal";
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_totals_match_lines_when_issued"
  BEFORE UPDATE ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION "invoice_totals_match_lines_when_issued"();

-- Lines change only on drafts, and the invoice row is locked (FOR SHARE) while a line is
-- written, so a line and the issue of its invoice cannot interleave. An update checks the
-- invoice the line leaves as well as the one it joins: no line is moved off an issued invoice.
CREATE OR REPLACE FUNCTION "invoice_lines_change_only_on_drafts"() RETURNS trigger AS $$
DECLARE
  invoice_status "InvoiceStatus";
  invoice_currency CHAR(3);
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT "status" INTO invoice_status FROM "Invoice" WHERE "id" = OLD."invoiceId" FOR SHARE;
    IF invoice_status <> 'DRAFT' THEN
      RAISE EXCEPTION 'lines of a % invoice cannot be changed', invoice_status;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  SELECT "status", "currency" INTO invoice_status, invoice_currency FROM "Invoice" WHERE "id" = NEW."invoiceId" FOR SHARE;
  IF invoice_status <> 'DRAFT' THEN
    RAISE EXCEPTION 'lines of a % invoice cannot be changed', invoice_status;
  END IF;
  IF NOT ("is_at_minor_unit"(NEW."amount", invoice_currency) AND "is_at_minor_unit"(NEW."taxAmount", invoice_currency)) THEN
    RAISE EXCEPTION 'invoice line amounts must be at the minor unit of %: % net, % tax', invoice_currency, NEW."amount", NEW."taxAmount";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- A period is cut once: no two periods of an account overlap. The account row is locked so two
-- concurrent inserts cannot both pass the check. A closed period never reopens.
CREATE FUNCTION "billing_periods_never_overlap"() RETURNS trigger AS $$
DECLARE
  clash RECORD;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" = 'CLOSED' AND (to_jsonb(NEW) <> to_jsonb(OLD)) THEN
    RAISE EXCEPTION 'billing period % is closed and cannot be changed', OLD."id";
  END IF;
  PERFORM 1 FROM "BillingAccount" WHERE "id" = NEW."accountId" FOR UPDATE;
  SELECT "id", "startsOn", "endsOn" INTO clash FROM "BillingPeriod"
   WHERE "accountId" = NEW."accountId" AND "id" <> NEW."id"
     AND daterange("startsOn", "endsOn", '[]') && daterange(NEW."startsOn", NEW."endsOn", '[]')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'billing period % to % overlaps period % (% to %) of the same account',
      NEW."startsOn", NEW."endsOn", clash."id", clash."startsOn", clash."endsOn";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "BillingPeriod_never_overlap"
  BEFORE INSERT OR UPDATE ON "BillingPeriod"
  FOR EACH ROW EXECUTE FUNCTION "billing_periods_never_overlap"();

-- The charges of a closed period are what its invoice billed: none is added, changed, moved or
-- removed afterwards. Checked once per statement (bulk inserts of thousands of charges pay
-- one query), with the periods locked FOR SHARE so closing a period waits for charges being
-- written to it, and a charge written after the close sees it closed.
CREATE FUNCTION "charges_of_closed_periods_are_frozen"() RETURNS trigger AS $$
DECLARE
  closed_period UUID;
BEGIN
  SELECT p."id" INTO closed_period FROM "BillingPeriod" p
   WHERE p."id" IN (SELECT "periodId" FROM changed_charges)
     AND p."status" = 'CLOSED'
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'billing period % is closed: its charges cannot be added, changed or removed (correct an issued invoice with a credit note)', closed_period;
  END IF;
  PERFORM 1 FROM "BillingPeriod" WHERE "id" IN (SELECT DISTINCT "periodId" FROM changed_charges) ORDER BY "id" FOR SHARE;
  SELECT p."id" INTO closed_period FROM "BillingPeriod" p
   WHERE p."id" IN (SELECT "periodId" FROM changed_charges)
     AND p."status" = 'CLOSED'
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'billing period % is closed: its charges cannot be added, changed or removed (correct an issued invoice with a credit note)', closed_period;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "UsageCharge_closed_period_insert"
  AFTER INSERT ON "UsageCharge" REFERENCING NEW TABLE AS changed_charges
  FOR EACH STATEMENT EXECUTE FUNCTION "charges_of_closed_periods_are_frozen"();
CREATE TRIGGER "UsageCharge_closed_period_update_to"
  AFTER UPDATE ON "UsageCharge" REFERENCING NEW TABLE AS changed_charges
  FOR EACH STATEMENT EXECUTE FUNCTION "charges_of_closed_periods_are_frozen"();
CREATE TRIGGER "UsageCharge_closed_period_update_from"
  AFTER UPDATE ON "UsageCharge" REFERENCING OLD TABLE AS changed_charges
  FOR EACH STATEMENT EXECUTE FUNCTION "charges_of_closed_periods_are_frozen"();
CREATE TRIGGER "UsageCharge_closed_period_delete"
  AFTER DELETE ON "UsageCharge" REFERENCING OLD TABLE AS changed_charges
  FOR EACH STATEMENT EXECUTE FUNCTION "charges_of_closed_periods_are_frozen"();

-- A credit note is issued whole, against an issued invoice, and never changes.
CREATE FUNCTION "credit_notes_are_immutable"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is an issued document and cannot be changed or deleted; issue another credit note', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CreditNote_immutable"
  BEFORE UPDATE OR DELETE ON "CreditNote"
  FOR EACH ROW EXECUTE FUNCTION "credit_notes_are_immutable"();
CREATE TRIGGER "CreditNoteLine_immutable"
  BEFORE UPDATE OR DELETE ON "CreditNoteLine"
  FOR EACH ROW EXECUTE FUNCTION "credit_notes_are_immutable"();

CREATE FUNCTION "credit_note_references_issued_invoice"() RETURNS trigger AS $$
DECLARE
  invoice_status "InvoiceStatus";
BEGIN
  SELECT "status" INTO invoice_status FROM "Invoice" WHERE "id" = NEW."invoiceId" FOR SHARE;
  IF invoice_status IS DISTINCT FROM 'ISSUED' THEN
    RAISE EXCEPTION 'a credit note corrects an ISSUED invoice; invoice % is %', NEW."invoiceId", invoice_status;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CreditNote_references_issued_invoice"
  BEFORE INSERT ON "CreditNote"
  FOR EACH ROW EXECUTE FUNCTION "credit_note_references_issued_invoice"();

-- Lines join a credit note only in the transaction that issues it.
CREATE FUNCTION "credit_note_lines_only_with_their_note"() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "CreditNote" WHERE "id" = NEW."creditNoteId" AND xmin::text = (pg_current_xact_id()::xid)::text) THEN
    RAISE EXCEPTION 'credit note % is already issued: lines cannot be added to it', NEW."creditNoteId";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CreditNoteLine_only_with_their_note"
  BEFORE INSERT ON "CreditNoteLine"
  FOR EACH ROW EXECUTE FUNCTION "credit_note_lines_only_with_their_note"();
