-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "euroExchangeRate" DECIMAL(20,8);

-- Italian VAT is stated in euro: an invoice in another currency carries the exchange rate it was
-- issued at (units of its currency per euro), from which its FatturaPA file states euro amounts.
-- A euro invoice has none. NOT VALID: invoices issued in another currency before rates were
-- recorded stay as they are (they cannot be exported and are corrected by credit notes).
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_euro_exchange_rate_only_for_other_currencies"
  CHECK ("euroExchangeRate" IS NULL OR ("currency" <> 'EUR' AND "euroExchangeRate" > 0));
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_issued_in_other_currency_has_euro_exchange_rate"
  CHECK ("currency" = 'EUR' OR "status" = 'DRAFT' OR "euroExchangeRate" IS NOT NULL) NOT VALID;
