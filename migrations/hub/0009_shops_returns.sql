-- Shops and their expected returns (#15). A shop sends its returns to one site (its returns
-- warehouse); an integrator key is the shop's, scoped to that site and that shop. The shop and
-- each return are reference rows of the site's feed (`hub_reference`, kinds `shop` and `rma`),
-- so they reach the site's stations as every other piece of reference data does; `hub_return`
-- holds what the API needs beside them (the shop, the revision, when).

CREATE TABLE integrator_key (
    site_id    text NOT NULL REFERENCES site(site_id),
    key_id     text NOT NULL,
    shop       text NOT NULL,
    key_hash   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (site_id, key_id)
);

CREATE TABLE hub_return (
    site_id     text NOT NULL REFERENCES site(site_id),
    rma         text NOT NULL,
    shop        text NOT NULL,
    customer_id text NOT NULL,
    revision    integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, rma)
);

-- The SKUs the site's stations know (from their `sku_added` facts): a return's lines must name one.
CREATE TABLE hub_sku (
    site_id text NOT NULL,
    sku     text NOT NULL,
    PRIMARY KEY (site_id, sku)
);

-- A return's customer's name: personal data, kept out of the row's body, sent only to the
-- stations of the site, and erased with the customer.
ALTER TABLE hub_reference ADD COLUMN personal text;

-- Whether a return arrived: a unit received against it, or a parcel opened by its code.
CREATE INDEX hub_unit_rma ON hub_unit (site_id, rma);
CREATE INDEX hub_parcel_code ON hub_parcel (site_id, code);

ALTER TABLE hub_reference DROP CONSTRAINT hub_reference_kind_check;
ALTER TABLE hub_reference ADD CONSTRAINT hub_reference_kind_check
    CHECK (kind IN ('operator', 'grading_set', 'rules', 'vendor_agreement', 'setting', 'custody', 'register',
                    'shop', 'rma'));
