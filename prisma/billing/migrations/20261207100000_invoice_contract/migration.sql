-- CreateTable
CREATE TABLE "InvoiceContract" (
    "invoiceId" UUID NOT NULL,
    "contractId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "cig" TEXT,
    "cup" TEXT,
    "cigExempt" BOOLEAN NOT NULL DEFAULT false,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvoiceContract_pkey" PRIMARY KEY ("invoiceId")
);

-- AddForeignKey
ALTER TABLE "InvoiceContract" ADD CONSTRAINT "InvoiceContract_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The contract an invoice names is part of the issued document, as its recipient is: written
-- once while the invoice is a draft, never changed or removed.
CREATE FUNCTION "invoice_contract_is_written_once"() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'the contract of invoice % is part of the issued invoice and cannot be changed or deleted', OLD."invoiceId";
  END IF;
  IF (SELECT "status" FROM "Invoice" WHERE "id" = NEW."invoiceId") <> 'DRAFT' THEN
    RAISE EXCEPTION 'invoice % is issued: its contract is recorded before it is issued', NEW."invoiceId";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "InvoiceContract_written_once"
  BEFORE INSERT OR UPDATE OR DELETE ON "InvoiceContract"
  FOR EACH ROW EXECUTE FUNCTION "invoice_contract_is_written_once"();

-- A public body refuses an invoice without the CIG of the contract it pays (L. 136/2010, art. 25
-- DL 66/2014): one is issued only with a recorded contract that has a CIG or is exempt from it.
CREATE FUNCTION "public_body_invoice_is_issued_with_a_cig"() RETURNS trigger AS $$
BEGIN
  IF OLD."status" = 'DRAFT' AND NEW."status" = 'ISSUED'
     AND EXISTS (SELECT 1 FROM "InvoiceRecipient" WHERE "invoiceId" = NEW."id" AND "fiscalCategory" = 'ITALIAN_PUBLIC_BODY')
     AND NOT EXISTS (SELECT 1 FROM "InvoiceContract" WHERE "invoiceId" = NEW."id" AND ("cig" IS NOT NULL OR "cigExempt")) THEN
    RAISE EXCEPTION 'invoice % is to a public body and cannot be issued without its contract''s CIG (InvoiceContract)', NEW."id";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_to_public_body_issued_with_a_cig"
  BEFORE UPDATE OF "status" ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION "public_body_invoice_is_issued_with_a_cig"();
