-- 0009: parcels that arrive without a readable label (CMD:NOLABEL). The desk finds their return
-- from what is inside:
-- * by a product's serial: `rma_serial` is the serials sold, one row each (a projection of
--   `rma_added`, as `rma_line.serials` is), so the lookup is an index seek, not a read of every
--   line's JSON;
-- * by the customer's name typed: `customer.search` is the name folded (lower case, no accents;
--   `redock_domain::words::fold_name`), filled in Rust after this file runs.

CREATE TABLE rma_serial (
    serial  TEXT NOT NULL,
    rma     TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    PRIMARY KEY (serial, rma, line_no),
    FOREIGN KEY (rma, line_no) REFERENCES rma_line(rma, line_no)
) STRICT, WITHOUT ROWID;
INSERT INTO rma_serial (serial, rma, line_no)
    SELECT DISTINCT s.value, l.rma, l.line_no FROM rma_line l, json_each(l.serials) s
    WHERE s.type = 'text' AND s.value <> '';

ALTER TABLE customer ADD COLUMN search TEXT NOT NULL DEFAULT '';
