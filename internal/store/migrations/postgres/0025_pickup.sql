-- Pick-up codes tried at a parcel waiting at its pick-up station
-- (parcels.Service.HandOver): each try is counted before the code is
-- compared, in one statement, so concurrent tries never pass the limit;
-- the hand-over clears the count, and so does an admin's unlock.
CREATE TABLE parcel_code_tries (
    parcel_id BIGINT PRIMARY KEY REFERENCES parcels (id),
    tries     INTEGER NOT NULL,
    last_at   BIGINT NOT NULL
);
