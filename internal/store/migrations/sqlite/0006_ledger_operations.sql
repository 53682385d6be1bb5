-- The ledger's operations and reads: each member's shares and part of a
-- dividend run, one payout per household, method and reference (a repeated
-- request returns the first), indexes for finding a run's or a payout's
-- entries (partial: sales, which are most entries, pay nothing for them),
-- and the impact rollup by year beside the one by month, so that a year's
-- figures read one row per household, organization and product instead
-- of twelve. Figures seek to a period's months (or year) by the rollups'
-- primary keys, which start with them.

CREATE TABLE dividend_shares (
    run_id       BIGINT NOT NULL REFERENCES dividend_runs (id),
    household_id BIGINT NOT NULL REFERENCES households (id),
    shares       BIGINT NOT NULL CHECK (shares > 0),
    amount       BIGINT NOT NULL,
    PRIMARY KEY (run_id, household_id)
);

CREATE UNIQUE INDEX payouts_reference ON payouts (household_id, method, reference);

CREATE INDEX ledger_entries_run ON ledger_entries (run_id) WHERE run_id <> 0;
CREATE INDEX ledger_entries_payout ON ledger_entries (payout_id) WHERE payout_id <> 0;

CREATE TABLE impact_rollup_year (
    year         TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    org_id       BIGINT NOT NULL,
    product_id   BIGINT NOT NULL,
    village_code TEXT NOT NULL,
    supply_fen   BIGINT NOT NULL DEFAULT 0,
    dividend_fen BIGINT NOT NULL DEFAULT 0,
    units        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (year, household_id, org_id, product_id)
);
CREATE INDEX impact_rollup_year_org ON impact_rollup_year (org_id, year);
INSERT INTO impact_rollup_year (year, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units)
SELECT substr(month, 1, 4), household_id, org_id, product_id, min(village_code), sum(supply_fen), sum(dividend_fen), sum(units)
FROM impact_rollup GROUP BY substr(month, 1, 4), household_id, org_id, product_id;
