-- SAFE to rerun: IF [NOT] EXISTS everywhere, and only idempotent ALTERs.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
CREATE TABLE IF NOT EXISTS promo (id bigint);
ALTER TABLE promo ADD COLUMN IF NOT EXISTS code text;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
