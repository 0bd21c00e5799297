-- INFO: a unique index over existing rows fails if duplicates exist.
-- expect: unique-on-existing-data
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_note_key ON orders (note);
