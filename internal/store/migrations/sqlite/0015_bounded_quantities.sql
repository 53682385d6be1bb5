-- Stock is bounded in the domain (catalog.MaxStock, one million units);
-- before that bound a seller could store 2^63-1, which a cancellation
-- returning units then overflowed (on SQLite into a floating-point value
-- that broke every storefront page, on PostgreSQL into an error that
-- stopped the expiry job). Bring any such stock back within the bound and
-- recompute the products' totals from their variants.

UPDATE variants SET stock = 1000000 WHERE stock > 1000000;
UPDATE variants SET stock = CAST(stock AS INTEGER) WHERE typeof(stock) <> 'integer';
UPDATE products SET total_stock = COALESCE((SELECT sum(stock) FROM variants
    WHERE variants.product_id = products.id AND NOT variants.archived), 0)
WHERE total_stock > 1000000 OR total_stock < 0;
