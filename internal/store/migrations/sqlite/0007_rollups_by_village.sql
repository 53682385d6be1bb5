-- The impact rollups are kept per village too: a household that moves (a
-- relocation) earns under its old village until it moves and under its
-- new one after, in the monthly and in the yearly rollup alike, so a
-- village's year is the sum of its months. SQLite cannot change a primary
-- key, so both tables are rebuilt.

CREATE TABLE impact_rollup_new (
    month        TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    org_id       BIGINT NOT NULL,
    product_id   BIGINT NOT NULL,
    village_code TEXT NOT NULL,
    supply_fen   BIGINT NOT NULL DEFAULT 0,
    dividend_fen BIGINT NOT NULL DEFAULT 0,
    units        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, household_id, org_id, product_id, village_code)
);
INSERT INTO impact_rollup_new SELECT month, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units FROM impact_rollup;
DROP TABLE impact_rollup;
ALTER TABLE impact_rollup_new RENAME TO impact_rollup;
CREATE INDEX impact_rollup_village ON impact_rollup (village_code, month);
CREATE INDEX impact_rollup_org ON impact_rollup (org_id, month);

CREATE TABLE impact_rollup_year_new (
    year         TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    org_id       BIGINT NOT NULL,
    product_id   BIGINT NOT NULL,
    village_code TEXT NOT NULL,
    supply_fen   BIGINT NOT NULL DEFAULT 0,
    dividend_fen BIGINT NOT NULL DEFAULT 0,
    units        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (year, household_id, org_id, product_id, village_code)
);
INSERT INTO impact_rollup_year_new SELECT year, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units FROM impact_rollup_year;
DROP TABLE impact_rollup_year;
ALTER TABLE impact_rollup_year_new RENAME TO impact_rollup_year;
CREATE INDEX impact_rollup_year_org ON impact_rollup_year (org_id, year);
