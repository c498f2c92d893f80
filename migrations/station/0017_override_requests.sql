-- Override requests (#16 item 2): an operator asks a supervisor to look at a unit's decision;
-- an open request (not dismissed, its decision still the unit's) is an item of the queue, kind
-- `request`, whose episode is the request. `queue_state` takes the new kind and `closed_at` (a
-- request a supervisor dismissed).
CREATE TABLE override_request (
    request_id     TEXT PRIMARY KEY,
    lpn            TEXT NOT NULL,
    disposition_id TEXT NOT NULL,
    channel        TEXT,
    note           TEXT NOT NULL,
    operator_id    TEXT,
    requested_at   TEXT NOT NULL
) STRICT;
CREATE INDEX override_request_lpn ON override_request(lpn);

CREATE TABLE queue_state_v2 (
    kind           TEXT NOT NULL CHECK (kind IN ('hold', 'waiting', 'conflict', 'request')),
    lpn            TEXT NOT NULL,
    episode        TEXT NOT NULL,
    assigned_to    TEXT,
    extended_hours INTEGER NOT NULL DEFAULT 0,
    paused_at      TEXT,
    pause_reason   TEXT,
    paused_seconds INTEGER NOT NULL DEFAULT 0,
    breached_at    TEXT,
    closed_at      TEXT,
    PRIMARY KEY (kind, lpn, episode)
) STRICT, WITHOUT ROWID;
INSERT INTO queue_state_v2 (kind, lpn, episode, assigned_to, extended_hours, paused_at, pause_reason,
                            paused_seconds, breached_at)
SELECT kind, lpn, episode, assigned_to, extended_hours, paused_at, pause_reason, paused_seconds, breached_at
  FROM queue_state;
DROP TABLE queue_state;
ALTER TABLE queue_state_v2 RENAME TO queue_state;
