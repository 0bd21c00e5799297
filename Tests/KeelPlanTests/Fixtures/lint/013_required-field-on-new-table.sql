-- SAFE: the table is created earlier in this file, so it has no rows and no readers.
-- expect: 
SET lock_timeout = '1s';
SET statement_timeout = '10s';
BEGIN;
CREATE TABLE IF NOT EXISTS invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric(12,2));
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS currency text NOT NULL;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_check CHECK (total >= 0);
CREATE INDEX IF NOT EXISTS invoices_currency_idx ON invoices (currency);
COMMIT;
