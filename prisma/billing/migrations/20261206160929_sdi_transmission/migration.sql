-- CreateEnum
CREATE TYPE "EInvoiceState" AS ENUM ('TO_SEND', 'SENT', 'DELIVERED', 'REJECTED', 'NOT_DELIVERABLE');

-- CreateEnum
CREATE TYPE "SdiNotificationType" AS ENUM ('RICEVUTA_CONSEGNA', 'NOTIFICA_SCARTO', 'NOTIFICA_MANCATA_CONSEGNA');

-- CreateTable
CREATE TABLE "EInvoiceTransmission" (
    "id" UUID NOT NULL,
    "invoiceId" UUID,
    "creditNoteId" UUID,
    "attempt" INTEGER NOT NULL,
    "progressive" VARCHAR(5) NOT NULL,
    "state" "EInvoiceState" NOT NULL DEFAULT 'TO_SEND',
    "sdiIdentifier" VARCHAR(12),
    "sentAt" TIMESTAMPTZ(3),
    "rejection" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EInvoiceTransmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EInvoiceTransition" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "transmissionId" UUID NOT NULL,
    "fromState" "EInvoiceState",
    "toState" "EInvoiceState" NOT NULL,
    "actor" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "notification" "SdiNotificationType",
    "sdiIdentifier" VARCHAR(12),
    "details" JSONB,

    CONSTRAINT "EInvoiceTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EInvoiceTransmission_progressive_key" ON "EInvoiceTransmission"("progressive");

-- CreateIndex
CREATE INDEX "EInvoiceTransmission_state_idx" ON "EInvoiceTransmission"("state");

-- CreateIndex
CREATE UNIQUE INDEX "EInvoiceTransmission_invoiceId_attempt_key" ON "EInvoiceTransmission"("invoiceId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "EInvoiceTransmission_creditNoteId_attempt_key" ON "EInvoiceTransmission"("creditNoteId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "EInvoiceTransition_seq_key" ON "EInvoiceTransition"("seq");

-- CreateIndex
CREATE INDEX "EInvoiceTransition_transmissionId_idx" ON "EInvoiceTransition"("transmissionId");

-- CreateIndex
CREATE UNIQUE INDEX "EInvoiceTransition_sdiIdentifier_notification_key" ON "EInvoiceTransition"("sdiIdentifier", "notification");

-- AddForeignKey
ALTER TABLE "EInvoiceTransmission" ADD CONSTRAINT "EInvoiceTransmission_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EInvoiceTransmission" ADD CONSTRAINT "EInvoiceTransmission_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "CreditNote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EInvoiceTransition" ADD CONSTRAINT "EInvoiceTransition_transmissionId_fkey" FOREIGN KEY ("transmissionId") REFERENCES "EInvoiceTransmission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A transmission belongs to exactly one issued document, under a file name SdI accepts.
ALTER TABLE "EInvoiceTransmission"
  ADD CONSTRAINT "EInvoiceTransmission_one_document" CHECK (num_nonnulls("invoiceId", "creditNoteId") = 1),
  ADD CONSTRAINT "EInvoiceTransmission_attempt_positive" CHECK ("attempt" >= 1),
  ADD CONSTRAINT "EInvoiceTransmission_progressive_format" CHECK ("progressive" ~ '^[0-9A-Z]{5}$'),
  ADD CONSTRAINT "EInvoiceTransmission_sdi_identifier_format" CHECK ("sdiIdentifier" ~ '^[0-9]{1,12}$'),
  ADD CONSTRAINT "EInvoiceTransmission_rejection_only_when_rejected" CHECK (("state" = 'REJECTED') = ("rejection" IS NOT NULL));

-- Files issued before this migration: one file each, to send, numbered in issue order.
CREATE FUNCTION "einvoice_progressive"(n BIGINT) RETURNS VARCHAR(5) AS $$
DECLARE
  digits CONSTANT TEXT := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  result TEXT := '';
  rest BIGINT := n;
BEGIN
  IF n < 1 OR n >= 36 ^ 5 THEN
    RAISE EXCEPTION 'e-invoice progressive % is out of range (1 to 36^5 - 1)', n;
  END IF;
  WHILE rest > 0 LOOP
    result := substr(digits, (rest % 36)::int + 1, 1) || result;
    rest := rest / 36;
  END LOOP;
  RETURN lpad(result, 5, '0');
END;
$$ LANGUAGE plpgsql IMMUTABLE;

WITH "issued" AS (
  SELECT "id" AS "invoiceId", NULL::uuid AS "creditNoteId", "issuedAt", "number" FROM "Invoice" WHERE "status" = 'ISSUED'
  UNION ALL
  SELECT NULL::uuid, "id", "issuedAt", "number" FROM "CreditNote"
), "numbered" AS (
  SELECT *, row_number() OVER (ORDER BY "issuedAt", "number") AS "n" FROM "issued"
)
INSERT INTO "EInvoiceTransmission" ("id", "invoiceId", "creditNoteId", "attempt", "progressive", "createdAt", "updatedAt")
SELECT gen_random_uuid(), "invoiceId", "creditNoteId", 1, "einvoice_progressive"("n"), "issuedAt", "issuedAt" FROM "numbered";

-- The progressive counter: series SDI, year 0 (a file name is never reused, whatever the year).
INSERT INTO "DocumentNumberCounter" ("series", "year", "last")
SELECT 'SDI', 0, count(*) FROM "EInvoiceTransmission" HAVING count(*) > 0;

-- A new file starts TO_SEND, for an issued document; a further attempt only after SdI rejected the last one.
CREATE FUNCTION "einvoice_transmission_inserted_in_turn"() RETURNS trigger AS $$
DECLARE
  previous_state "EInvoiceState";
  invoice_status "InvoiceStatus";
BEGIN
  IF NEW."state" <> 'TO_SEND' THEN
    RAISE EXCEPTION 'a new e-invoice file starts TO_SEND, not %', NEW."state";
  END IF;
  IF NEW."invoiceId" IS NOT NULL THEN
    SELECT "status" INTO invoice_status FROM "Invoice" WHERE "id" = NEW."invoiceId";
    IF invoice_status <> 'ISSUED' THEN
      RAISE EXCEPTION 'invoice % is % and has no e-invoice file to send', NEW."invoiceId", invoice_status;
    END IF;
  END IF;
  SELECT "state" INTO previous_state FROM "EInvoiceTransmission"
   WHERE ("invoiceId" = NEW."invoiceId" OR "creditNoteId" = NEW."creditNoteId") AND "attempt" = NEW."attempt" - 1;
  IF NEW."attempt" > 1 AND previous_state IS DISTINCT FROM 'REJECTED' THEN
    RAISE EXCEPTION 'e-invoice file attempt % can only follow a REJECTED attempt %, which is %', NEW."attempt", NEW."attempt" - 1, coalesce(previous_state::text, 'missing');
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EInvoiceTransmission_inserted_in_turn"
  BEFORE INSERT ON "EInvoiceTransmission"
  FOR EACH ROW EXECUTE FUNCTION "einvoice_transmission_inserted_in_turn"();

-- A file keeps its identity, and its state moves only as SdI's process does:
-- TO_SEND -> SENT -> DELIVERED | REJECTED | NOT_DELIVERABLE (a notification may arrive before the
-- file is marked sent), NOT_DELIVERABLE -> DELIVERED; DELIVERED and REJECTED are final.
CREATE FUNCTION "einvoice_transmission_moves_legally"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'e-invoice file % (%) cannot be deleted: it is part of the fiscal record', OLD."progressive", OLD."state";
  END IF;
  IF NEW."invoiceId" IS DISTINCT FROM OLD."invoiceId" OR NEW."creditNoteId" IS DISTINCT FROM OLD."creditNoteId"
     OR NEW."attempt" <> OLD."attempt" OR NEW."progressive" <> OLD."progressive" OR NEW."createdAt" <> OLD."createdAt" THEN
    RAISE EXCEPTION 'e-invoice file % keeps its document, attempt and progressive', OLD."progressive";
  END IF;
  IF OLD."sdiIdentifier" IS NOT NULL AND NEW."sdiIdentifier" IS DISTINCT FROM OLD."sdiIdentifier" THEN
    RAISE EXCEPTION 'e-invoice file % already has SdI identifier %', OLD."progressive", OLD."sdiIdentifier";
  END IF;
  IF NEW."state" <> OLD."state" AND NOT (
       (OLD."state" = 'TO_SEND' AND NEW."state" IN ('SENT', 'DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'))
    OR (OLD."state" = 'SENT' AND NEW."state" IN ('DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'))
    OR (OLD."state" = 'NOT_DELIVERABLE' AND NEW."state" = 'DELIVERED')) THEN
    RAISE EXCEPTION 'e-invoice file % cannot go from % to %', OLD."progressive", OLD."state", NEW."state";
  END IF;
  IF NEW."state" = OLD."state" AND NEW."rejection" IS DISTINCT FROM OLD."rejection" THEN
    RAISE EXCEPTION 'e-invoice file % keeps the rejection it was recorded with', OLD."progressive";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EInvoiceTransmission_moves_legally"
  BEFORE UPDATE OR DELETE ON "EInvoiceTransmission"
  FOR EACH ROW EXECUTE FUNCTION "einvoice_transmission_moves_legally"();

CREATE FUNCTION "einvoice_history_is_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the e-invoice history is append-only: transition % cannot be changed or deleted', OLD."id";
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EInvoiceTransition_append_only"
  BEFORE UPDATE OR DELETE ON "EInvoiceTransition"
  FOR EACH ROW EXECUTE FUNCTION "einvoice_history_is_append_only"();

-- The latest file of an invoice, which decides what may still happen to it.
CREATE FUNCTION "einvoice_state_of_invoice"(invoice UUID) RETURNS "EInvoiceState" AS $$
  SELECT "state" FROM "EInvoiceTransmission" WHERE "invoiceId" = invoice ORDER BY "attempt" DESC LIMIT 1;
$$ LANGUAGE sql STABLE;

-- Italian rules: an invoice is voided only when SdI rejected its file (fiscally, it was never
-- issued) and nothing credits it; a delivered one is corrected by a credit note (TD04). Hence a
-- second live invoice for a period, which needs the first void, only follows a rejection.
CREATE FUNCTION "invoice_voided_only_when_rejected"() RETURNS trigger AS $$
DECLARE
  file_state "EInvoiceState";
BEGIN
  file_state := "einvoice_state_of_invoice"(OLD."id");
  IF file_state IS DISTINCT FROM 'REJECTED' THEN
    RAISE EXCEPTION 'invoice % cannot be voided: its e-invoice file is % (only a file SdI rejected may be voided; correct a delivered invoice with a credit note)', OLD."id", coalesce(file_state::text, 'missing');
  END IF;
  IF EXISTS (SELECT 1 FROM "CreditNote" WHERE "invoiceId" = OLD."id") THEN
    RAISE EXCEPTION 'invoice % cannot be voided: credit notes refer to it', OLD."id";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_voided_only_when_rejected"
  BEFORE UPDATE OF "status" ON "Invoice"
  FOR EACH ROW WHEN (OLD."status" = 'ISSUED' AND NEW."status" = 'VOID')
  EXECUTE FUNCTION "invoice_voided_only_when_rejected"();

-- A rejected invoice is fiscally not issued: it is sent again or voided, never credited.
CREATE FUNCTION "credit_note_not_on_rejected_invoice"() RETURNS trigger AS $$
BEGIN
  IF "einvoice_state_of_invoice"(NEW."invoiceId") = 'REJECTED' THEN
    RAISE EXCEPTION 'invoice % was rejected by SdI: send it again corrected, or void it; it cannot be credited', NEW."invoiceId";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CreditNote_not_on_rejected_invoice"
  BEFORE INSERT ON "CreditNote"
  FOR EACH ROW EXECUTE FUNCTION "credit_note_not_on_rejected_invoice"();
