-- Regions, organizations, the service network, accounts and sessions.
-- Timestamps are BIGINT microseconds since the Unix epoch (UTC).

CREATE TABLE regions (
    code        TEXT PRIMARY KEY CHECK (length(code) = 12),
    parent_code TEXT REFERENCES regions (code),
    level       TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'town', 'village')),
    name_ko     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    rural       BOOLEAN NOT NULL DEFAULT FALSE,
    poor        BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name_ko     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    is_leading  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX organizations_region ON organizations (region_code);

CREATE TABLE service_points (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name_ko     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX service_points_region ON service_points (region_code);

CREATE TABLE service_point_serves (
    point_id    BIGINT NOT NULL REFERENCES service_points (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (point_id, region_code)
);
CREATE INDEX service_point_serves_region ON service_point_serves (region_code);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    password_hash    TEXT NOT NULL,
    role             TEXT NOT NULL,
    scope_code       TEXT REFERENCES regions (code),
    org_id           BIGINT REFERENCES organizations (id),
    service_point_id BIGINT REFERENCES service_points (id),
    lang             TEXT NOT NULL DEFAULT 'ko',
    disabled         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_id);
CREATE INDEX users_point ON users (service_point_id);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, failed_at);

CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    rows        BIGINT NOT NULL,
    imported_at BIGINT NOT NULL
);
