-- UNSAFE: nothing bounds how long the ALTER waits for its lock, and every query on orders queues behind it.
-- expect: require-lock-timeout, require-statement-timeout
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
COMMIT;
