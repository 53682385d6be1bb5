-- After-sales: a buyer's refund or return request about a packed,
-- shipped, delivered or recently completed order, with the units per line
-- and photos; the seller accepts it (refund_id is the refund it paid) or
-- refuses it with an answer. An open request past due_at has escalated to
-- the admins of the store's region. An order has at most one open request.

CREATE TABLE aftersales_requests (
    id         INTEGER PRIMARY KEY,
    order_id   BIGINT NOT NULL REFERENCES orders (id),
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    buyer_id   BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open',
    answer     TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users (id),
    by_admin   BOOLEAN NOT NULL DEFAULT FALSE,
    restock    BOOLEAN NOT NULL DEFAULT FALSE,
    refund_id  BIGINT REFERENCES refunds (id),
    due_at     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT NOT NULL DEFAULT 0,
    CHECK (status IN ('open', 'accepted', 'refused'))
);
CREATE INDEX aftersales_requests_order ON aftersales_requests (order_id);
CREATE INDEX aftersales_requests_org ON aftersales_requests (org_id, status, created_at);
CREATE INDEX aftersales_requests_due ON aftersales_requests (status, due_at);
CREATE UNIQUE INDEX aftersales_requests_one_open ON aftersales_requests (order_id) WHERE status = 'open';

CREATE TABLE aftersales_lines (
    request_id BIGINT NOT NULL REFERENCES aftersales_requests (id),
    line_id    BIGINT NOT NULL REFERENCES order_lines (id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (request_id, line_id)
);

CREATE TABLE aftersales_photos (
    request_id BIGINT NOT NULL REFERENCES aftersales_requests (id),
    photo_key  TEXT NOT NULL REFERENCES photos (key),
    position   INTEGER NOT NULL,
    PRIMARY KEY (request_id, photo_key)
);
