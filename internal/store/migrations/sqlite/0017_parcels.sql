-- Parcels (internal/parcels): each shipped order of a seller inside the
-- prefecture becomes one parcel; its planned route is a list of legs
-- derived from the service-point registry when the order is shipped, and
-- every hand-over along it is a scan.
CREATE TABLE parcels (
    id              INTEGER PRIMARY KEY,
    order_id        BIGINT NOT NULL UNIQUE REFERENCES orders (id),
    buyer_id        BIGINT NOT NULL REFERENCES users (id),
    org_id          BIGINT NOT NULL REFERENCES organizations (id),
    seller_region   TEXT NOT NULL,
    dest_region     TEXT NOT NULL,
    delivery        TEXT NOT NULL CHECK (delivery IN ('pickup', 'van', 'carrier')),
    state           TEXT NOT NULL CHECK (state IN ('planned', 'in_transit', 'at_pickup', 'handed_over', 'delivered', 'with_carrier', 'returned')),
    next_leg        INTEGER NOT NULL DEFAULT 0,
    at_point_id     BIGINT REFERENCES service_points (id),
    at_since        BIGINT NOT NULL DEFAULT 0,
    pickup_point_id BIGINT REFERENCES service_points (id),
    -- The pick-up code is kept as it is: the buyer's order page shows it.
    -- Only the buyer is shown it; operators ask the buyer for it.
    pickup_code     TEXT NOT NULL DEFAULT '',
    carrier         TEXT NOT NULL DEFAULT '',
    tracking        TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX parcels_at ON parcels (at_point_id, state, at_since);
CREATE INDEX parcels_org ON parcels (org_id, state, at_since);
CREATE INDEX parcels_state ON parcels (state, at_since);
-- A pick-up code is unique among the parcels waiting at one station.
CREATE UNIQUE INDEX parcels_open_code ON parcels (pickup_point_id, pickup_code) WHERE state = 'at_pickup';

-- The planned route: legs in order. point_id is NULL for the buyer's
-- door and the national carrier's hand-over. scanned_at is when the
-- parcel was first scanned there in route order, 0 while pending.
CREATE TABLE parcel_legs (
    parcel_id   BIGINT NOT NULL REFERENCES parcels (id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('first_mile', 'express', 'logistics', 'pickup', 'van_base', 'door', 'carrier')),
    point_id    BIGINT REFERENCES service_points (id),
    region_code TEXT NOT NULL,
    scanned_at  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (parcel_id, seq)
);
CREATE INDEX parcel_legs_point ON parcel_legs (point_id, scanned_at);

-- Scans: one row per hand-over, under the client's unique scan id (so a
-- scan sent twice is recorded once). seq is the leg matched (-1 off the
-- route); user_id is the signed-in operator, key_id the machine's API
-- key (no foreign key: API keys have their own table); state is the
-- parcel's state after the scan, returned again for a repeated scan id.
CREATE TABLE parcel_scans (
    id           INTEGER PRIMARY KEY,
    scan_id      TEXT NOT NULL UNIQUE,
    parcel_id    BIGINT NOT NULL REFERENCES parcels (id),
    node         TEXT NOT NULL,
    point_id     BIGINT REFERENCES service_points (id),
    seq          INTEGER NOT NULL,
    at           BIGINT NOT NULL,
    user_id      BIGINT REFERENCES users (id),
    key_id       BIGINT,
    out_of_order BOOLEAN NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX parcel_scans_parcel ON parcel_scans (parcel_id, id);
