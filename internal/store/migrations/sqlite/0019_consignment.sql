-- Consignment: produce a registered household leaves at a service station
-- for sale. Each receipt is a batch with a public code (its label's QR
-- code opens /batches/CODE); sales of the batch's variant are allocated to
-- its open batches first in, first out, in the transaction that posts the
-- sale to the ledger, which credits each batch's household its per-unit
-- amount for the units allocated (see docs/design.md, "Consignment").
-- received_on is a YYYY-MM-DD date in China time; sold is the units
-- allocated so far, the sum of its consignment_sales.
CREATE TABLE consignment_batches (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    point_id     BIGINT NOT NULL REFERENCES service_points (id),
    household_id BIGINT NOT NULL REFERENCES households (id),
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    product_id   BIGINT NOT NULL REFERENCES products (id),
    variant_id   BIGINT NOT NULL REFERENCES variants (id),
    units        BIGINT NOT NULL CHECK (units > 0),
    weight_g     BIGINT NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    per_unit     BIGINT NOT NULL CHECK (per_unit > 0),
    received_on  TEXT NOT NULL,
    sold         BIGINT NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= units),
    token        TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX consignment_batches_open ON consignment_batches (variant_id, received_on, id) WHERE sold < units;
CREATE INDEX consignment_batches_point ON consignment_batches (point_id, id);
CREATE INDEX consignment_batches_household ON consignment_batches (household_id);
-- A form's token names one batch: submitting the form twice records it once.
CREATE UNIQUE INDEX consignment_batches_token ON consignment_batches (point_id, token) WHERE token <> '';

-- Which paid order line sold how many units of which batch.
CREATE TABLE consignment_sales (
    batch_id BIGINT NOT NULL REFERENCES consignment_batches (id),
    line_id  BIGINT NOT NULL REFERENCES order_lines (id),
    units    BIGINT NOT NULL CHECK (units > 0),
    PRIMARY KEY (batch_id, line_id)
);
CREATE INDEX consignment_sales_line ON consignment_sales (line_id);
