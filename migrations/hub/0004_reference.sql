-- The reference data the hub holds for a site, written at the hub (`redock hub admin operator |
-- grading-set | rules | vendor | setting`): one row per thing at its latest state, with the change
-- number of its last write from the site's counter row (site_feed), taken in the same transaction.
-- The pull sends a row once per write after a station's cursor (a later write moves the row past
-- it); the snapshot is these rows and the counter read in one REPEATABLE READ transaction.
-- `body` is the row's JSON as the feed sends it (redock_events::feed::Reference), without the PIN
-- hash: that is `pin_hash`, sent only in this site's feed and never written to an event.

-- distributed by site_id
CREATE TABLE hub_reference (
    site_id    text NOT NULL REFERENCES site(site_id),
    kind       text NOT NULL CHECK (kind IN ('operator', 'grading_set', 'rules', 'vendor_agreement', 'setting')),
    key        text NOT NULL,
    body       text NOT NULL,
    pin_hash   text,
    change_no  bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, kind, key),
    UNIQUE (site_id, change_no)
);
-- An operator's badge is unique within its site.
CREATE UNIQUE INDEX hub_reference_badge ON hub_reference (site_id, (body::jsonb ->> 'badge'))
    WHERE kind = 'operator';
-- The snapshot reads the station facts a new station takes in (redock_events::feed::RELAYED_KINDS)
-- without a pass over every scan and inspection of the site.
CREATE INDEX event_relayed ON event (site_id, change_no)
    WHERE origin = 'station' AND quarantine IS NULL
      AND kind IN ('rma_added', 'sku_added', 'shop_configured', 'vendor_agreement_set', 'customer_erased');
