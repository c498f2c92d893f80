-- The customers erased at the site's stations (from their pushed `customer_erased` facts): a
-- return a shop sends again for an erased customer is stored without the name.
CREATE TABLE hub_customer_erased (
    site_id     text NOT NULL,
    customer_id text NOT NULL,
    PRIMARY KEY (site_id, customer_id)
);
