-- Custody and registers (../shared/sync.md "Conflicts"). A unit another station of the site holds
-- now (the hub handed it over: a `custody_changed` event of origin hub) names that station's
-- stream in `custody`; NULL: this station holds it. A unit this station took over arrived with a
-- `unit_taken_over` event. `register_settled`: the hub's choice for a register written at more
-- than one station (`register_settled` events of origin hub); a unit's current grade and decision
-- follow it. Projections: a rebuild replays the events.

ALTER TABLE unit ADD COLUMN custody TEXT;

CREATE TABLE register_settled (
    lpn       TEXT NOT NULL,
    register  TEXT NOT NULL CHECK (register IN ('grade', 'disposition')),
    write_id  TEXT NOT NULL,
    heads     INTEGER NOT NULL,
    conflict  INTEGER NOT NULL,
    PRIMARY KEY (lpn, register)
) STRICT;

-- A person's decision names the other heads it settles too (`decided` v2): a JSON array.
ALTER TABLE disposition ADD COLUMN also_supersedes TEXT NOT NULL DEFAULT '[]';

-- Two stations may supersede the same decision concurrently (each a head until the hub settles):
-- the index that kept one successor per decision becomes a plain one.
DROP INDEX disposition_supersedes_once;
CREATE INDEX disposition_supersedes ON disposition(supersedes) WHERE supersedes IS NOT NULL;
