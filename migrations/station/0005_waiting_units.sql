-- Units waiting for inspection: a unit the desk moved on from before it was graded is parked
-- (status 'waiting', with its LPN label printed) until its LPN is scanned again. Projection of
-- unit_parked / inspection_started events.
ALTER TABLE unit ADD COLUMN parked_at TEXT;
CREATE INDEX unit_waiting ON unit(parked_at) WHERE status = 'waiting';
