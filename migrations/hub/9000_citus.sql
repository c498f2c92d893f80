-- Applied by the hub only where the citus extension exists (db.rs), after every migration; never
-- on plain PostgreSQL. Reference tables are copied to every node; the rest are distributed by
-- site_id and co-located with `station`, so a push (stream head, events, site_feed, the hub's
-- projections) is a single-shard transaction. Idempotent: a table already distributed is skipped,
-- so a table a later migration adds is distributed the next time the hub migrates.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organisation', 'site'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      PERFORM create_reference_table(t);
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'station'::regclass) THEN
    PERFORM create_distributed_table('station', 'site_id');
  END IF;
  FOREACH t IN ARRAY ARRAY['enrol_code', 'stream', 'event', 'site_feed', 'hub_parcel', 'hub_unit',
                           'hub_inspection', 'hub_decision', 'hub_print', 'hub_exception',
                           'hub_reference', 'hub_register_write', 'hub_takeover', 'hub_register',
                           'hub_conflict', 'integrator_key', 'hub_return', 'hub_sku',
                           'webhook_endpoint', 'webhook_message', 'webhook_attempt',
                           'hub_customer_erased'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      PERFORM create_distributed_table(t, 'site_id', colocate_with => 'station');
    END IF;
  END LOOP;
END $$;
