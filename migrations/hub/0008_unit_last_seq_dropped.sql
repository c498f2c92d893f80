-- hub_unit.last_seq took the greatest seq of the unit's inspections and decisions, whatever
-- stream they came from: a number that meant nothing once a second station acted on the unit,
-- and that nothing read. Its two updates per push go with it.
ALTER TABLE hub_unit DROP COLUMN last_seq;
