-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "acceptsEmailNotices" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "addressAttention" TEXT,
ADD COLUMN     "addressRecipient" TEXT,
ADD COLUMN     "addressStreet2" TEXT,
ADD COLUMN     "mailingAttention" TEXT,
ADD COLUMN     "mailingCity" TEXT,
ADD COLUMN     "mailingCountry" CHAR(2),
ADD COLUMN     "mailingPostalCode" TEXT,
ADD COLUMN     "mailingProvince" TEXT,
ADD COLUMN     "mailingRecipient" TEXT,
ADD COLUMN     "mailingStreet" TEXT,
ADD COLUMN     "mailingStreet2" TEXT,
ADD COLUMN     "noticeContactId" UUID;

-- CreateIndex
CREATE INDEX "Customer_noticeContactId_idx" ON "Customer"("noticeContactId");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_noticeContactId_fkey" FOREIGN KEY ("noticeContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A mailing address is whole or absent: a letter never goes to half of one.
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_mailing_address_whole" CHECK (
  ("mailingStreet" IS NULL) = ("mailingPostalCode" IS NULL)
  AND ("mailingStreet" IS NULL) = ("mailingCity" IS NULL)
  AND ("mailingStreet" IS NULL) = ("mailingCountry" IS NULL)
  AND ("mailingStreet" IS NOT NULL OR ("mailingRecipient" IS NULL AND "mailingAttention" IS NULL AND "mailingStreet2" IS NULL AND "mailingProvince" IS NULL))
);

-- Existing data: a street written as one long line "Via Roma 1, Palazzo B" is split at its
-- first comma into two street lines when both halves then fit a window envelope (40
-- characters a line). Anything else is left as it was: such a customer is listed as having
-- no printable address until a mailing address is given, never cut short on the envelope.
UPDATE "Customer"
   SET "addressStreet2" = btrim(substr("addressStreet", strpos("addressStreet", ',') + 1)),
       "addressStreet" = btrim(substr("addressStreet", 1, strpos("addressStreet", ',') - 1))
 WHERE length("addressStreet") > 40
   AND strpos("addressStreet", ',') BETWEEN 2 AND 41
   AND length(btrim(substr("addressStreet", strpos("addressStreet", ',') + 1))) BETWEEN 1 AND 40;
