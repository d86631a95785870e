-- Fiscal data for Italian e-invoicing (FatturaPA): the customer's fiscal category and codes,
-- and the CIG/CUP of contracts with public bodies.
CREATE TYPE "FiscalCategory" AS ENUM ('ITALIAN_BUSINESS', 'ITALIAN_PUBLIC_BODY', 'EU_BUSINESS', 'NON_EU_BUSINESS', 'PRIVATE_PERSON');

ALTER TABLE "Contract" ADD COLUMN     "cig" VARCHAR(10),
ADD COLUMN     "cigExempt" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cup" VARCHAR(15);

ALTER TABLE "Customer" ADD COLUMN     "fiscalCategory" "FiscalCategory",
ADD COLUMN     "fiscalCode" VARCHAR(16),
ADD COLUMN     "pecAddress" TEXT,
ADD COLUMN     "sdiRecipientCode" VARCHAR(7),
ALTER COLUMN "vatNumber" DROP NOT NULL;

-- Every existing customer has a VAT number: its prefix says where the customer is registered for
-- VAT, and an Italian one in the public-sector segment is taken for a public body (it then
-- shows, in eInvoiceReadiness, the office code and codice fiscale still to be entered).
UPDATE "Customer" SET "fiscalCategory" = (CASE
  WHEN left("vatNumber", 2) = 'IT' AND "segment" = 'PUBLIC_SECTOR' THEN 'ITALIAN_PUBLIC_BODY'
  WHEN left("vatNumber", 2) = 'IT' THEN 'ITALIAN_BUSINESS'
  WHEN left("vatNumber", 2) IN ('AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE',
    'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI') THEN 'EU_BUSINESS'
  ELSE 'NON_EU_BUSINESS'
END)::"FiscalCategory";

-- SdI's recipient code for every customer abroad.
UPDATE "Customer" SET "sdiRecipientCode" = 'XXXXXXX' WHERE "fiscalCategory" IN ('EU_BUSINESS', 'NON_EU_BUSINESS');

ALTER TABLE "Customer" ALTER COLUMN "fiscalCategory" SET NOT NULL;

-- Only a private person has no VAT number (a public body may have only its codice fiscale).
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_vatNumber_unless_person_or_public_body"
  CHECK ("vatNumber" IS NOT NULL OR "fiscalCategory" IN ('PRIVATE_PERSON', 'ITALIAN_PUBLIC_BODY'));
