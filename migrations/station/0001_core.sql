-- Redock station schema, version 1: the core nouns of the brief and the event log.
-- Append-only: later changes are new numbered files, never edits of this one.
-- Every table but `events` and `meta` is a projection of the events (ARCHITECTURE.md, invariant 2):
-- `redock_station::projection::rebuild` empties them and replays the log.

-- Station identity and counters that are not themselves state of the dock (stream id, hlc).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The station's event stream (../shared/sync.md): dense seq, facts never change.
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,          -- 1, 2, 3, … no gaps (checked by tests)
    event_id       TEXT NOT NULL UNIQUE,         -- UUIDv7
    stream_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload        TEXT NOT NULL,                -- JSON
    payload_hash   TEXT NOT NULL,                -- sha256 hex of payload
    recorded_at    TEXT NOT NULL,                -- RFC 3339 wall clock, UTC
    hlc            TEXT NOT NULL,                -- hybrid logical clock, sortable text
    operator_id    TEXT                          -- who did it; NULL for the station itself
) STRICT;
CREATE INDEX events_kind ON events(kind);

CREATE TRIGGER events_are_facts_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are facts and never change'); END;
CREATE TRIGGER events_are_facts_no_delete BEFORE DELETE ON events
WHEN (SELECT value FROM meta WHERE key = 'pushed_upto') IS NULL
  OR OLD.seq > CAST((SELECT value FROM meta WHERE key = 'pushed_upto') AS INTEGER)
BEGIN SELECT RAISE(ABORT, 'an event is deleted only after the hub acknowledged it'); END;

CREATE TABLE site (
    site_id TEXT PRIMARY KEY,
    name    TEXT NOT NULL
) STRICT;

CREATE TABLE station (
    station_id     TEXT PRIMARY KEY,
    site_id        TEXT NOT NULL REFERENCES site(site_id),
    name           TEXT NOT NULL,
    station_number INTEGER NOT NULL CHECK (station_number BETWEEN 0 AND 999)
) STRICT;

CREATE TABLE operator (
    operator_id TEXT PRIMARY KEY,
    badge       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
    language    TEXT NOT NULL CHECK (language IN ('en', 'pl', 'ro', 'nb', 'ru')),
    pin_hash    TEXT NOT NULL,                   -- argon2id PHC string
    active      INTEGER NOT NULL DEFAULT 1,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
) STRICT;

CREATE TABLE operator_session (
    session_id  TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operator(operator_id),
    started_at  TEXT NOT NULL,
    ended_at    TEXT
) STRICT;

CREATE TABLE sku (
    sku        TEXT PRIMARY KEY,
    gtin       TEXT UNIQUE,                      -- GTIN-14
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    vendor     TEXT,
    cost_minor INTEGER NOT NULL,                 -- money in minor units of `currency`
    price_minor INTEGER NOT NULL,
    currency   TEXT NOT NULL
) STRICT;

CREATE TABLE expected_return (
    rma           TEXT PRIMARY KEY,
    shop          TEXT NOT NULL,
    order_no      TEXT NOT NULL,
    order_date    TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    customer_tier TEXT NOT NULL,
    tracking      TEXT,
    status        TEXT NOT NULL DEFAULT 'expected'
) STRICT;
CREATE INDEX expected_return_order ON expected_return(order_no);
CREATE INDEX expected_return_tracking ON expected_return(tracking);

CREATE TABLE rma_line (
    rma           TEXT NOT NULL REFERENCES expected_return(rma),
    line_no       INTEGER NOT NULL,
    sku           TEXT NOT NULL REFERENCES sku(sku),
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    serials       TEXT NOT NULL DEFAULT '[]',    -- JSON array of serials sold
    stated_reason TEXT,
    received      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (rma, line_no)
) STRICT;

CREATE TABLE parcel (
    parcel_id   TEXT PRIMARY KEY,
    code        TEXT NOT NULL,                   -- what was scanned to open it
    opened_at   TEXT NOT NULL,
    closed_at   TEXT,
    operator_id TEXT REFERENCES operator(operator_id)
) STRICT;

CREATE TABLE tote (
    tote_code   TEXT PRIMARY KEY,
    channel     TEXT,
    opened_at   TEXT NOT NULL,
    closed_at   TEXT
) STRICT;

CREATE TABLE unit (
    lpn          TEXT PRIMARY KEY,
    parcel_id    TEXT REFERENCES parcel(parcel_id),
    rma          TEXT,
    line_no      INTEGER,
    sku          TEXT REFERENCES sku(sku),
    gtin         TEXT,
    serial       TEXT,
    status       TEXT NOT NULL,                  -- received, inspected, decided, labelled, moved
    grade        TEXT,
    disposition  TEXT,
    location     TEXT,
    received_at  TEXT NOT NULL,
    operator_id  TEXT REFERENCES operator(operator_id),
    FOREIGN KEY (rma, line_no) REFERENCES rma_line(rma, line_no)
) STRICT;

CREATE TABLE inspection (
    inspection_id TEXT PRIMARY KEY,
    lpn           TEXT NOT NULL REFERENCES unit(lpn),
    grading_set   TEXT NOT NULL,
    grading_version INTEGER NOT NULL,
    grade         TEXT NOT NULL,
    axes          TEXT NOT NULL,                 -- JSON
    defects       TEXT NOT NULL DEFAULT '[]',
    found_reason  TEXT,
    handle_ms     INTEGER,
    operator_id   TEXT REFERENCES operator(operator_id),
    inspected_at  TEXT NOT NULL
) STRICT;

CREATE TABLE disposition (
    disposition_id TEXT PRIMARY KEY,
    lpn            TEXT NOT NULL REFERENCES unit(lpn),
    channel        TEXT NOT NULL CHECK (channel IN
                   ('restock','refurbish','liquidate','rtv','donate','recycle','destroy','hold')),
    rule           TEXT,
    trace          TEXT NOT NULL,                -- JSON
    decided_by     TEXT NOT NULL CHECK (decided_by IN ('rule', 'person')),
    supersedes     TEXT REFERENCES disposition(disposition_id),
    operator_id    TEXT REFERENCES operator(operator_id),
    decided_at     TEXT NOT NULL
) STRICT;

CREATE TABLE print_job (
    job_id      TEXT PRIMARY KEY,
    lpn         TEXT REFERENCES unit(lpn),
    printer     TEXT NOT NULL,
    format      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                          -- JSON
) STRICT;

-- Every read the station took, with what it was: the scan history an inspector and a supervisor see.
CREATE TABLE scan (
    seq         INTEGER PRIMARY KEY REFERENCES events(seq),
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    valid       INTEGER NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('wedge', 'manual', 'serial', 'cli')),
    matched     TEXT,                            -- JSON: what the code was found to be, if anything
    operator_id TEXT REFERENCES operator(operator_id),
    scanned_at  TEXT NOT NULL
) STRICT;

-- Per-station counter for license plates (a projection too: the highest counter in unit_received).
CREATE TABLE lpn_counter (
    station_number INTEGER PRIMARY KEY,
    last           INTEGER NOT NULL
) STRICT;
