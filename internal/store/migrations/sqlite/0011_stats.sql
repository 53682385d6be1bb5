-- The statistics: sales facts from every channel and their rollup, the
-- figures bureaus report for regions the platform holds no facts for, and
-- the register of products listed on outside platforms. Instants are
-- BIGINT microseconds since the Unix epoch (UTC); months are 'YYYY-MM' in
-- China time.

-- Agricultural products (农产品) are every category but handicrafts and
-- rural tourism; the agricultural online sales count these.
ALTER TABLE categories ADD COLUMN agricultural BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE categories SET agricultural = TRUE WHERE code <> 'handicrafts' AND code NOT LIKE 'tourism%';

-- A figure reported for a region and period (a year 'YYYY', a quarter
-- 'YYYY-Qn' or a month 'YYYY-MM'): money metrics in fen, counts as they
-- are. region_code need not be a stored region (the province's other
-- prefectures, the province itself). Re-importing replaces.
CREATE TABLE reported_figures (
    region_code TEXT NOT NULL CHECK (length(region_code) = 12),
    period      TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value       BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (region_code, period, metric)
);

-- One sale (amount > 0) or refund (amount < 0) on a channel: a platform
-- order line paid or refunded, or a line of an imported sales file.
-- order_ref is unique per channel, so that re-importing replaces. The
-- seller's region, the category and the poverty-alleviation label are as
-- they were at the sale; month is when it occurred, in China.
CREATE TABLE sales_facts (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL CHECK (channel IN ('platform', 'jd', 'taobao', 'tmall', 'pinduoduo', 'suning', 'wechat', 'douyin', 'other')),
    order_ref   TEXT NOT NULL,
    org_id      BIGINT REFERENCES organizations (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    category    TEXT NOT NULL DEFAULT '',
    poverty     BOOLEAN NOT NULL DEFAULT FALSE,
    amount      BIGINT NOT NULL,
    occurred_at BIGINT NOT NULL,
    month       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (channel, order_ref)
);

-- The facts summed by period (each fact counts in its month 'YYYY-MM',
-- quarter 'YYYY-Qn' and year 'YYYY'), seller region, channel, category
-- and label, kept by the store in the transaction that writes the facts,
-- so that a region's figures for a period read a few rows however many
-- facts there are.
CREATE TABLE sales_rollup (
    period      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    channel     TEXT NOT NULL,
    category    TEXT NOT NULL,
    poverty     BOOLEAN NOT NULL,
    amount      BIGINT NOT NULL,
    facts       BIGINT NOT NULL,
    PRIMARY KEY (period, region_code, channel, category, poverty)
);

-- A product of the platform also sold on an outside platform, with the
-- link to its page there.
CREATE TABLE channel_listings (
    id         INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    channel    TEXT NOT NULL CHECK (channel IN ('jd', 'taobao', 'tmall', 'pinduoduo', 'suning', 'wechat', 'douyin', 'other')),
    url        TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (product_id, channel)
);
