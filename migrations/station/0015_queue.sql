-- The supervisors' queue (#16 item 2). The queue's items are read from the current state (held
-- units, units waiting for inspection, registers the hub settled with a conflict); what
-- supervisors did to an item and whether it breached its SLA is kept per item and episode here,
-- from `queue_changed` and `sla_breached` events. `paused_seconds` is the paused time of
-- earlier pauses; a pause under way is `paused_at`.
CREATE TABLE queue_state (
    kind           TEXT NOT NULL CHECK (kind IN ('hold', 'waiting', 'conflict')),
    lpn            TEXT NOT NULL,
    episode        TEXT NOT NULL,
    assigned_to    TEXT,
    extended_hours INTEGER NOT NULL DEFAULT 0,
    paused_at      TEXT,
    pause_reason   TEXT,
    paused_seconds INTEGER NOT NULL DEFAULT 0,
    breached_at    TEXT,
    PRIMARY KEY (kind, lpn, episode)
) STRICT, WITHOUT ROWID;

-- When the hub first said a register is in conflict (the conflict's clock).
ALTER TABLE register_settled ADD COLUMN since TEXT;
CREATE INDEX register_conflict ON register_settled(lpn) WHERE conflict = 1;
