-- A decision says what the customer gets back for the unit (#15): the refund as the `decided`
-- event (v3) has it, JSON `{kind, fee_bp, amount_minor}`; NULL for decisions made before refunds
-- (a person decides those).
ALTER TABLE disposition ADD COLUMN refund TEXT;
