-- Inspection and disposition at the desk: inspections in progress (their steps, so undo and a
-- crash lose nothing), vendor return agreements, and the columns a saved inspection and a
-- decision need. Every table here is a projection of events.

-- One inspection in progress per unit. The steps are the inspector's answers in order (JSON array
-- of grading::Step); the state is recomputed from them. `touched_seq` says which one is current.
CREATE TABLE inspection_draft (
    lpn             TEXT PRIMARY KEY REFERENCES unit(lpn),
    grading_set     TEXT NOT NULL,
    grading_version INTEGER NOT NULL,
    steps           TEXT NOT NULL DEFAULT '[]',
    started_at      TEXT NOT NULL,
    touched_seq     INTEGER NOT NULL REFERENCES events(seq),
    operator_id     TEXT REFERENCES operator(operator_id)
) STRICT;
CREATE INDEX inspection_draft_touched ON inspection_draft(touched_seq);

ALTER TABLE inspection ADD COLUMN photos TEXT NOT NULL DEFAULT '[]';      -- JSON: sha256 list
ALTER TABLE inspection ADD COLUMN stated_reason TEXT;
ALTER TABLE inspection ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';       -- JSON: fraud flags
ALTER TABLE inspection ADD COLUMN settled TEXT NOT NULL DEFAULT '{}';     -- JSON: how the grade was reached
ALTER TABLE inspection ADD COLUMN external TEXT NOT NULL DEFAULT '{}';    -- JSON: Amazon, eBay, CTIA values
ALTER TABLE inspection ADD COLUMN started_at TEXT;
CREATE INDEX inspection_lpn ON inspection(lpn);
CREATE INDEX inspection_operator_day ON inspection(operator_id, inspected_at);

ALTER TABLE disposition ADD COLUMN destination TEXT;
ALTER TABLE disposition ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE disposition ADD COLUMN recovery_minor INTEGER;
ALTER TABLE disposition ADD COLUMN currency TEXT;
-- A person's reason for an override (or for an inspector's hold).
ALTER TABLE disposition ADD COLUMN note TEXT;
CREATE INDEX disposition_lpn ON disposition(lpn);

-- A unit's current decision is the one no later decision supersedes.
CREATE UNIQUE INDEX disposition_supersedes_once ON disposition(supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE vendor_agreement (
    vendor      TEXT PRIMARY KEY,
    rtv         TEXT NOT NULL CHECK (rtv IN ('eligible', 'forced', 'prohibited')),
    window_days INTEGER NOT NULL CHECK (window_days >= 0),
    credit_bp   INTEGER NOT NULL CHECK (credit_bp BETWEEN 0 AND 10000)
) STRICT;
