-- Token rotation: a station trades its token for a new one (on request, and by schedule from its
-- sync thread). The token it used stays valid for a grace period, so a station that stopped
-- between the hub's commit and its own write of the new token is not locked out: it goes on with
-- the old one and rotates again.
ALTER TABLE station ADD COLUMN prev_token_hash text;
ALTER TABLE station ADD COLUMN prev_valid_until timestamptz;
