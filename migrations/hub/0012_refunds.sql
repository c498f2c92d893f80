-- Refunds (#15): a decision's refund at the hub, a unit's line of its return, and what the
-- shop was last told of a completed return (`return.completed` is sent again only when that
-- changes: a supervisor's override after completion).
ALTER TABLE hub_decision ADD COLUMN refund_kind text,
                         ADD COLUMN refund_fee_bp integer,
                         ADD COLUMN refund_minor bigint,
                         ADD COLUMN currency text;
ALTER TABLE hub_unit ADD COLUMN line_no integer;
ALTER TABLE hub_return ADD COLUMN completed_digest text,
                       ADD COLUMN completed_at timestamptz,
                       ADD COLUMN completed_rev integer NOT NULL DEFAULT 0;

-- What the hub held before: read again from the facts.
UPDATE hub_unit u SET line_no = (e.payload::jsonb ->> 'line_no')::integer
  FROM event e
 WHERE e.site_id = u.site_id AND e.stream_id = u.stream_id AND e.seq = u.received_seq
   AND e.kind = 'unit_received' AND e.quarantine IS NULL;
-- Units received before 0005 recorded the receipt's place: found by their stream and LPN.
UPDATE hub_unit u SET line_no = (e.payload::jsonb ->> 'line_no')::integer
  FROM event e
 WHERE u.received_seq IS NULL AND u.line_no IS NULL
   AND e.site_id = u.site_id AND e.stream_id = u.stream_id AND e.kind = 'unit_received'
   AND e.quarantine IS NULL AND e.payload::jsonb ->> 'lpn' = u.lpn;
UPDATE hub_decision d SET currency = x.p ->> 'currency',
                          refund_kind = x.p -> 'refund' ->> 'kind',
                          refund_fee_bp = (x.p -> 'refund' ->> 'fee_bp')::integer,
                          refund_minor = (x.p -> 'refund' ->> 'amount_minor')::bigint
  FROM (SELECT site_id, payload::jsonb AS p FROM event WHERE kind = 'decided' AND quarantine IS NULL) x
 WHERE x.site_id = d.site_id AND x.p ->> 'disposition_id' = d.disposition_id;
