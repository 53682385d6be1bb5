-- Search ranks a bounded first pass of its matches, products whose names
-- match first (store.Search), so the tokens of the names are indexed apart
-- from the rest. The store writes them (catalog.SearchTokens of the three
-- names) with the product's id as rowid, for the products already stored
-- as it applies this migration.
CREATE VIRTUAL TABLE product_names USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');
