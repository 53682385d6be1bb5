-- The programme registers: demonstration titles, enterprise–village
-- pairings, and matchmaking sales events with their participants and the
-- deals signed there. Dates are YYYY-MM-DD text in China time ('' for
-- none); instants are BIGINT microseconds since the Unix epoch (UTC).

-- A demonstration title held by a region (county, town, village), an
-- organization (enterprise, cooperative, base, park) or a service point
-- (station). subject_code is the region, organization or service point
-- code the title names; exactly one of region_code, org_id and point_id
-- is set, and the counts join through it to where the subject lies.
CREATE TABLE designations (
    id            INTEGER PRIMARY KEY,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('county', 'town', 'village', 'enterprise', 'cooperative', 'base', 'park', 'station')),
    subject_code  TEXT NOT NULL,
    region_code   TEXT REFERENCES regions (code),
    org_id        BIGINT REFERENCES organizations (id),
    point_id      BIGINT REFERENCES service_points (id),
    level         TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'prefecture')),
    title         TEXT NOT NULL,
    year          INTEGER NOT NULL,
    revoked_on    TEXT NOT NULL DEFAULT '',
    revoke_reason TEXT NOT NULL DEFAULT '',
    created_by    BIGINT REFERENCES users (id),
    revoked_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CHECK ((region_code IS NOT NULL) + (org_id IS NOT NULL) + (point_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX designations_identity ON designations (subject_kind, subject_code, level, title, year);
CREATE INDEX designations_region ON designations (region_code);
CREATE INDEX designations_org ON designations (org_id);
CREATE INDEX designations_point ON designations (point_id);

-- An enterprise helping a village sell, from its first day to its last
-- (until '' while it lasts). from_at and to_at are the instants those days
-- begin and end in China (to_at the largest BIGINT while it lasts), so that
-- sales are matched to pairings without converting time zones in SQL.
CREATE TABLE pairings (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    village_code TEXT NOT NULL REFERENCES regions (code),
    since        TEXT NOT NULL,
    until        TEXT NOT NULL DEFAULT '',
    from_at      BIGINT NOT NULL,
    to_at        BIGINT NOT NULL,
    created_by   BIGINT REFERENCES users (id),
    ended_by     BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (org_id, village_code, since)
);
CREATE INDEX pairings_village ON pairings (village_code);

-- A matchmaking sales event, hosted in a region (a county or the
-- prefecture), from starts_at to ends_at; its days in China run from
-- day_from to day_to (the instants its first day begins and the day after
-- its last begins), the window its platform sales are counted in.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name_ko     TEXT NOT NULL DEFAULT '',
    name_zh     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    place_ko    TEXT NOT NULL DEFAULT '',
    place_zh    TEXT NOT NULL DEFAULT '',
    place_en    TEXT NOT NULL DEFAULT '',
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    day_from    BIGINT NOT NULL,
    day_to      BIGINT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CHECK (ends_at > starts_at AND day_to > day_from)
);
CREATE INDEX events_region ON events (region_code, starts_at);
CREATE INDEX events_starts ON events (starts_at);

-- Who takes part in an event, and as what: an organization, a village or
-- a service point (exactly one is set), as seller, buyer or organizer.
CREATE TABLE event_participants (
    id           INTEGER PRIMARY KEY,
    event_id     BIGINT NOT NULL REFERENCES events (id),
    kind         TEXT NOT NULL CHECK (kind IN ('organization', 'village', 'service_point')),
    subject_code TEXT NOT NULL,
    org_id       BIGINT REFERENCES organizations (id),
    region_code  TEXT REFERENCES regions (code),
    point_id     BIGINT REFERENCES service_points (id),
    role         TEXT NOT NULL CHECK (role IN ('seller', 'buyer', 'organizer')),
    created_at   BIGINT NOT NULL,
    UNIQUE (event_id, kind, subject_code, role),
    CHECK ((region_code IS NOT NULL) + (org_id IS NOT NULL) + (point_id IS NOT NULL) = 1)
);
CREATE INDEX event_participants_org ON event_participants (org_id);

-- A deal signed at an event: a seller taking part sells goods for an
-- amount to a buyer taking part, or to one named (a buyer from outside the
-- platform). ref, when given, is the contract's number.
CREATE TABLE event_deals (
    id          INTEGER PRIMARY KEY,
    event_id    BIGINT NOT NULL REFERENCES events (id),
    seller_id   BIGINT NOT NULL REFERENCES event_participants (id),
    buyer_id    BIGINT REFERENCES event_participants (id),
    buyer_name  TEXT NOT NULL DEFAULT '',
    amount      BIGINT NOT NULL CHECK (amount > 0),
    goods       TEXT NOT NULL,
    ref         TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users (id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX event_deals_event ON event_deals (event_id);
-- A deal's reference (its contract number) names it once per event.
CREATE UNIQUE INDEX event_deals_ref ON event_deals (event_id, ref) WHERE ref <> '';

-- An event's report sums the platform sales paid within its days.
CREATE INDEX IF NOT EXISTS payments_paid_at ON payments (paid_at);
