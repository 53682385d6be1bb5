-- Buying: carts, promotions, checkout groups and orders with their
-- status history, tourism bookings, payments and their notifications,
-- refunds, and idempotency keys for the API.

ALTER TABLE organizations ADD COLUMN shipping_fee BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN free_shipping_over BIGINT NOT NULL DEFAULT 0;

CREATE TABLE cart_items (
    owner        TEXT NOT NULL,
    variant_id   BIGINT NOT NULL REFERENCES variants (id),
    booking_date TEXT NOT NULL DEFAULT '',
    qty          INTEGER NOT NULL CHECK (qty > 0),
    added_at     BIGINT NOT NULL,
    PRIMARY KEY (owner, variant_id, booking_date)
);

CREATE TABLE flash_sales (
    id         INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL REFERENCES variants (id),
    price      BIGINT NOT NULL CHECK (price > 0),
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    cap        INTEGER NOT NULL CHECK (cap > 0),
    sold       INTEGER NOT NULL DEFAULT 0,
    per_buyer  INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    CHECK (sold >= 0 AND sold <= cap)
);
CREATE INDEX flash_sales_variant ON flash_sales (variant_id, ends_at);
CREATE INDEX flash_sales_ends ON flash_sales (ends_at);

CREATE TABLE flash_sale_buyers (
    sale_id  BIGINT NOT NULL REFERENCES flash_sales (id),
    buyer_id BIGINT NOT NULL REFERENCES users (id),
    qty      INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (sale_id, buyer_id)
);

CREATE TABLE special_prices (
    id          INTEGER PRIMARY KEY,
    variant_id  BIGINT NOT NULL REFERENCES variants (id),
    percent_off BIGINT NOT NULL DEFAULT 0,
    fixed_price BIGINT NOT NULL DEFAULT 0,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL
);
CREATE INDEX special_prices_variant ON special_prices (variant_id, ends_at);

CREATE TABLE coupons (
    code        TEXT PRIMARY KEY,
    org_id      BIGINT REFERENCES organizations (id),
    amount_off  BIGINT NOT NULL DEFAULT 0,
    percent_off BIGINT NOT NULL DEFAULT 0,
    min_spend   BIGINT NOT NULL DEFAULT 0,
    total_limit INTEGER NOT NULL DEFAULT 0,
    used        INTEGER NOT NULL DEFAULT 0,
    per_buyer   INTEGER NOT NULL DEFAULT 0,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL
);

CREATE TABLE coupon_buyers (
    code     TEXT NOT NULL REFERENCES coupons (code),
    buyer_id BIGINT NOT NULL REFERENCES users (id),
    uses     INTEGER NOT NULL CHECK (uses >= 0),
    PRIMARY KEY (code, buyer_id)
);

CREATE TABLE checkout_groups (
    id         INTEGER PRIMARY KEY,
    buyer_id   BIGINT NOT NULL REFERENCES users (id),
    total      BIGINT NOT NULL,
    coupon     TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL DEFAULT 'ko',
    created_at BIGINT NOT NULL
);
CREATE INDEX checkout_groups_buyer ON checkout_groups (buyer_id, created_at);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    group_id       BIGINT NOT NULL REFERENCES checkout_groups (id),
    buyer_id       BIGINT NOT NULL REFERENCES users (id),
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    status         TEXT NOT NULL,
    refund_state   TEXT NOT NULL DEFAULT '',
    delivery       TEXT NOT NULL,
    point_id       BIGINT REFERENCES service_points (id),
    ship_name      TEXT NOT NULL,
    ship_phone     TEXT NOT NULL,
    ship_region    TEXT NOT NULL REFERENCES regions (code),
    ship_detail    TEXT NOT NULL,
    subtotal       BIGINT NOT NULL,
    discount       BIGINT NOT NULL,
    shipping       BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    refunded       BIGINT NOT NULL DEFAULT 0,
    coupon         TEXT NOT NULL DEFAULT '',
    carrier        TEXT NOT NULL DEFAULT '',
    tracking       TEXT NOT NULL DEFAULT '',
    expires_at     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (refunded >= 0 AND refunded <= total)
);
CREATE INDEX orders_group ON orders (group_id);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at);
CREATE INDEX orders_org ON orders (org_id, status, created_at);
CREATE INDEX orders_pending ON orders (status, expires_at);

CREATE TABLE order_lines (
    id             INTEGER PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES orders (id),
    variant_id     BIGINT NOT NULL REFERENCES variants (id),
    product_id     BIGINT NOT NULL REFERENCES products (id),
    product_code   TEXT NOT NULL,
    sku            TEXT NOT NULL,
    name_ko        TEXT NOT NULL DEFAULT '',
    name_zh        TEXT NOT NULL DEFAULT '',
    name_en        TEXT NOT NULL DEFAULT '',
    variant_ko     TEXT NOT NULL DEFAULT '',
    variant_zh     TEXT NOT NULL DEFAULT '',
    variant_en     TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    qty            INTEGER NOT NULL CHECK (qty > 0),
    list_price     BIGINT NOT NULL,
    unit_price     BIGINT NOT NULL,
    price_source   TEXT NOT NULL,
    flash_sale_id  BIGINT REFERENCES flash_sales (id),
    discount       BIGINT NOT NULL DEFAULT 0,
    booking_date   TEXT NOT NULL DEFAULT '',
    refunded_qty   INTEGER NOT NULL DEFAULT 0,
    restocked_qty  INTEGER NOT NULL DEFAULT 0,
    refunded       BIGINT NOT NULL DEFAULT 0,
    CHECK (refunded_qty >= 0 AND refunded_qty <= qty)
);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE INDEX order_lines_flash ON order_lines (flash_sale_id);

CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_id    BIGINT REFERENCES users (id),
    note        TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, at);

CREATE TABLE bookings (
    variant_id   BIGINT NOT NULL REFERENCES variants (id),
    booking_date TEXT NOT NULL,
    booked       INTEGER NOT NULL CHECK (booked >= 0),
    PRIMARY KEY (variant_id, booking_date)
);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    group_id   BIGINT NOT NULL UNIQUE REFERENCES checkout_groups (id),
    method     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    status     TEXT NOT NULL,
    ref        TEXT NOT NULL UNIQUE,
    point_id   BIGINT REFERENCES service_points (id),
    trade_no   TEXT NOT NULL DEFAULT '',
    paid_at    BIGINT NOT NULL DEFAULT 0,
    confirmed_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX payments_point ON payments (point_id, status);

CREATE TABLE payment_notices (
    nonce       TEXT PRIMARY KEY,
    payment_ref TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY,
    order_id   BIGINT NOT NULL REFERENCES orders (id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    restock    BOOLEAN NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    -- pending until the payment provider confirms the refund, then paid.
    status     TEXT NOT NULL DEFAULT 'pending',
    provider_ref TEXT NOT NULL DEFAULT '',
    actor_id   BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);

CREATE TABLE refund_lines (
    refund_id BIGINT NOT NULL REFERENCES refunds (id),
    line_id   BIGINT NOT NULL REFERENCES order_lines (id),
    qty       INTEGER NOT NULL CHECK (qty > 0),
    amount    BIGINT NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (refund_id, line_id)
);

CREATE TABLE idempotency_keys (
    actor        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (actor, key)
);
