-- Receiving: parcels linked to the expected returns they carry, the exceptions settled at the
-- scanner, and each shop's return window and RMA format.

CREATE TABLE shop (
    shop               TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    rma_pattern        TEXT NOT NULL,          -- regular expression over the whole RMA code
    return_window_days INTEGER NOT NULL CHECK (return_window_days >= 0)
) STRICT;

ALTER TABLE parcel ADD COLUMN code_kind TEXT;
ALTER TABLE parcel ADD COLUMN carrier TEXT;
ALTER TABLE parcel ADD COLUMN condition TEXT NOT NULL DEFAULT 'ok';

-- One parcel can hold several RMAs; one RMA can come in several parcels.
CREATE TABLE parcel_rma (
    parcel_id TEXT NOT NULL REFERENCES parcel(parcel_id),
    rma       TEXT NOT NULL REFERENCES expected_return(rma),
    PRIMARY KEY (parcel_id, rma)
) STRICT;
CREATE INDEX parcel_rma_rma ON parcel_rma(rma);

CREATE TABLE receiving_exception (
    seq         INTEGER PRIMARY KEY REFERENCES events(seq),
    parcel_id   TEXT REFERENCES parcel(parcel_id),
    lpn         TEXT REFERENCES unit(lpn),
    rma         TEXT,
    line_no     INTEGER,
    kind        TEXT NOT NULL CHECK (kind IN ('unexpected_return', 'wrong_item', 'extra_item',
                'missing_item', 'serial_mismatch', 'empty_box', 'damaged_in_transit', 'late_return')),
    details     TEXT NOT NULL,                 -- JSON: what the inspector saw
    operator_id TEXT REFERENCES operator(operator_id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX receiving_exception_parcel ON receiving_exception(parcel_id);

-- At most one parcel open at a desk at a time.
CREATE UNIQUE INDEX parcel_one_open ON parcel((1)) WHERE closed_at IS NULL;
