-- Sign-in limits are one record per key (an account's email, a client's
-- address), updated atomically before a password is checked; the old
-- table of failures was counted before the check and written after it,
-- so concurrent attempts checked many more passwords than the limit.
DROP TABLE login_failures;

CREATE TABLE sign_in_attempts (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at  BIGINT NOT NULL,
    next_at  BIGINT NOT NULL
);
