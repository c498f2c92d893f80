-- Webhooks out (#15): a shop's endpoints, the messages owed to each (the outbox, written in the
-- push transaction that recorded the fact) and every attempt to deliver one (the delivery log).
-- Standard Webhooks: a message id stable across attempts, HMAC-SHA256 over id.timestamp.body.

CREATE TABLE webhook_endpoint (
    site_id              text NOT NULL REFERENCES site(site_id),
    endpoint_id          text NOT NULL,
    shop                 text NOT NULL,
    url                  text NOT NULL,
    types                text[] NOT NULL,
    -- `whsec_<base64>`: an HMAC key must be usable to sign, so it is kept, not hashed; it is
    -- shown once, when made or rotated.
    secret               text NOT NULL,
    previous_secret      text,
    previous_valid_until timestamptz,
    disabled_at          timestamptz,
    disabled_reason      text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, endpoint_id)
);

CREATE TABLE webhook_message (
    site_id      text NOT NULL,
    endpoint_id  text NOT NULL,
    msg_id       text NOT NULL,
    type         text NOT NULL,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    next_at      timestamptz NOT NULL DEFAULT now(),
    last_code    integer,
    last_error   text,
    delivered_at timestamptz,
    -- The deliverer's claim on the message for one attempt: an attempt's outcome is recorded only
    -- while its claim stands, so a redelivery asked for during the attempt is not swallowed.
    lease        text,
    PRIMARY KEY (site_id, endpoint_id, msg_id)
);
-- The deliverer's question: what is due, oldest first (across sites: a reader, not the write path).
CREATE INDEX webhook_message_due ON webhook_message (next_at) WHERE state = 'pending';

CREATE TABLE webhook_attempt (
    site_id     text NOT NULL,
    endpoint_id text NOT NULL,
    msg_id      text NOT NULL,
    attempt     integer NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    code        integer,
    latency_ms  integer NOT NULL,
    error       text,
    PRIMARY KEY (site_id, endpoint_id, msg_id, attempt)
);

-- A parcel is found by its tracking number too: `return.received` for the returns it carries.
ALTER TABLE hub_return ADD COLUMN tracking text;
