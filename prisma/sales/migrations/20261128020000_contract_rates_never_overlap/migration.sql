-- At most one rate per contract and service at any instant, whoever writes the rows.
-- Rates are half-open intervals [effectiveFrom, effectiveTo), an open end being infinity.
-- An exclusion constraint would need the btree_gist extension loaded into every embedded
-- PGlite (and the migration engine's scratch databases); this trigger needs nothing extra.
-- Concurrent writers of one contract's rates queue on the contract's row, so the check sees
-- every rate committed before it (under READ COMMITTED each statement takes a fresh snapshot).
CREATE FUNCTION "contract_rates_never_overlap"() RETURNS trigger AS $$
DECLARE
  clash "ContractRate"%ROWTYPE;
BEGIN
  PERFORM 1 FROM "Contract" WHERE "id" = NEW."contractId" FOR NO KEY UPDATE;
  SELECT * INTO clash FROM "ContractRate"
    WHERE "contractId" = NEW."contractId"
      AND "service" = NEW."service"
      AND "id" <> NEW."id"
      AND "effectiveFrom" < COALESCE(NEW."effectiveTo", 'infinity'::timestamp)
      AND NEW."effectiveFrom" < COALESCE("effectiveTo", 'infinity'::timestamp)
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ContractRate_never_overlap: a % rate of contract % already applies from % to %',
        NEW."service", NEW."contractId", clash."effectiveFrom", COALESCE(clash."effectiveTo"::text, 'no end')
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'ContractRate_never_overlap';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ContractRate_never_overlap"
  BEFORE INSERT OR UPDATE OF "contractId", "service", "effectiveFrom", "effectiveTo" ON "ContractRate"
  FOR EACH ROW EXECUTE FUNCTION "contract_rates_never_overlap"();
