-- A push resolves the registers its batch wrote: it finds them by (stream, seq range).
-- Without this index that is a scan of every write of the site per batch.
CREATE INDEX hub_register_write_by_seq ON hub_register_write (site_id, stream_id, seq);
