-- A person heads at most one registered household: the register's
-- identity card numbers are unique (impact.Service checks it first, with
-- a message; this holds it against concurrent registrations).
CREATE UNIQUE INDEX households_id_number ON households (id_number);
