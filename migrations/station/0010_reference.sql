-- The grading sets and the disposition table in force at this station, as the hub put them
-- (`grading_set_adopted`, `rules_adopted` events of origin hub). Projections: a rebuild replays
-- them. No row: the embedded demo sets and table.

CREATE TABLE grading_set (
    set_id     TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,
    adopted_at TEXT NOT NULL
) STRICT;

CREATE TABLE rule_table (
    slot       INTEGER PRIMARY KEY CHECK (slot = 1),
    table_id   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,
    adopted_at TEXT NOT NULL
) STRICT;
