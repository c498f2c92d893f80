-- The event log made fit to leave the station (crates/redock-events):
-- * every event says whose fact it is: the station's own, or reference data from the hub;
-- * no projection table references events(seq), so acknowledged events can be compacted away
--   (scan, receiving_exception and inspection_draft are rebuilt without that foreign key);
-- * personal data and secrets leave the facts: customers' names move to `customer` (erased by a
--   `customer_erased` event, remembered in `customer_erasure`), PIN hashes to `operator_secret`.
--   Neither of the two is a projection: a rebuild keeps them.
-- * a compaction's snapshot of the projections (`log_snapshot`, `meta.snapshot_upto`).
-- After this SQL, store.rs runs `log_upgrade::to_v2`: it brings every event to its kind's current
-- version (the upcasters), hashes each envelope, puts back the no-update trigger dropped here, and
-- rebuilds the projections.

ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'station' CHECK (origin IN ('station', 'hub'));
DROP TRIGGER events_are_facts_no_update;

CREATE TABLE scan_v8 (
    seq         INTEGER PRIMARY KEY,             -- the scan's event (no foreign key: compaction)
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    valid       INTEGER NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('wedge', 'manual', 'serial', 'cli')),
    matched     TEXT,                            -- JSON: the log's match (found: returns/product/unit)
    operator_id TEXT REFERENCES operator(operator_id),
    scanned_at  TEXT NOT NULL
) STRICT;
INSERT INTO scan_v8 SELECT seq, text, kind, valid, source, matched, operator_id, scanned_at FROM scan;
DROP TABLE scan;
ALTER TABLE scan_v8 RENAME TO scan;
CREATE INDEX scan_lpn ON scan(seq) WHERE kind = 'lpn';

CREATE TABLE receiving_exception_v8 (
    seq         INTEGER PRIMARY KEY,             -- the exception's event (no foreign key: compaction)
    parcel_id   TEXT REFERENCES parcel(parcel_id),
    lpn         TEXT REFERENCES unit(lpn),
    rma         TEXT,
    line_no     INTEGER,
    kind        TEXT NOT NULL CHECK (kind IN ('unexpected_return', 'wrong_item', 'extra_item',
                'missing_item', 'serial_mismatch', 'empty_box', 'damaged_in_transit', 'late_return',
                'label_missing')),
    details     TEXT NOT NULL,                   -- JSON: what the inspector saw
    operator_id TEXT REFERENCES operator(operator_id),
    recorded_at TEXT NOT NULL
) STRICT;
INSERT INTO receiving_exception_v8
    SELECT seq, parcel_id, lpn, rma, line_no, kind, details, operator_id, recorded_at FROM receiving_exception;
DROP TABLE receiving_exception;
ALTER TABLE receiving_exception_v8 RENAME TO receiving_exception;
CREATE INDEX receiving_exception_parcel ON receiving_exception(parcel_id);
CREATE INDEX receiving_exception_lpn ON receiving_exception(lpn);
CREATE INDEX receiving_exception_rma ON receiving_exception(rma);

CREATE TABLE inspection_draft_v8 (
    lpn             TEXT PRIMARY KEY REFERENCES unit(lpn),
    grading_set     TEXT NOT NULL,
    grading_version INTEGER NOT NULL,
    steps           TEXT NOT NULL DEFAULT '[]',
    started_at      TEXT NOT NULL,
    touched_seq     INTEGER NOT NULL,            -- the last event that touched it (no foreign key)
    operator_id     TEXT REFERENCES operator(operator_id)
) STRICT;
INSERT INTO inspection_draft_v8
    SELECT lpn, grading_set, grading_version, steps, started_at, touched_seq, operator_id FROM inspection_draft;
DROP TABLE inspection_draft;
ALTER TABLE inspection_draft_v8 RENAME TO inspection_draft;
CREATE INDEX inspection_draft_touched ON inspection_draft(touched_seq);

-- Personal data, out of the facts. The latest name recorded for a customer wins.
CREATE TABLE customer (
    customer_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL
) STRICT;
INSERT INTO customer (customer_id, name)
    SELECT customer_id, customer_name FROM expected_return e
    WHERE rowid = (SELECT max(rowid) FROM expected_return WHERE customer_id = e.customer_id);
ALTER TABLE expected_return DROP COLUMN customer_name;

-- A projection: which customers were erased, when, by whom, why (the screens say "erased").
CREATE TABLE customer_erasure (
    customer_id TEXT PRIMARY KEY,
    erased_at   TEXT NOT NULL,
    operator_id TEXT,
    reason      TEXT
) STRICT;

-- Secrets, out of the facts: an operator's PIN hash (argon2id PHC string).
CREATE TABLE operator_secret (
    operator_id TEXT PRIMARY KEY,
    pin_hash    TEXT NOT NULL
) STRICT;
INSERT INTO operator_secret (operator_id, pin_hash) SELECT operator_id, pin_hash FROM operator;
ALTER TABLE operator DROP COLUMN pin_hash;

-- Compaction: the projections as they stood after event `meta.snapshot_upto`, one JSON object per
-- row; a rebuild loads them and replays the events after it.
CREATE TABLE log_snapshot (
    table_name TEXT NOT NULL,
    row        TEXT NOT NULL
) STRICT;
