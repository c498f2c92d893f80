-- A station restored from an old backup goes on in a new stream (sync.rs, `continue_stream`) and
-- takes back from the hub the facts of its former stream this database lost (`take_back`). An
-- LPN the restored database gave out again to another unit is not merged: it is listed here
-- (not a projection: a rebuild keeps it) until a person relabels one of the two units.
CREATE TABLE lpn_reused (
    lpn           TEXT PRIMARY KEY,
    former_stream TEXT NOT NULL,
    seq           INTEGER NOT NULL,                -- the lost receipt's place in that stream
    noted_at      TEXT NOT NULL
) STRICT;
