-- Redock hub schema, version 1: tenancy, enrolment, the stations' event streams and the per-site
-- change feed (../shared/sync.md). Append-only: later changes are new numbered files.
--
-- Citus's rules, kept so the hub can be distributed by site: every table is either a reference
-- table (small, copied to every node: organisation, site) or distributed by site_id, with site_id
-- in its primary key and every unique constraint; foreign keys only to reference tables or between
-- tables distributed by site_id that include site_id; bigint keys. (tests/citus_rules.rs reads
-- this file; 9000_citus.sql distributes the tables where the citus extension exists.)

-- reference
CREATE TABLE organisation (
    org_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- reference
CREATE TABLE site (
    site_id    text PRIMARY KEY CHECK (site_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    org_id     bigint NOT NULL REFERENCES organisation(org_id),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- distributed by site_id: one-time enrolment codes, stored hashed (SHA-256 of the code).
CREATE TABLE enrol_code (
    site_id    text NOT NULL REFERENCES site(site_id),
    code_hash  text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    used_by    text,
    PRIMARY KEY (site_id, code_hash)
);

-- distributed by site_id: enrolled stations and their tokens (SHA-256 of the token; the token
-- itself is shown once, to the station).
CREATE TABLE station (
    site_id         text NOT NULL REFERENCES site(site_id),
    station_id      text NOT NULL,
    name            text NOT NULL,
    token_hash      text NOT NULL,
    token_issued_at timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz,
    backlog         bigint,
    PRIMARY KEY (site_id, station_id)
);

-- distributed by site_id: one row per station stream, the head locked by every push.
CREATE TABLE stream (
    site_id    text NOT NULL,
    stream_id  uuid NOT NULL,
    station_id text NOT NULL,
    head_seq   bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, stream_id),
    FOREIGN KEY (site_id, station_id) REFERENCES station(site_id, station_id)
);

-- distributed by site_id: every event of every stream, exactly once. `payload` is the text the
-- station hashed (jsonb would reorder it); `quarantine` holds the code of an event this hub cannot
-- apply (unknown kind, newer version): kept and acknowledged so the stream is not blocked.
-- `change_no` orders the site's feed in commit order (site_feed).
CREATE TABLE event (
    site_id        text NOT NULL,
    stream_id      uuid NOT NULL,
    seq            bigint NOT NULL CHECK (seq > 0),
    event_id       uuid NOT NULL,
    kind           text NOT NULL,
    schema_version integer NOT NULL,
    origin         text NOT NULL CHECK (origin IN ('station', 'hub')),
    payload        text,
    payload_hash   text NOT NULL,
    recorded_at    timestamptz,
    hlc            text,
    operator_id    text,
    quarantine     text,
    change_no      bigint NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, stream_id, seq),
    UNIQUE (site_id, change_no),
    FOREIGN KEY (site_id, stream_id) REFERENCES stream(site_id, stream_id)
);
CREATE INDEX event_quarantined ON event (site_id, stream_id, seq) WHERE quarantine IS NOT NULL;

-- distributed by site_id: the per-site change counter. `UPDATE … SET n = n + k RETURNING n` in the
-- writing transaction: the row lock orders writers per site, a rollback gives the numbers back, so
-- a reader's cursor never skips a row that committed late.
CREATE TABLE site_feed (
    site_id text PRIMARY KEY REFERENCES site(site_id),
    n       bigint NOT NULL DEFAULT 0
);
