-- CreateTable
CREATE TABLE "InvoiceRecipient" (
    "invoiceId" UUID NOT NULL,
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
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "recordedAtIssue" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "InvoiceRecipient_pkey" PRIMARY KEY ("invoiceId")
);

-- AddForeignKey
ALTER TABLE "InvoiceRecipient" ADD CONSTRAINT "InvoiceRecipient_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The recipient an invoice was issued to is part of the issued document: written once, never
-- changed or removed. Written at issue (while the invoice is still a draft), or, for an invoice
-- issued before recipients were recorded, once at its first export (recordedAtIssue false).
CREATE FUNCTION "invoice_recipient_is_written_once"() RETURNS trigger AS $$
DECLARE
  invoice_status "InvoiceStatus";
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'the recipient of invoice % is part of the issued invoice and cannot be changed or deleted', OLD."invoiceId";
  END IF;
  SELECT "status" INTO invoice_status FROM "Invoice" WHERE "id" = NEW."invoiceId";
  IF NEW."recordedAtIssue" AND invoice_status <> 'DRAFT' THEN
    RAISE EXCEPTION 'invoice % is %: a recipient recorded at issue is written before the invoice is issued', NEW."invoiceId", invoice_status;
  END IF;
  IF NOT NEW."recordedAtIssue" AND invoice_status = 'DRAFT' THEN
    RAISE EXCEPTION 'invoice % is a draft: its recipient is recorded when it is issued', NEW."invoiceId";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "InvoiceRecipient_written_once"
  BEFORE INSERT OR UPDATE OR DELETE ON "InvoiceRecipient"
  FOR EACH ROW EXECUTE FUNCTION "invoice_recipient_is_written_once"();

-- Never an invoice without its recipient: a draft is issued only once its recipient is recorded.
CREATE FUNCTION "invoice_is_issued_with_its_recipient"() RETURNS trigger AS $$
BEGIN
  IF OLD."status" = 'DRAFT' AND NEW."status" = 'ISSUED'
     AND NOT EXISTS (SELECT 1 FROM "InvoiceRecipient" WHERE "invoiceId" = NEW."id") THEN
    RAISE EXCEPTION 'invoice % cannot be issued without its recipient (InvoiceRecipient)', NEW."id";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_issued_with_its_recipient"
  BEFORE UPDATE OF "status" ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION "invoice_is_issued_with_its_recipient"();
