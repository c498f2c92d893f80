-- The hub's view of its sites: parcels, units, inspections, decisions, labels and exceptions, as
-- the union of the stations' facts. Written only by the push transaction (projection.rs, set-based
-- SQL over the batch's events) and by a rebuild, which replays `event` through the same SQL.
-- Every table is distributed by site_id (Citus rules, tests/citus_rules.rs).

CREATE TABLE hub_parcel (
    site_id    text NOT NULL,
    parcel_id  text NOT NULL,
    stream_id  uuid NOT NULL,
    code       text NOT NULL,
    code_kind  text,
    opened_at  timestamptz,
    closed_at  timestamptz,
    damaged    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (site_id, parcel_id)
);

CREATE TABLE hub_unit (
    site_id      text NOT NULL,
    lpn          text NOT NULL,
    stream_id    uuid NOT NULL,
    parcel_id    text,
    rma          text,
    sku          text,
    serial       text,
    received_at  timestamptz,
    grade        text,
    disposition  text,
    destination  text,
    last_seq     bigint NOT NULL,
    PRIMARY KEY (site_id, lpn)
);

CREATE TABLE hub_inspection (
    site_id        text NOT NULL,
    inspection_id  text NOT NULL,
    lpn            text NOT NULL,
    grading_set    text NOT NULL,
    grade          text NOT NULL,
    handle_ms      bigint,
    operator_id    text,
    inspected_at   timestamptz,
    PRIMARY KEY (site_id, inspection_id)
);

CREATE TABLE hub_decision (
    site_id         text NOT NULL,
    disposition_id  text NOT NULL,
    lpn             text NOT NULL,
    channel         text NOT NULL,
    reason          text NOT NULL,
    rule            text,
    decided_by      text NOT NULL,
    supersedes      text,
    operator_id     text,
    decided_at      timestamptz,
    PRIMARY KEY (site_id, disposition_id)
);

CREATE TABLE hub_print (
    site_id     text NOT NULL,
    job_id      text NOT NULL,
    lpn         text NOT NULL,
    reason      text NOT NULL,
    printed     boolean NOT NULL DEFAULT false,
    attempts    integer NOT NULL DEFAULT 0,
    queued_at   timestamptz,
    PRIMARY KEY (site_id, job_id)
);

CREATE TABLE hub_exception (
    site_id    text NOT NULL,
    stream_id  uuid NOT NULL,
    seq        bigint NOT NULL,
    kind       text NOT NULL,
    parcel_id  text,
    lpn        text,
    rma        text,
    recorded_at timestamptz,
    PRIMARY KEY (site_id, stream_id, seq)
);
