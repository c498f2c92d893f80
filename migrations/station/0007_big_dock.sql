-- A year at a big dock (a million units, ten million events): the indexes the scan, saving an
-- inspection and the desk's refresh need so that none of them reads a table that grows with the
-- year. The queries are in crates/redock-station/src/queries.rs; tests/it/query_plans.rs reads
-- their plans and fails on a scan of a growing table. IF NOT EXISTS: a development database that
-- already has one of them migrates all the same.

-- A parcel's units (is the box empty? what is in it?).
CREATE INDEX IF NOT EXISTS unit_parcel ON unit(parcel_id);
-- The supervisors' queue: only held units are in it.
CREATE INDEX IF NOT EXISTS unit_held ON unit(lpn) WHERE status = 'held';
-- RMAs still waiting for a product, newest first: only the lines not fully received are in it
-- (a year's returns that never came stay there; the scan shows the latest few).
CREATE INDEX IF NOT EXISTS rma_line_open ON rma_line(sku) WHERE received < quantity;
-- Repeat returners: a customer's returns.
CREATE INDEX IF NOT EXISTS expected_return_customer ON expected_return(customer_id);
-- A unit's fraud signals: its own exceptions and its RMA's late return (its parcel's empty box
-- uses receiving_exception_parcel).
CREATE INDEX IF NOT EXISTS receiving_exception_lpn ON receiving_exception(lpn);
CREATE INDEX IF NOT EXISTS receiving_exception_rma ON receiving_exception(rma);
-- CMD:REPRINT: the last decided unit scanned by its LPN, read from the end.
CREATE INDEX IF NOT EXISTS scan_lpn ON scan(seq) WHERE kind = 'lpn';
-- Log-in ends the sessions left open: only open ones are in it.
CREATE INDEX IF NOT EXISTS operator_session_open ON operator_session(session_id) WHERE ended_at IS NULL;
