-- SdI's notifications for public-sector invoices: after delivery, the public body accepts
-- (NotificaEsito EC01: ACCEPTED) or refuses (EC02: REFUSED, corrected by a credit note) within
-- 15 days, or SdI says the term ran out (NotificaDecorrenzaTermini: TERMS_EXPIRED).
ALTER TYPE "EInvoiceState" ADD VALUE 'ACCEPTED';
ALTER TYPE "EInvoiceState" ADD VALUE 'REFUSED';
ALTER TYPE "EInvoiceState" ADD VALUE 'TERMS_EXPIRED';

ALTER TYPE "SdiNotificationType" ADD VALUE 'NOTIFICA_ESITO';
ALTER TYPE "SdiNotificationType" ADD VALUE 'NOTIFICA_DECORRENZA_TERMINI';
ALTER TYPE "SdiNotificationType" ADD VALUE 'ATTESTAZIONE_TRASMISSIONE_FATTURA';

-- AlterTable
ALTER TABLE "EInvoiceTransmission" ADD COLUMN     "recipientRevision" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "InvoiceRecipientRevision" (
    "invoiceId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "creditNoteId" UUID,
    "fiscalCategory" TEXT NOT NULL,
    "legalName" TEXT NOT NULL,
    "vatNumber" TEXT,
    "fiscalCode" TEXT,
    "sdiRecipientCode" TEXT,
    "pecAddress" TEXT,
    "street" TEXT NOT NULL,
    "street2" TEXT,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "province" TEXT,
    "country" CHAR(2) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,

    CONSTRAINT "InvoiceRecipientRevision_pkey" PRIMARY KEY ("invoiceId","revision")
);

-- AddForeignKey
ALTER TABLE "InvoiceRecipientRevision" ADD CONSTRAINT "InvoiceRecipientRevision_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceRecipientRevision" ADD CONSTRAINT "InvoiceRecipientRevision_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "CreditNote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A file keeps its identity and the recipient it was built with, and its state moves only as
-- SdI's process does: TO_SEND -> SENT -> DELIVERED | REJECTED | NOT_DELIVERABLE (a notification may
-- arrive before the file is marked sent), NOT_DELIVERABLE -> DELIVERED, and for a public body
-- DELIVERED -> ACCEPTED | REFUSED | TERMS_EXPIRED. REJECTED, ACCEPTED, REFUSED, TERMS_EXPIRED are final.
CREATE OR REPLACE FUNCTION "einvoice_transmission_moves_legally"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'e-invoice file % (%) cannot be deleted: it is part of the fiscal record', OLD."progressive", OLD."state";
  END IF;
  IF NEW."invoiceId" IS DISTINCT FROM OLD."invoiceId" OR NEW."creditNoteId" IS DISTINCT FROM OLD."creditNoteId"
     OR NEW."attempt" <> OLD."attempt" OR NEW."progressive" <> OLD."progressive" OR NEW."createdAt" <> OLD."createdAt"
     OR NEW."recipientRevision" <> OLD."recipientRevision" THEN
    RAISE EXCEPTION 'e-invoice file % keeps its document, attempt, progressive and recipient', OLD."progressive";
  END IF;
  IF OLD."sdiIdentifier" IS NOT NULL AND NEW."sdiIdentifier" IS DISTINCT FROM OLD."sdiIdentifier" THEN
    RAISE EXCEPTION 'e-invoice file % already has SdI identifier %', OLD."progressive", OLD."sdiIdentifier";
  END IF;
  IF NEW."state" <> OLD."state" AND NOT (
       (OLD."state" = 'TO_SEND' AND NEW."state" IN ('SENT', 'DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'))
    OR (OLD."state" = 'SENT' AND NEW."state" IN ('DELIVERED', 'REJECTED', 'NOT_DELIVERABLE'))
    OR (OLD."state" = 'NOT_DELIVERABLE' AND NEW."state" = 'DELIVERED')
    OR (OLD."state" = 'DELIVERED' AND NEW."state" IN ('ACCEPTED', 'REFUSED', 'TERMS_EXPIRED'))) THEN
    RAISE EXCEPTION 'e-invoice file % cannot go from % to %', OLD."progressive", OLD."state", NEW."state";
  END IF;
  IF NEW."state" = OLD."state" AND NEW."rejection" IS DISTINCT FROM OLD."rejection" THEN
    RAISE EXCEPTION 'e-invoice file % keeps the rejection it was recorded with', OLD."progressive";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

ALTER TABLE "InvoiceRecipientRevision" ADD CONSTRAINT "InvoiceRecipientRevision_after_the_first" CHECK ("revision" >= 2);

