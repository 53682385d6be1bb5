-- The service network's planning: a service point is open (it serves
-- villagers and takes parcels) or a candidate (a site under study, counted
-- only by the coverage report's choice of where to open next). Rows
-- imported before this migration are open.
ALTER TABLE service_points ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'candidate'));

-- The coverage report reads a region's counties, towns or villages by
-- level and code range.
CREATE INDEX regions_level_code ON regions (level, code);
