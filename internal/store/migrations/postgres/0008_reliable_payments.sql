-- Reliable payments and retries.
--
-- A payment knows until when it may be paid (the wallet's pay page
-- refuses it afterwards); existing payments take their checkout's
-- deadline. A genuine paid notice that arrives after the checkout closed
-- is recorded (status paid_late) and refunded, never forgotten.
ALTER TABLE payments ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE payments SET expires_at = COALESCE((SELECT min(o.expires_at) FROM orders o WHERE o.group_id = payments.group_id), 0);

-- A checkout placed under an API idempotency key keeps it, so that a
-- retry of a request whose answer was lost (a crash, a timeout) finds
-- the checkout it committed instead of placing another; the unique index
-- also stops two runs of one key from both placing.
ALTER TABLE checkout_groups ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX checkout_groups_request_key ON checkout_groups (buyer_id, request_key) WHERE request_key <> '';

-- An idempotency key's reservation is a lease: a request that did not
-- finish (the server crashed, the database went away) holds its key only
-- until lease_until, after which a retry may run.
ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