-- The latest file of an invoice or credit note.
CREATE FUNCTION "einvoice_state_of_document"(invoice UUID, credit_note UUID) RETURNS "EInvoiceState" AS $$
  SELECT "state" FROM "EInvoiceTransmission"
   WHERE (credit_note IS NULL AND "invoiceId" = invoice) OR "creditNoteId" = credit_note
   ORDER BY "attempt" DESC LIMIT 1;
$$ LANGUAGE sql STABLE;

-- The recipient of an issued document changes only to correct a file SdI rejected (fiscally never
-- issued): a revision is added, never changed or removed, numbered in turn, for an issued invoice
-- or one of its own credit notes whose latest file is REJECTED. InvoiceRecipient stays write-once.
CREATE FUNCTION "invoice_recipient_revision_only_after_rejection"() RETURNS trigger AS $$
DECLARE
  invoice_status "InvoiceStatus";
  file_state "EInvoiceState";
  last_revision INTEGER;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'recipient revision % of invoice % is part of the files sent with it and cannot be changed or deleted', OLD."revision", OLD."invoiceId";
  END IF;
  SELECT "status" INTO invoice_status FROM "Invoice" WHERE "id" = NEW."invoiceId";
  IF invoice_status IS DISTINCT FROM 'ISSUED' THEN
    RAISE EXCEPTION 'invoice % is %: only an issued document''s recipient is corrected', NEW."invoiceId", coalesce(invoice_status::text, 'missing');
  END IF;
  IF NEW."creditNoteId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "CreditNote" WHERE "id" = NEW."creditNoteId" AND "invoiceId" = NEW."invoiceId") THEN
    RAISE EXCEPTION 'credit note % does not correct invoice %', NEW."creditNoteId", NEW."invoiceId";
  END IF;
  file_state := "einvoice_state_of_document"(NEW."invoiceId", NEW."creditNoteId");
  IF file_state IS DISTINCT FROM 'REJECTED' THEN
    RAISE EXCEPTION 'the recipient of % % cannot be changed: its e-invoice file is % (only a file SdI rejected is corrected and sent again)',
      CASE WHEN NEW."creditNoteId" IS NULL THEN 'invoice' ELSE 'credit note' END, coalesce(NEW."creditNoteId", NEW."invoiceId"), coalesce(file_state::text, 'missing');
  END IF;
  SELECT coalesce(max("revision"), 1) INTO last_revision FROM "InvoiceRecipientRevision" WHERE "invoiceId" = NEW."invoiceId";
  IF NEW."revision" <> last_revision + 1 THEN
    RAISE EXCEPTION 'recipient revision % of invoice % follows revision %: it must be %', NEW."revision", NEW."invoiceId", last_revision, last_revision + 1;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "InvoiceRecipientRevision_only_after_rejection"
  BEFORE INSERT OR UPDATE OR DELETE ON "InvoiceRecipientRevision"
  FOR EACH ROW EXECUTE FUNCTION "invoice_recipient_revision_only_after_rejection"();

-- A new file names the recipient of the file before it, or a revision taken for this very
-- document since; a document's first file names the recipient at issue (an invoice), or one its
-- invoice's files were built with (a credit note).
CREATE FUNCTION "einvoice_transmission_names_its_recipient"() RETURNS trigger AS $$
DECLARE
  invoice UUID;
  previous_revision INTEGER;
BEGIN
  invoice := coalesce(NEW."invoiceId", (SELECT "invoiceId" FROM "CreditNote" WHERE "id" = NEW."creditNoteId"));
  IF NEW."attempt" > 1 THEN
    SELECT "recipientRevision" INTO previous_revision FROM "EInvoiceTransmission"
     WHERE ("invoiceId" = NEW."invoiceId" OR "creditNoteId" = NEW."creditNoteId") AND "attempt" = NEW."attempt" - 1;
    IF NEW."recipientRevision" = previous_revision
       OR EXISTS (SELECT 1 FROM "InvoiceRecipientRevision" WHERE "invoiceId" = invoice AND "revision" = NEW."recipientRevision"
                   AND "revision" > previous_revision AND "creditNoteId" IS NOT DISTINCT FROM NEW."creditNoteId") THEN
      RETURN NEW;
    END IF;
  ELSIF NEW."invoiceId" IS NOT NULL THEN
    IF NEW."recipientRevision" = 1 THEN RETURN NEW; END IF;
  ELSIF EXISTS (SELECT 1 FROM "EInvoiceTransmission" WHERE "invoiceId" = invoice AND "recipientRevision" = NEW."recipientRevision")
        OR NEW."recipientRevision" = 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'e-invoice file % (attempt %) cannot name recipient revision % of invoice %', NEW."progressive", NEW."attempt", NEW."recipientRevision", invoice;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EInvoiceTransmission_names_its_recipient"
  BEFORE INSERT ON "EInvoiceTransmission"
  FOR EACH ROW EXECUTE FUNCTION "einvoice_transmission_names_its_recipient"();
