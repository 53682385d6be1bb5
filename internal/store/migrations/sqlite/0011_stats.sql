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
-- A town's or village's sales by channel and category are read from this
-- index alone (it covers what they sum): the facts of the period's months.
CREATE INDEX sales_facts_month ON sales_facts (month, region_code, channel, category, amount);

-- The facts summed by period (each fact counts in its month 'YYYY-MM',
-- quarter 'YYYY-Qn' and year 'YYYY') and seller region: all of them, those
-- of agricultural categories, and those carrying the poverty-alleviation
-- label, as they were at the sale. The store keeps it in the transaction
-- that writes the facts, so that the figures of every region of a
-- province for a period read a row per seller region, however many facts
-- there are.
CREATE TABLE sales_rollup (
    period      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    agri        BIGINT NOT NULL,
    labelled    BIGINT NOT NULL,
    facts       BIGINT NOT NULL,
    PRIMARY KEY (period, region_code)
);

-- The facts summed by month, the county the seller lies in (its own
-- region for a seller above the counties), channel and top-level category
-- ('' when not known), kept with sales_rollup: the sales by channel and
-- the category mix of a county, a prefecture or a province.
CREATE TABLE sales_mix (
    month       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    channel     TEXT NOT NULL,
    category    TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    facts       BIGINT NOT NULL,
    PRIMARY KEY (month, region_code, channel, category)
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
