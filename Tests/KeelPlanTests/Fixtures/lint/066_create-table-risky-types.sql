-- UNSAFE types: 32- and 16-bit integers, serial, varchar(n), timestamp, char(n).
-- expect: prefer-bigint-over-int, prefer-bigint-over-smallint, prefer-identity, prefer-text-field, prefer-timestamp-tz, ban-char-field
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE TABLE IF NOT EXISTS coupons (
    id serial PRIMARY KEY,
    uses smallint,
    code varchar(20),
    valid_until timestamp,
    country char(2),
    account_id integer REFERENCES accounts (id)
);
COMMIT;
