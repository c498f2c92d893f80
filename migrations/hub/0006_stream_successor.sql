-- A station restored from an old backup (or a copy of its database on a second machine) reuses
-- seqs the hub holds (`seq_conflict`). It never renumbers: it starts a new stream that continues
-- the old one from the first seq they disagree on (../shared/sync.md, "Restored or cloned
-- stations"). The old stream is closed: it takes no more events, and a push to it is answered
-- `stream_closed` with its successor, so a second copy of the database still pushing is caught.
ALTER TABLE stream ADD COLUMN first_seq bigint NOT NULL DEFAULT 1;
ALTER TABLE stream ADD COLUMN continues uuid;
ALTER TABLE stream ADD COLUMN succeeded_by uuid;
ALTER TABLE stream ADD COLUMN closed_at timestamptz;
-- Co-located by site_id (both ends are rows of `stream`).
ALTER TABLE stream ADD CONSTRAINT stream_continues_fk
    FOREIGN KEY (site_id, continues) REFERENCES stream(site_id, stream_id);
