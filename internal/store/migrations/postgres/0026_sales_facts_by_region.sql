-- A town's or village's sales by channel and category are read from the
-- facts of its own region code and the period's months. The index of
-- 0011 led with the month, so a village's quarter walked every fact of
-- the quarter (some 830,000 of 10 million) to keep its 10,000; leading
-- with the region code reads only the village's (PostgreSQL, 10 million
-- facts: 265 ms to 67 ms p50, docs/benchmarks.md "Sales statistics").
-- It still covers what the figures sum, so they read the index alone.
DROP INDEX sales_facts_month;
CREATE INDEX sales_facts_region_month ON sales_facts (region_code, month, channel, category, amount);
