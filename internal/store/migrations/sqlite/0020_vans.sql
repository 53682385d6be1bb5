-- Delivery vans and their daily runs. A van is based at a logistics
-- centre or an express end-point and covers the villages its base serves;
-- a run is one van's round on one day (YYYY-MM-DD in China), stopping at
-- villages in order, each stop with the parcels for it. Instants are
-- BIGINT microseconds since the Unix epoch (UTC).
CREATE TABLE vans (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    base_id     BIGINT NOT NULL REFERENCES service_points (id),
    plate       TEXT NOT NULL UNIQUE,
    capacity_kg BIGINT NOT NULL CHECK (capacity_kg > 0),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX vans_base ON vans (base_id);

-- A van's run on a day: open while a parcel on it has no outcome, closed
-- (closed_at set) once each is delivered, undelivered or returned.
-- capacity_kg is the van's when the run was planned, load_g the weight
-- loaded.
CREATE TABLE van_runs (
    id          INTEGER PRIMARY KEY,
    van_id      BIGINT NOT NULL REFERENCES vans (id),
    day         TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    capacity_kg BIGINT NOT NULL,
    load_g      BIGINT NOT NULL CHECK (load_g >= 0),
    planned_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    closed_at   BIGINT,
    UNIQUE (van_id, day)
);
CREATE INDEX van_runs_day ON van_runs (day);

-- The stops of a run in order (seq from 1), one per village or town.
CREATE TABLE van_run_stops (
    run_id      BIGINT NOT NULL REFERENCES van_runs (id),
    seq         INTEGER NOT NULL CHECK (seq > 0),
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (run_id, seq),
    UNIQUE (run_id, region_code)
);

-- The parcels of a run, each at a stop, with what became of it ('' while
-- on the van). A parcel is on one run at a time: it may be planned again
-- only after a run brought it back undelivered.
CREATE TABLE van_run_parcels (
    run_id     BIGINT NOT NULL REFERENCES van_runs (id),
    parcel_id  BIGINT NOT NULL,
    seq        INTEGER NOT NULL,
    weight_g   BIGINT NOT NULL CHECK (weight_g >= 0),
    outcome    TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'delivered', 'undelivered', 'returned')),
    note       TEXT NOT NULL DEFAULT '',
    outcome_at BIGINT,
    outcome_by BIGINT REFERENCES users (id),
    PRIMARY KEY (run_id, parcel_id),
    FOREIGN KEY (run_id, seq) REFERENCES van_run_stops (run_id, seq)
);
CREATE UNIQUE INDEX van_run_parcels_live ON van_run_parcels (parcel_id) WHERE outcome <> 'undelivered';
