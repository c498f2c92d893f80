-- Applied by the hub only where the citus extension exists (db.rs); never on plain PostgreSQL.
-- Reference tables are copied to every node; the rest are distributed by site_id and co-located,
-- so a push (stream head, events, site_feed) is a single-shard transaction.
-- Idempotent: a table already distributed is left as it is.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'organisation'::regclass) THEN
    PERFORM create_reference_table('organisation');
    PERFORM create_reference_table('site');
    PERFORM create_distributed_table('station', 'site_id');
    PERFORM create_distributed_table('enrol_code', 'site_id', colocate_with => 'station');
    PERFORM create_distributed_table('stream', 'site_id', colocate_with => 'station');
    PERFORM create_distributed_table('event', 'site_id', colocate_with => 'station');
    PERFORM create_distributed_table('site_feed', 'site_id', colocate_with => 'station');
  END IF;
END $$;
