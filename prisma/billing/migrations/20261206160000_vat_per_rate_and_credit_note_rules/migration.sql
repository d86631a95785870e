-- Hand-written: VAT per rate, and the credit-note rules the database holds itself (README, "Billing rules").

-- Issuing checks the Italian rule as well as the sums: per VAT rate, the lines' VAT shares add
-- up to round_half_up(sum of the rate's net amounts × rate / 100) at the currency's minor unit
-- (PostgreSQL's round is half away from zero: half-up for these positive amounts).
CREATE OR REPLACE FUNCTION "invoice_totals_match_lines_when_issued"() RETURNS trigger AS $$
DECLARE
  net NUMERIC;
  tax NUMERIC;
  wrong RECORD;
BEGIN
  IF OLD."status" = 'DRAFT' AND NEW."status" = 'ISSUED' THEN
    SELECT coalesce(sum("amount"), 0), coalesce(sum("taxAmount"), 0) INTO net, tax
      FROM "InvoiceLine" WHERE "invoiceId" = NEW."id";
    IF net <> NEW."netTotal" OR tax <> NEW."taxTotal" THEN
      RAISE EXCEPTION 'invoice % cannot be issued: its lines add up to % net and % tax, its totals say % and %',
        NEW."id", net, tax, NEW."netTotal", NEW."taxTotal";
    END IF;
    SELECT "vatRate", sum("amount") AS taxable, sum("taxAmount") AS vat INTO wrong
      FROM "InvoiceLine" WHERE "invoiceId" = NEW."id"
     GROUP BY "vatRate"
    HAVING sum("taxAmount") <> round(sum("amount") * "vatRate" / 100, "currency_minor_digits"(NEW."currency"))
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'invoice % cannot be issued: the VAT of its lines at % %% is %, but % %% of their % is %, rounded once per rate',
        NEW."id", wrong."vatRate", wrong.vat, wrong."vatRate", wrong.taxable, round(wrong.taxable * wrong."vatRate" / 100, "currency_minor_digits"(NEW."currency"));
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- A credit-note line credits a line of the note's own invoice, at that line's rate, a positive
-- amount, and never more than is left of the line. The invoice line is locked so two credit
-- notes on it cannot both see the same amount left.
CREATE FUNCTION "credit_note_line_credits_its_invoice"() RETURNS trigger AS $$
DECLARE
  note_invoice UUID;
  credited_line RECORD;
  credited_before NUMERIC;
BEGIN
  SELECT "invoiceId" INTO note_invoice FROM "CreditNote" WHERE "id" = NEW."creditNoteId";
  SELECT "invoiceId", "amount", "vatRate" INTO credited_line FROM "InvoiceLine" WHERE "id" = NEW."invoiceLineId" FOR NO KEY UPDATE;
  IF credited_line."invoiceId" IS DISTINCT FROM note_invoice THEN
    RAISE EXCEPTION 'credit note % corrects invoice %: invoice line % belongs to invoice %', NEW."creditNoteId", note_invoice, NEW."invoiceLineId", credited_line."invoiceId";
  END IF;
  IF NEW."amount" <= 0 OR NEW."taxAmount" < 0 THEN
    RAISE EXCEPTION 'a credit-note line credits a positive net amount and VAT that is not negative; got % net, % VAT', NEW."amount", NEW."taxAmount";
  END IF;
  IF NEW."vatRate" <> credited_line."vatRate" THEN
    RAISE EXCEPTION 'a credit-note line credits at its invoice line''s VAT rate, %; got %', credited_line."vatRate", NEW."vatRate";
  END IF;
  SELECT coalesce(sum("amount"), 0) INTO credited_before FROM "CreditNoteLine" WHERE "invoiceLineId" = NEW."invoiceLineId";
  IF credited_before + NEW."amount" > credited_line."amount" THEN
    RAISE EXCEPTION 'invoice line % is % net, % of it already credited: % more is too much', NEW."invoiceLineId", credited_line."amount", credited_before, NEW."amount";
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CreditNoteLine_credits_its_invoice"
  BEFORE INSERT ON "CreditNoteLine"
  FOR EACH ROW EXECUTE FUNCTION "credit_note_line_credits_its_invoice"();

-- At commit, once its lines are in: a credit note has lines, its totals are their sums, and
-- over all the invoice's credit notes the VAT credited on a rate never exceeds the VAT charged
-- on it (nor the gross credited the invoice's gross).
CREATE FUNCTION "credit_note_adds_up"() RETURNS trigger AS $$
DECLARE
  lines INTEGER;
  net NUMERIC;
  tax NUMERIC;
  over RECORD;
  invoice_total NUMERIC;
  credited_total NUMERIC;
BEGIN
  SELECT count(*), coalesce(sum("amount"), 0), coalesce(sum("taxAmount"), 0) INTO lines, net, tax
    FROM "CreditNoteLine" WHERE "creditNoteId" = NEW."id";
  IF lines = 0 THEN
    RAISE EXCEPTION 'credit note % has no lines', NEW."id";
  END IF;
  IF net <> NEW."netTotal" OR tax <> NEW."taxTotal" THEN
    RAISE EXCEPTION 'credit note %: its lines add up to % net and % VAT, its totals say % and %', NEW."id", net, tax, NEW."netTotal", NEW."taxTotal";
  END IF;
  SELECT charged."vatRate", charged.vat, credited.vat AS credited INTO over
    FROM (SELECT "vatRate", sum("taxAmount") AS vat FROM "InvoiceLine" WHERE "invoiceId" = NEW."invoiceId" GROUP BY "vatRate") charged
    JOIN (SELECT l."vatRate", sum(l."taxAmount") AS vat FROM "CreditNoteLine" l JOIN "CreditNote" n ON n."id" = l."creditNoteId"
           WHERE n."invoiceId" = NEW."invoiceId" GROUP BY l."vatRate") credited ON credited."vatRate" = charged."vatRate"
   WHERE credited.vat > charged.vat
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invoice % charged % VAT at % %%; its credit notes would credit %', NEW."invoiceId", over.vat, over."vatRate", over.credited;
  END IF;
  SELECT "total" INTO invoice_total FROM "Invoice" WHERE "id" = NEW."invoiceId";
  SELECT sum("total") INTO credited_total FROM "CreditNote" WHERE "invoiceId" = NEW."invoiceId";
  IF credited_total > invoice_total THEN
    RAISE EXCEPTION 'invoice % is % gross; its credit notes would credit %', NEW."invoiceId", invoice_total, credited_total;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER "CreditNote_adds_up"
  AFTER INSERT ON "CreditNote"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "credit_note_adds_up"();
