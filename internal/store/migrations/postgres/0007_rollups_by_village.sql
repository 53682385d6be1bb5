-- The impact rollups are kept per village too: a household that moves (a
-- relocation) earns under its old village until it moves and under its
-- new one after, in the monthly and in the yearly rollup alike, so a
-- village's year is the sum of its months.

ALTER TABLE impact_rollup DROP CONSTRAINT impact_rollup_pkey;
ALTER TABLE impact_rollup ADD PRIMARY KEY (month, household_id, org_id, product_id, village_code);
ALTER TABLE impact_rollup_year DROP CONSTRAINT impact_rollup_year_pkey;
ALTER TABLE impact_rollup_year ADD PRIMARY KEY (year, household_id, org_id, product_id, village_code);
