-- Search ranks a bounded first pass of its matches, products whose names
-- match first (store.Search), so the tokens of the names are indexed apart
-- from the rest. The store writes them (catalog.SearchTokens of the three
-- names), for the products already stored as it applies this migration.
ALTER TABLE products ADD COLUMN search_name tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX products_search_name ON products USING gin (search_name);
