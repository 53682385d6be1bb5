-- The impact ledger: registered poor households, benefit links, the
-- append-only double-entry ledger with its hash chain, running balances,
-- dividend runs, payouts and the monthly rollup the impact pages read.

CREATE TABLE households (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    village_code TEXT NOT NULL REFERENCES regions (code),
    members      INTEGER NOT NULL CHECK (members > 0),
    head_name    TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    bank_account TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('poor', 'lifted')),
    lifted_year  INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX households_village ON households (village_code);

CREATE TABLE benefit_links (
    id           INTEGER PRIMARY KEY,
    household_id BIGINT REFERENCES households (id),
    org_id       BIGINT NOT NULL REFERENCES organizations (id),
    kind         TEXT NOT NULL CHECK (kind IN ('supplier', 'member', 'pool')),
    product_id   BIGINT REFERENCES products (id),
    variant_id   BIGINT REFERENCES variants (id),
    percent_bp   BIGINT NOT NULL DEFAULT 0,
    per_unit     BIGINT NOT NULL DEFAULT 0,
    shares       BIGINT NOT NULL DEFAULT 0,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX benefit_links_org ON benefit_links (org_id, kind);
CREATE INDEX benefit_links_household ON benefit_links (household_id);
CREATE INDEX benefit_links_product ON benefit_links (product_id);

-- Append-only: entries are never updated or deleted (triggers below).
CREATE TABLE ledger_entries (
    seq          BIGINT PRIMARY KEY,
    tx_id        BIGINT NOT NULL,
    account      TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    org_id       BIGINT NOT NULL DEFAULT 0,
    household_id BIGINT NOT NULL DEFAULT 0,
    link_id      BIGINT NOT NULL DEFAULT 0,
    line_id      BIGINT NOT NULL DEFAULT 0,
    refund_id    BIGINT NOT NULL DEFAULT 0,
    run_id       BIGINT NOT NULL DEFAULT 0,
    payout_id    BIGINT NOT NULL DEFAULT 0,
    at           BIGINT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account, seq);
CREATE INDEX ledger_entries_line ON ledger_entries (line_id);
CREATE INDEX ledger_entries_tx ON ledger_entries (tx_id);
CREATE INDEX ledger_entries_household ON ledger_entries (household_id, at);
CREATE INDEX ledger_entries_at ON ledger_entries (at);

-- The head of the hash chain; its row lock orders concurrent appends.
CREATE TABLE ledger_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_tx   BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, last_seq, last_tx, last_hash) VALUES (1, 0, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Running balances, kept in the transaction that posts; verify checks them.
CREATE TABLE ledger_balances (
    account TEXT PRIMARY KEY,
    balance BIGINT NOT NULL
);

CREATE TABLE dividend_runs (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organizations (id),
    period      TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    executed_by BIGINT REFERENCES users (id),
    executed_at BIGINT NOT NULL,
    UNIQUE (org_id, period)
);

CREATE TABLE payouts (
    id           INTEGER PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households (id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    method       TEXT NOT NULL CHECK (method IN ('bank', 'cash')),
    reference    TEXT NOT NULL,
    operator_id  BIGINT REFERENCES users (id),
    point_id     BIGINT REFERENCES service_points (id),
    paid_at      BIGINT NOT NULL
);
CREATE INDEX payouts_household ON payouts (household_id, paid_at);

-- What each household earned per month from each organization and product
-- (product 0: dividends), kept with the postings, so that impact pages and
-- reports read sums of a few rows instead of the whole ledger.
CREATE TABLE impact_rollup (
    month        TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    org_id       BIGINT NOT NULL,
    product_id   BIGINT NOT NULL,
    village_code TEXT NOT NULL,
    supply_fen   BIGINT NOT NULL DEFAULT 0,
    dividend_fen BIGINT NOT NULL DEFAULT 0,
    units        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, household_id, org_id, product_id)
);
CREATE INDEX impact_rollup_village ON impact_rollup (village_code, month);
CREATE INDEX impact_rollup_org ON impact_rollup (org_id, month);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversing entry instead');
END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversing entry instead');
END;
