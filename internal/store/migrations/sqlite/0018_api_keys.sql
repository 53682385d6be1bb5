-- API keys: the credentials of carriers' scanners and other systems that
-- post scans through /api/v1. A key is shown once when it is created; only
-- the SHA-256 of the whole key is kept, beside its prefix (the visible key
-- id it is looked up by). A key may scan only at its service points, and
-- stops working the moment it is revoked; revoked keys are kept for the
-- record. region_code is the region whose admins manage the key.
CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    prefix      TEXT NOT NULL UNIQUE,
    secret_hash BLOB NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    revoked_by  BIGINT REFERENCES users (id)
);
CREATE INDEX api_keys_region ON api_keys (region_code, created_at);

CREATE TABLE api_key_points (
    key_id   BIGINT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    point_id BIGINT NOT NULL REFERENCES service_points (id),
    PRIMARY KEY (key_id, point_id)
);
CREATE INDEX api_key_points_point ON api_key_points (point_id);
