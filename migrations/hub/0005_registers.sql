-- Registers, conflicts and custody (../shared/sync.md "Conflicts"). Facts never conflict; a unit's
-- current grade and disposition are registers. Every write of a register is kept here with what it
-- supersedes: the write it names (`supersedes`), the earlier writes of its own stream (a station
-- saw what it wrote before), and the writes its stream was handed with the unit when it took the
-- unit over (`hub_takeover.seen`). The register's value is the winner among the writes nothing
-- supersedes (the heads): highest authority (supervisor override 3 > rule 2 > inspector 1), then
-- the latest hybrid logical clock, then the stream id. Heads of the top authority with different
-- values are a conflict the hub cannot settle: a row in hub_conflict until a write supersedes
-- them or outranks them. All of it is a function of the set of writes (not of the order pushes
-- arrive in), so a rebuild from the events gives the same rows (projection.rs, registers.rs).
-- Location comes with the sorting-into-containers issue, as a third register.

-- distributed by site_id
CREATE TABLE hub_register_write (
    site_id     text NOT NULL,
    lpn         text NOT NULL,
    register    text NOT NULL CHECK (register IN ('grade', 'disposition')),
    write_id    text NOT NULL,
    value       text NOT NULL,
    authority   smallint NOT NULL,
    hlc         text,
    stream_id   uuid NOT NULL,
    seq         bigint NOT NULL,
    supersedes  text[] NOT NULL,
    PRIMARY KEY (site_id, lpn, register, write_id)
);

-- A station took a unit over from the station that held it (a `unit_taken_over` fact): its later
-- writes supersede what it was handed.
-- distributed by site_id
CREATE TABLE hub_takeover (
    site_id      text NOT NULL,
    stream_id    uuid NOT NULL,
    seq          bigint NOT NULL,
    lpn          text NOT NULL,
    from_stream  uuid,
    seen         text[] NOT NULL,
    PRIMARY KEY (site_id, stream_id, seq)
);
CREATE INDEX hub_takeover_lpn ON hub_takeover (site_id, lpn);

-- A register's value now: the winning head and how many heads there are.
-- distributed by site_id
CREATE TABLE hub_register (
    site_id    text NOT NULL,
    lpn        text NOT NULL,
    register   text NOT NULL,
    write_id   text NOT NULL,
    value      text NOT NULL,
    authority  smallint NOT NULL,
    stream_id  uuid NOT NULL,
    heads      integer NOT NULL,
    PRIMARY KEY (site_id, lpn, register)
);

-- The conflict queue: registers whose top-authority heads disagree. `heads` is the heads as a
-- JSON array sorted by write id ({write_id, value, authority, stream_id, hlc}); the register
-- meanwhile holds the latest of them by hybrid logical clock.
-- distributed by site_id
CREATE TABLE hub_conflict (
    site_id   text NOT NULL,
    lpn       text NOT NULL,
    register  text NOT NULL,
    heads     jsonb NOT NULL,
    PRIMARY KEY (site_id, lpn, register)
);

-- The receipt's place in its stream, to hand the unit's facts over without a search of the log.
ALTER TABLE hub_unit ADD COLUMN received_seq bigint;

-- The feed carries two more kinds written at the hub: `custody` (which station holds a unit, once
-- it moved from the one that received it) and `register` (the hub's settlement of a register with
-- more than one head).
ALTER TABLE hub_reference DROP CONSTRAINT hub_reference_kind_check;
ALTER TABLE hub_reference ADD CONSTRAINT hub_reference_kind_check
    CHECK (kind IN ('operator', 'grading_set', 'rules', 'vendor_agreement', 'setting', 'custody', 'register'));

-- Where a decision sends the unit, so the unit row shows the winning decision's destination.
ALTER TABLE hub_decision ADD COLUMN destination text;
